package dev.courier;

import java.time.Duration;

/**
 * The state of one instance of a {@link ServiceInstances service} at the moment
 * {@link ServiceInstances#snapshot()} was taken, for monitoring. Immutable.
 */
public final class InstanceSnapshot {
  /** Whether an instance takes traffic. */
  public enum State {
    /** Takes its full share. */
    HEALTHY,
    /** Recently added and still in slow start: takes a growing part of its share. */
    WARMING,
    /** Ejected by outlier detection: takes no traffic until it returns, unless in panic. */
    EJECTED
  }

  private final HttpUrl url;
  private final State state;
  private final int inFlight;
  private final Duration latency;
  private final int ejectionCount;
  private final Duration ejectionTimeLeft;
  private final Duration warmUpTimeLeft;

  /** Creates a snapshot; the engine makes these, tests may too. */
  public InstanceSnapshot(HttpUrl url, State state, int inFlight, Duration latency,
      int ejectionCount, Duration ejectionTimeLeft, Duration warmUpTimeLeft) {
    if (url == null) throw new IllegalArgumentException("url == null");
    if (state == null) throw new IllegalArgumentException("state == null");
    if (latency == null) throw new IllegalArgumentException("latency == null");
    if (ejectionTimeLeft == null) throw new IllegalArgumentException("ejectionTimeLeft == null");
    if (warmUpTimeLeft == null) throw new IllegalArgumentException("warmUpTimeLeft == null");
    this.url = url;
    this.state = state;
    this.latency = latency;
    this.ejectionTimeLeft = ejectionTimeLeft;
    this.warmUpTimeLeft = warmUpTimeLeft;
    this.inFlight = inFlight;
    this.ejectionCount = ejectionCount;
  }

  /** Returns the instance's URL: scheme, host and port, with the path {@code /}. */
  public HttpUrl url() {
    return url;
  }

  /** Returns whether the instance takes traffic. */
  public State state() {
    return state;
  }

  /** Returns how many attempts were in flight on the instance. */
  public int inFlight() {
    return inFlight;
  }

  /**
   * Returns the instance's recent response time as the least-request balancer weighs it (a
   * peak-sensitive moving average, decayed while no response arrives); zero before its first
   * response.
   */
  public Duration latency() {
    return latency;
  }

  /** Returns how many times the instance was ejected since it joined the service. */
  public int ejectionCount() {
    return ejectionCount;
  }

  /** Returns how long the instance stays ejected; zero unless {@link State#EJECTED}. */
  public Duration ejectionTimeLeft() {
    return ejectionTimeLeft;
  }

  /** Returns how long until the instance leaves slow start; zero unless {@link State#WARMING}. */
  public Duration warmUpTimeLeft() {
    return warmUpTimeLeft;
  }

  @Override
  public String toString() {
    return "InstanceSnapshot{" + url.redact() + ", " + state
        + (state == State.EJECTED ? " for " + ejectionTimeLeft : "")
        + (state == State.WARMING ? " for " + warmUpTimeLeft : "")
        + ", inFlight=" + inFlight + ", latency=" + latency
        + ", ejections=" + ejectionCount + "}";
  }
}
