package dev.courier.internal.balance;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Limits hedges to a percentage of a service's hedgeable calls over a sliding window of
 * {@value #BUCKETS} one-second buckets, as Finagle's and tower's retry budgets do: each call
 * deposits, each hedge withdraws, and a hedge is allowed only while the hedges in the window, this
 * one included, stay within the percentage of the calls in the window. With no calls there are no
 * hedges, and when every call is slow (an outage) the extra load stays at the percentage.
 *
 * <p>A deposit is one compare-and-set on its bucket, with no lock: every hedgeable call makes
 * one. A withdrawal, which only a call that waited past the hedging delay asks for, takes this
 * object's lock so that two of them cannot both take the last allowance.
 *
 * <p>Each bucket packs its second (the low 40 bits of the second's number) with its count (24
 * bits, saturating), so a bucket left over from an earlier lap of the ring is recognized and
 * started afresh.
 */
final class HedgeBudget {
  static final int BUCKETS = 10;
  static final long BUCKET_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final int COUNT_BITS = 24;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
  private static final long SECOND_MASK = (1L << (64 - COUNT_BITS)) - 1;

  private final int percent;
  private final AtomicLongArray calls = new AtomicLongArray(BUCKETS);
  private final AtomicLongArray hedges = new AtomicLongArray(BUCKETS); // Changed under the lock.

  HedgeBudget(int percent) {
    this.percent = percent;
  }

  /** Counts a hedgeable call made at {@code now}. */
  void deposit(long now) {
    increment(calls, Math.floorDiv(now, BUCKET_NANOS));
  }

  /** Takes one hedge from the budget at {@code now}; returns false if it is spent. */
  synchronized boolean tryWithdraw(long now) {
    long second = Math.floorDiv(now, BUCKET_NANOS);
    long callsInWindow = sum(calls, second);
    long hedgesInWindow = sum(hedges, second);
    if ((hedgesInWindow + 1) * 100 > callsInWindow * percent) return false;
    increment(hedges, second);
    return true;
  }

  private static void increment(AtomicLongArray buckets, long second) {
    int index = (int) Math.floorMod(second, (long) BUCKETS);
    long stamp = second & SECOND_MASK;
    while (true) {
      long current = buckets.get(index);
      long currentStamp = current >>> COUNT_BITS;
      long next;
      if (currentStamp == stamp) {
        if ((current & COUNT_MASK) == COUNT_MASK) return; // Saturated.
        next = current + 1;
      } else if ((current & COUNT_MASK) != 0 && age(second, currentStamp) < 0) {
        return; // A later second already took this bucket: this count is too old to matter.
      } else {
        next = (stamp << COUNT_BITS) | 1;
      }
      if (buckets.compareAndSet(index, current, next)) return;
    }
  }

  /** Returns the counts of the buckets whose seconds are in the window ending at {@code second}. */
  private static long sum(AtomicLongArray buckets, long second) {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      long bucket = buckets.get(i);
      long age = age(second, bucket >>> COUNT_BITS);
      if (age >= 0 && age < BUCKETS) total += bucket & COUNT_MASK;
    }
    return total;
  }

  /** Returns how many seconds {@code stamp} is before {@code second}, modulo the stamp's width. */
  private static long age(long second, long stamp) {
    long difference = ((second & SECOND_MASK) - stamp) & SECOND_MASK;
    // Sign-extend the 40-bit difference.
    return (difference << COUNT_BITS) >> COUNT_BITS;
  }
}
