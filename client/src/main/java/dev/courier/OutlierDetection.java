package dev.courier;

import java.time.Duration;
import java.util.Objects;

/**
 * Passive health checking for a {@link ServiceInstances service}, after Envoy's outlier
 * detection: an instance whose attempts keep failing is <em>ejected</em>, left out of balancing
 * for a while, then returned.
 *
 * <p>Three kinds of consecutive failures are counted per instance, each with its own threshold
 * (0 turns that kind off); the engine reports them itself, for every attempt:
 * <ul>
 *   <li><b>5xx</b>: responses with a status from 500 to 599. A response below 500 resets the
 *       count.
 *   <li><b>gateway failures</b>: 502, 503 and 504 responses, which a proxy or a draining instance
 *       sends. These are 5xx too, so they also count toward the first kind; a lower threshold
 *       here ejects such an instance sooner. Any other response resets the count.
 *   <li><b>local-origin failures</b>: failures of the instance seen from here, with no response
 *       at all: a connection refused or timed out, a connection reset, a response that timed out.
 *       Any response resets the count. A canceled call counts for nothing.
 * </ul>
 * This is Envoy's "split" mode ({@code split_external_local_origin_errors: true}): a dead instance
 * is ejected by its local-origin failures, an erring one by its statuses.
 *
 * <p>When a threshold is reached the instance is ejected for {@link #baseEjectionTime()}
 * multiplied by how many times in a row it has been ejected, at most {@link #maxEjectionTime()}.
 * It returns exactly when that time is up (Envoy checks at each {@link #interval()}, so it may
 * return up to one interval late). A returned instance is on probation until its first
 * successful response: a single counted failure ejects it again, for longer. (Envoy asks for the
 * full count again; one failure is enough evidence for an instance just ejected, and saves
 * callers the errors.) Each {@link #interval()} an instance stays healthy after returning takes
 * one off its multiplier, so a recovered instance is soon treated as new again.
 *
 * <p>At most {@link #maxEjectionPercent()} of the instances are ejected at once, but at least
 * one (as Envoy with {@code always_eject_one_host}, and gRPC). When fewer than
 * {@link #panicThresholdPercent()} of them are healthy the service is in <em>panic</em>: it
 * balances across all instances, ejected or not, rather than pile the load onto the few left.
 *
 * <p>Defaults, Envoy's: 5 consecutive failures of each kind, 10 s interval, 30 s base ejection
 * time, 300 s maximum, 10% maximum ejected, 50% panic threshold. Immutable.
 */
public final class OutlierDetection {
  // Before the constants below, which the builder needs it to make.
  private static final Duration DEFAULT_MAX_EJECTION_TIME = Duration.ofSeconds(300);

  /** Ejection with the defaults. */
  public static final OutlierDetection DEFAULT = new Builder().build();

  /** No ejection: every instance is always eligible. */
  public static final OutlierDetection DISABLED = new Builder()
      .consecutive5xx(0)
      .consecutiveGatewayFailure(0)
      .consecutiveLocalOriginFailure(0)
      .build();

  private final int consecutive5xx;
  private final int consecutiveGatewayFailure;
  private final int consecutiveLocalOriginFailure;
  private final Duration interval;
  private final Duration baseEjectionTime;
  private final Duration maxEjectionTime;
  private final boolean maxEjectionTimeSet; // False: derived from the base time, as a copy must.
  private final int maxEjectionPercent;
  private final int panicThresholdPercent;

  private OutlierDetection(Builder builder, Duration maxEjectionTime) {
    this.consecutive5xx = builder.consecutive5xx;
    this.consecutiveGatewayFailure = builder.consecutiveGatewayFailure;
    this.consecutiveLocalOriginFailure = builder.consecutiveLocalOriginFailure;
    this.interval = builder.interval;
    this.baseEjectionTime = builder.baseEjectionTime;
    this.maxEjectionTime = maxEjectionTime;
    this.maxEjectionTimeSet = builder.maxEjectionTime != null;
    this.maxEjectionPercent = builder.maxEjectionPercent;
    this.panicThresholdPercent = builder.panicThresholdPercent;
  }

  /** Returns how many 5xx responses in a row eject an instance; 5 by default, 0 if off. */
  public int consecutive5xx() {
    return consecutive5xx;
  }

  /**
   * Returns how many 502, 503 or 504 responses in a row eject an instance; 5 by default, 0 if
   * off.
   */
  public int consecutiveGatewayFailure() {
    return consecutiveGatewayFailure;
  }

  /**
   * Returns how many failures without a response (connect failure, reset, timeout) in a row eject
   * an instance; 5 by default, 0 if off.
   */
  public int consecutiveLocalOriginFailure() {
    return consecutiveLocalOriginFailure;
  }

  /**
   * Returns how long a returned instance must stay healthy to take one off its ejection
   * multiplier; 10 seconds by default.
   */
  public Duration interval() {
    return interval;
  }

  /** Returns the time of a first ejection; 30 seconds by default. */
  public Duration baseEjectionTime() {
    return baseEjectionTime;
  }

  /**
   * Returns the longest an instance is ejected, however often it was; 300 seconds by default, or
   * the base ejection time if that is longer.
   */
  public Duration maxEjectionTime() {
    return maxEjectionTime;
  }

  /**
   * Returns the most instances, as a percentage of the service's, that may be ejected at once;
   * 10 by default. Rounded down, but at least one instance may be ejected unless this is 0.
   */
  public int maxEjectionPercent() {
    return maxEjectionPercent;
  }

  /**
   * Returns the percentage of healthy instances under which the service balances across all of
   * its instances, ejected or not; 50 by default. 0 never panics: with every instance ejected,
   * calls then fail with {@link NoInstanceAvailableException}.
   */
  public int panicThresholdPercent() {
    return panicThresholdPercent;
  }

  /** Returns true if some kind of failure can eject an instance. */
  public boolean isEnabled() {
    return maxEjectionPercent > 0
        && (consecutive5xx > 0 || consecutiveGatewayFailure > 0
            || consecutiveLocalOriginFailure > 0);
  }

  /** Returns a builder holding these settings. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof OutlierDetection)) return false;
    OutlierDetection that = (OutlierDetection) other;
    return consecutive5xx == that.consecutive5xx
        && consecutiveGatewayFailure == that.consecutiveGatewayFailure
        && consecutiveLocalOriginFailure == that.consecutiveLocalOriginFailure
        && interval.equals(that.interval)
        && baseEjectionTime.equals(that.baseEjectionTime)
        && maxEjectionTime.equals(that.maxEjectionTime)
        && maxEjectionPercent == that.maxEjectionPercent
        && panicThresholdPercent == that.panicThresholdPercent;
  }

  @Override
  public int hashCode() {
    return Objects.hash(consecutive5xx, consecutiveGatewayFailure, consecutiveLocalOriginFailure,
        interval, baseEjectionTime, maxEjectionTime, maxEjectionPercent, panicThresholdPercent);
  }

  @Override
  public String toString() {
    return "OutlierDetection{consecutive5xx=" + consecutive5xx
        + ", consecutiveGatewayFailure=" + consecutiveGatewayFailure
        + ", consecutiveLocalOriginFailure=" + consecutiveLocalOriginFailure
        + ", interval=" + interval
        + ", baseEjectionTime=" + baseEjectionTime
        + ", maxEjectionTime=" + maxEjectionTime
        + ", maxEjectionPercent=" + maxEjectionPercent
        + ", panicThresholdPercent=" + panicThresholdPercent + "}";
  }

  /** Builds {@link OutlierDetection} settings, starting from the defaults. Not thread-safe. */
  public static final class Builder {
    private int consecutive5xx = 5;
    private int consecutiveGatewayFailure = 5;
    private int consecutiveLocalOriginFailure = 5;
    private Duration interval = Duration.ofSeconds(10);
    private Duration baseEjectionTime = Duration.ofSeconds(30);
    private Duration maxEjectionTime; // Null: the default, or the base time if longer.
    private int maxEjectionPercent = 10;
    private int panicThresholdPercent = 50;

    /** Creates a builder holding the defaults. */
    public Builder() {
    }

    Builder(OutlierDetection settings) {
      this.consecutive5xx = settings.consecutive5xx;
      this.consecutiveGatewayFailure = settings.consecutiveGatewayFailure;
      this.consecutiveLocalOriginFailure = settings.consecutiveLocalOriginFailure;
      this.interval = settings.interval;
      this.baseEjectionTime = settings.baseEjectionTime;
      this.maxEjectionTime = settings.maxEjectionTimeSet ? settings.maxEjectionTime : null;
      this.maxEjectionPercent = settings.maxEjectionPercent;
      this.panicThresholdPercent = settings.panicThresholdPercent;
    }

    /**
     * Sets how many 5xx responses in a row eject an instance; 0 turns this kind off.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Builder consecutive5xx(int count) {
      this.consecutive5xx = Settings.checkCount("consecutive5xx", count);
      return this;
    }

    /**
     * Sets how many 502, 503 or 504 responses in a row eject an instance; 0 turns this kind off.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Builder consecutiveGatewayFailure(int count) {
      this.consecutiveGatewayFailure = Settings.checkCount("consecutiveGatewayFailure", count);
      return this;
    }

    /**
     * Sets how many failures without a response in a row eject an instance; 0 turns this kind
     * off.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Builder consecutiveLocalOriginFailure(int count) {
      this.consecutiveLocalOriginFailure =
          Settings.checkCount("consecutiveLocalOriginFailure", count);
      return this;
    }

    /**
     * Sets how long a returned instance must stay healthy to take one off its ejection
     * multiplier.
     *
     * @throws IllegalArgumentException if {@code interval} is null, not positive or over a day
     */
    public Builder interval(Duration interval) {
      this.interval = Settings.checkDuration("interval", interval, false);
      return this;
    }

    /**
     * Sets the time of a first ejection.
     *
     * @throws IllegalArgumentException if {@code baseEjectionTime} is null, not positive or over a day
     */
    public Builder baseEjectionTime(Duration baseEjectionTime) {
      this.baseEjectionTime = Settings.checkDuration("baseEjectionTime", baseEjectionTime, false);
      return this;
    }

    /**
     * Sets the longest an instance is ejected; it must be at least the base ejection time.
     *
     * @throws IllegalArgumentException if {@code maxEjectionTime} is null, not positive or over a day
     */
    public Builder maxEjectionTime(Duration maxEjectionTime) {
      this.maxEjectionTime = Settings.checkDuration("maxEjectionTime", maxEjectionTime, false);
      return this;
    }

    /**
     * Sets the most instances, as a percentage, that may be ejected at once; 0 ejects none.
     *
     * @throws IllegalArgumentException if {@code percent} is not from 0 to 100
     */
    public Builder maxEjectionPercent(int percent) {
      this.maxEjectionPercent = Settings.checkPercent("maxEjectionPercent", percent);
      return this;
    }

    /**
     * Sets the percentage of healthy instances under which the service balances across all of
     * them; 0 never panics.
     *
     * @throws IllegalArgumentException if {@code percent} is not from 0 to 100
     */
    public Builder panicThresholdPercent(int percent) {
      this.panicThresholdPercent = Settings.checkPercent("panicThresholdPercent", percent);
      return this;
    }

    /**
     * Returns the settings.
     *
     * @throws IllegalArgumentException if the max ejection time is shorter than the base time
     */
    public OutlierDetection build() {
      Duration max = maxEjectionTime;
      if (max == null) {
        max = baseEjectionTime.compareTo(DEFAULT_MAX_EJECTION_TIME) > 0
            ? baseEjectionTime : DEFAULT_MAX_EJECTION_TIME;
      } else if (max.compareTo(baseEjectionTime) < 0) {
        throw new IllegalArgumentException("maxEjectionTime (" + max
            + ") must be at least baseEjectionTime (" + baseEjectionTime + ")");
      }
      return new OutlierDetection(this, max);
    }
  }
}
