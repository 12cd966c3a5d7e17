package dev.courier;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ServiceInstances service} spreads attempts over its instances: the policy that
 * picks one, and how long a newly added instance warms up before it takes a full share.
 *
 * <p>The default, {@link #DEFAULT}, is {@link Policy#LEAST_REQUEST} with a 30 second slow start.
 * Whatever the policy, every attempt of a call picks again, and a retry avoids the instances that
 * call already tried while another one is available.
 *
 * <pre>{@code
 * LoadBalancing roundRobin = new LoadBalancing.Builder()
 *     .policy(LoadBalancing.Policy.ROUND_ROBIN)
 *     .slowStartWindow(Duration.ZERO) // new instances take a full share at once
 *     .build();
 * }</pre>
 *
 * <p>Immutable.
 */
public final class LoadBalancing {
  /** The default slow-start window. */
  static final Duration DEFAULT_SLOW_START_WINDOW = Duration.ofSeconds(30);

  /** Least-request balancing with a 30 second slow start. */
  public static final LoadBalancing DEFAULT = new Builder().build();

  /** How an instance is picked for an attempt. */
  public enum Policy {
    /**
     * Power of two choices: samples two distinct instances at random and takes the one with the
     * lower cost, {@code (in-flight requests + 1) × latency}, where latency is a peak-sensitive
     * moving average of the instance's recent response times (it jumps up at once on a slow
     * response and decays over about 10 seconds). A slow or busy instance therefore gets less
     * traffic without being starved: its average decays while it is not picked, so it is tried
     * again and re-measured. This is Envoy's least-request balancer with latency weighting, as
     * in Finagle's and Linkerd's "peak EWMA". The default.
     */
    LEAST_REQUEST,

    /**
     * Each attempt takes the next instance in turn, ignoring load and latency. The rotation
     * starts at a random instance so that many clients do not all start on the same one.
     */
    ROUND_ROBIN
  }

  private final Policy policy;
  private final Duration slowStartWindow;

  private LoadBalancing(Builder builder) {
    this.policy = builder.policy;
    this.slowStartWindow = builder.slowStartWindow;
  }

  /** Returns the policy that picks an instance; {@link Policy#LEAST_REQUEST} by default. */
  public Policy policy() {
    return policy;
  }

  /**
   * Returns how long an instance added to a running service takes to reach its full share, 30
   * seconds by default; zero turns slow start off.
   *
   * <p>During the window an instance's share grows linearly with the time since it joined, from
   * 10% of a full share, as Envoy's slow start does with its default aggression of 1.0 and
   * minimum weight of 10%. Instances in the first list a service is given (or added when it had
   * none) start at a full share, since there is no warm instance to carry the load; so do
   * instances returning from ejection.
   */
  public Duration slowStartWindow() {
    return slowStartWindow;
  }

  /** Returns a builder holding these settings. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LoadBalancing
        && ((LoadBalancing) other).policy == policy
        && ((LoadBalancing) other).slowStartWindow.equals(slowStartWindow);
  }

  @Override
  public int hashCode() {
    return Objects.hash(policy, slowStartWindow);
  }

  @Override
  public String toString() {
    return "LoadBalancing{" + policy + ", slowStartWindow=" + slowStartWindow + "}";
  }

  /** Builds {@link LoadBalancing} settings, starting from the defaults. Not thread-safe. */
  public static final class Builder {
    private Policy policy = Policy.LEAST_REQUEST;
    private Duration slowStartWindow = DEFAULT_SLOW_START_WINDOW;

    /** Creates a builder holding the defaults. */
    public Builder() {
    }

    Builder(LoadBalancing settings) {
      this.policy = settings.policy;
      this.slowStartWindow = settings.slowStartWindow;
    }

    /**
     * Sets the policy that picks an instance.
     *
     * @throws IllegalArgumentException if {@code policy} is null
     */
    public Builder policy(Policy policy) {
      if (policy == null) throw new IllegalArgumentException("policy == null");
      this.policy = policy;
      return this;
    }

    /**
     * Sets how long a newly added instance warms up; {@link Duration#ZERO} turns slow start off.
     *
     * @throws IllegalArgumentException if {@code slowStartWindow} is null, negative or longer than a day
     */
    public Builder slowStartWindow(Duration slowStartWindow) {
      this.slowStartWindow = Settings.checkDuration("slowStartWindow", slowStartWindow, true);
      return this;
    }

    /** Returns the settings. */
    public LoadBalancing build() {
      return new LoadBalancing(this);
    }
  }
}
