package dev.courier.internal.balance;

import java.util.concurrent.atomic.AtomicInteger;

import dev.courier.HttpUrl;

/**
 * One instance of a service and everything known about it: attempts in flight, recent latency,
 * consecutive failures by kind, ejection, and slow start. An instance keeps its state for as long
 * as its URL stays in the service's list; an update that drops the URL drops the instance, and a
 * later update that adds it back starts afresh.
 *
 * <p>Counters are atomics, updated by the threads reporting outcomes. The ejection fields change
 * only under the owning {@link RealServiceInstances}' lock and are read without it.
 */
final class Instance {
  /** The smallest share a warming instance takes, as Envoy's slow start default (10%). */
  static final double MIN_WARM_UP_WEIGHT = 0.1;

  final HttpUrl url;
  final long joinedNanos;
  /** When slow start ends; equal to {@link #joinedNanos} for an instance that never warms up. */
  final long warmUntilNanos;
  final AtomicInteger inFlight = new AtomicInteger();
  final PeakEwma latency;
  final AtomicInteger consecutive5xx = new AtomicInteger();
  final AtomicInteger consecutiveGatewayFailures = new AtomicInteger();
  final AtomicInteger consecutiveLocalOriginFailures = new AtomicInteger();

  // Written under the service's lock; read anywhere.
  volatile boolean ejected;
  volatile long ejectedUntilNanos;
  /** Ejections since the instance joined; an attempt picked before the last one is stale. */
  volatile int ejections;
  /** True from a return from ejection until the first successful response. */
  volatile boolean probation;
  volatile boolean removed;

  // Guarded by the service's lock.
  /** How many base ejection times the next ejection lasts, less one; Envoy's backoff. */
  int ejectionMultiplier;
  boolean returnedOnce;
  long lastReturnNanos;

  Instance(HttpUrl url, long joinedNanos, long warmUpNanos, long latencyTauNanos) {
    this.url = url;
    this.joinedNanos = joinedNanos;
    this.warmUntilNanos = joinedNanos + warmUpNanos;
    this.latency = new PeakEwma(latencyTauNanos);
  }

  /** Returns true if the instance is in slow start at {@code now}. */
  boolean isWarming(long now) {
    return now - warmUntilNanos < 0;
  }

  /**
   * Returns the share of traffic the instance takes at {@code now}, from {@value
   * #MIN_WARM_UP_WEIGHT} when it joins up to 1 when slow start ends, growing linearly: Envoy's
   * slow start with aggression 1.0.
   */
  double weight(long now) {
    if (!isWarming(now)) return 1.0;
    double progress = (double) (now - joinedNanos) / (warmUntilNanos - joinedNanos);
    return Math.max(MIN_WARM_UP_WEIGHT, progress);
  }

  /** Returns the least-request cost of sending one more attempt here at {@code now}. */
  double cost(long now) {
    // With no latency known yet, the cost is the load alone.
    return (inFlight.get() + 1) * Math.max(latency.get(now), 1.0);
  }

  /** Forgets the consecutive failures of every kind. */
  void resetConsecutiveFailures() {
    resetIfSet(consecutive5xx);
    resetIfSet(consecutiveGatewayFailures);
    resetIfSet(consecutiveLocalOriginFailures);
  }

  /** Resets {@code counter} without a write when it is already 0, as it is on most successes. */
  static void resetIfSet(AtomicInteger counter) {
    if (counter.get() != 0) counter.set(0);
  }

  @Override
  public String toString() {
    return url.redact();
  }
}
