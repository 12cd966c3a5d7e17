package dev.courier.internal.balance;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A service's recent response times, to tell the hedging delay at a percentile: a bounded,
 * log-linear histogram (8 buckets per power of two of microseconds, so a bucket is at most 12.5%
 * wide, up to 2^37 µs, about 38 hours), kept for the current and the previous
 * {@value #PERIOD_SECONDS}-second period. A percentile therefore covers the last 10 to 20
 * seconds, and is reported as the upper edge of its bucket: at most 12.5% late, never early.
 *
 * <p>Chosen over a P² estimator or a reservoir because recording is one atomic increment with no
 * lock and no allocation, memory is fixed (2 × {@value #BUCKETS} counters), old samples expire
 * by whole periods, and any percentile can be read. A sample recorded while another thread rolls
 * the periods over may be lost; a percentile does not miss it.
 */
final class LatencyHistogram {
  static final int PERIOD_SECONDS = 10;
  static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(PERIOD_SECONDS);
  /** The fewest samples a percentile is read from; fewer tell too little about the tail. */
  static final int MIN_SAMPLES = 50;

  private static final int SUB_BUCKET_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  private static final int MAX_MAGNITUDE = 37; // 2^37 µs, about 38 hours.
  static final int BUCKETS = SUB_BUCKETS + (MAX_MAGNITUDE - SUB_BUCKET_BITS + 1) * SUB_BUCKETS;
  private static final long MAX_MICROS = (1L << (MAX_MAGNITUDE + 1)) - 1;

  /** Counts per bucket for the periods with even and odd numbers. */
  private final AtomicLongArray[] periods = {
      new AtomicLongArray(BUCKETS), new AtomicLongArray(BUCKETS)};
  private volatile long currentPeriod;

  LatencyHistogram(long now) {
    this.currentPeriod = Math.floorDiv(now, PERIOD_NANOS);
  }

  /** Records a response time of {@code latencyNanos} measured at {@code now}. */
  void record(long latencyNanos, long now) {
    long period = roll(now);
    long micros = Math.min(Math.max(latencyNanos, 0L) / 1_000L, MAX_MICROS);
    if (period < currentPeriod - 1) return; // Measured before the previous period: expired.
    periods[(int) (period & 1)].incrementAndGet(bucket(micros));
  }

  /**
   * Returns the response time at {@code percentile} (0 to 100) over the last 10 to 20 seconds,
   * in nanoseconds, or -1 if fewer than {@value #MIN_SAMPLES} responses are known.
   */
  long percentileNanos(double percentile, long now) {
    long period = roll(now);
    AtomicLongArray current = periods[(int) (period & 1)];
    AtomicLongArray previous = periods[(int) ((period + 1) & 1)];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) total += current.get(i) + previous.get(i);
    if (total < MIN_SAMPLES) return -1;
    long rank = (long) Math.ceil(total * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += current.get(i) + previous.get(i);
      if (seen >= Math.max(rank, 1)) return TimeUnit.MICROSECONDS.toNanos(upperBoundMicros(i));
    }
    return TimeUnit.MICROSECONDS.toNanos(upperBoundMicros(BUCKETS - 1));
  }

  /** Starts a new period if {@code now} is past the current one; returns {@code now}'s period. */
  private long roll(long now) {
    long period = Math.floorDiv(now, PERIOD_NANOS);
    if (period > currentPeriod) {
      synchronized (this) {
        long current = currentPeriod;
        if (period > current) {
          // The period before the new one keeps its counts only if it is the current one.
          if (period == current + 1) {
            clear(periods[(int) (period & 1)]);
          } else {
            clear(periods[0]);
            clear(periods[1]);
          }
          currentPeriod = period;
        }
      }
    }
    return period;
  }

  private static void clear(AtomicLongArray counts) {
    for (int i = 0; i < BUCKETS; i++) counts.set(i, 0);
  }

  /** Returns the bucket of {@code micros}: exact below 8, then 8 per power of two. */
  static int bucket(long micros) {
    if (micros < SUB_BUCKETS) return (int) micros;
    int magnitude = 63 - Long.numberOfLeadingZeros(micros); // At least SUB_BUCKET_BITS.
    int shift = magnitude - SUB_BUCKET_BITS;
    int subBucket = (int) (micros >>> shift) - SUB_BUCKETS;
    return SUB_BUCKETS + shift * SUB_BUCKETS + subBucket;
  }

  /** Returns the smallest value, in microseconds, above every value of {@code bucket}. */
  static long upperBoundMicros(int bucket) {
    if (bucket < SUB_BUCKETS) return bucket + 1;
    int shift = (bucket - SUB_BUCKETS) / SUB_BUCKETS;
    int subBucket = (bucket - SUB_BUCKETS) % SUB_BUCKETS;
    return (long) (SUB_BUCKETS + subBucket + 1) << shift;
  }
}
