package dev.courier.internal.balance;

import dev.courier.OutlierDetection;

/**
 * The rules of {@link OutlierDetection}: which outcomes count as consecutive failures of which
 * kind, when an instance is an outlier, how long an ejection lasts, how many instances may be out
 * at once, and when the service panics. Holds no state of its own; the counters live in each
 * {@link Instance}, and {@link RealServiceInstances} applies the decisions under its lock.
 */
final class OutlierDetector {
  private final int consecutive5xx;
  private final int consecutiveGatewayFailure;
  private final int consecutiveLocalOriginFailure;
  private final long intervalNanos;
  private final long baseEjectionNanos;
  private final long maxEjectionNanos;
  private final int maxEjectionPercent;
  private final int panicThresholdPercent;

  OutlierDetector(OutlierDetection settings) {
    boolean enabled = settings.isEnabled();
    this.consecutive5xx = enabled ? settings.consecutive5xx() : 0;
    this.consecutiveGatewayFailure = enabled ? settings.consecutiveGatewayFailure() : 0;
    this.consecutiveLocalOriginFailure = enabled ? settings.consecutiveLocalOriginFailure() : 0;
    this.intervalNanos = settings.interval().toNanos();
    this.baseEjectionNanos = settings.baseEjectionTime().toNanos();
    this.maxEjectionNanos = settings.maxEjectionTime().toNanos();
    this.maxEjectionPercent = settings.maxEjectionPercent();
    this.panicThresholdPercent = settings.panicThresholdPercent();
  }

  /**
   * Counts a response with status {@code code} from {@code instance}; returns why the instance is
   * now an outlier, or null if it is not.
   */
  EjectionReason onResponse(Instance instance, int code) {
    // Any response shows the instance is reachable.
    Instance.resetIfSet(instance.consecutiveLocalOriginFailures);
    if (code < 500 || code > 599) {
      Instance.resetIfSet(instance.consecutive5xx);
      Instance.resetIfSet(instance.consecutiveGatewayFailures);
      if (instance.probation) instance.probation = false;
      return null;
    }
    boolean probation = instance.probation;
    if (code == 502 || code == 503 || code == 504) {
      int gatewayFailures = instance.consecutiveGatewayFailures.incrementAndGet();
      if (consecutiveGatewayFailure > 0
          && (gatewayFailures >= consecutiveGatewayFailure || probation)) {
        instance.consecutive5xx.incrementAndGet();
        return EjectionReason.CONSECUTIVE_GATEWAY_FAILURE;
      }
    } else {
      Instance.resetIfSet(instance.consecutiveGatewayFailures);
    }
    int failures = instance.consecutive5xx.incrementAndGet();
    if (consecutive5xx > 0 && (failures >= consecutive5xx || probation)) {
      return EjectionReason.CONSECUTIVE_5XX;
    }
    return null;
  }

  /**
   * Counts a failure without a response from {@code instance}; returns why the instance is now an
   * outlier, or null if it is not.
   */
  EjectionReason onLocalFailure(Instance instance) {
    int failures = instance.consecutiveLocalOriginFailures.incrementAndGet();
    if (consecutiveLocalOriginFailure > 0
        && (failures >= consecutiveLocalOriginFailure || instance.probation)) {
      return EjectionReason.CONSECUTIVE_LOCAL_ORIGIN_FAILURE;
    }
    return null;
  }

  /**
   * Returns true if one more of {@code total} instances may be ejected while {@code ejected} are:
   * at most {@code maxEjectionPercent} of them, rounded down, but always one unless the percentage
   * is 0. This is Envoy's rule ({@code (ejected + 1) / total <= max%}) with {@code
   * always_eject_one_host}, which small services need: 10% of 3 instances is none.
   */
  boolean mayEject(int ejected, int total) {
    if (maxEjectionPercent == 0) return false;
    int allowed = Math.max(1, (int) ((long) total * maxEjectionPercent / 100));
    return ejected < allowed;
  }

  /**
   * Returns how long to eject {@code instance} now, and counts the ejection in its multiplier.
   * Called under the service's lock.
   *
   * <p>Envoy's backoff: the time is the base time times the multiplier, which grows by one with
   * each ejection until the time reaches the maximum, and shrinks by one for each full interval
   * the instance stayed healthy since it last returned.
   */
  long ejectionNanos(Instance instance, long now) {
    if (instance.returnedOnce) {
      long healthyIntervals = (now - instance.lastReturnNanos) / intervalNanos;
      instance.ejectionMultiplier =
          (int) Math.max(0, instance.ejectionMultiplier - healthyIntervals);
    }
    if ((long) instance.ejectionMultiplier * baseEjectionNanos < maxEjectionNanos) {
      instance.ejectionMultiplier++;
    }
    return Math.min(instance.ejectionMultiplier * baseEjectionNanos, maxEjectionNanos);
  }

  /**
   * Returns true if {@code healthy} of {@code total} instances is below the panic threshold, so
   * all of them should take traffic.
   */
  boolean panics(int healthy, int total) {
    return (long) healthy * 100 < (long) panicThresholdPercent * total;
  }
}
