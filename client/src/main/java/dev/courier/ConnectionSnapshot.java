package dev.courier;

import java.time.Duration;

/**
 * The state of one pooled connection at the moment {@link ConnectionPool#snapshot()} was taken,
 * for monitoring. Immutable; holds no socket.
 */
public final class ConnectionSnapshot {
  private final Route route;
  private final Protocol protocol;
  private final boolean inUse;
  private final Duration age;
  private final Duration idleTime;
  private final long exchangeCount;
  private final int activeStreams;

  /**
   * Creates a snapshot of a connection carrying one exchange if {@code inUse}, else none; the
   * engine makes these, tests may too.
   */
  public ConnectionSnapshot(Route route, Protocol protocol, boolean inUse, Duration age,
      Duration idleTime, long exchangeCount) {
    this(route, protocol, inUse, age, idleTime, exchangeCount, inUse ? 1 : 0);
  }

  /**
   * Creates a snapshot of a connection carrying {@code activeStreams} exchanges at once; the
   * engine makes these, tests may too.
   *
   * @throws IllegalArgumentException if {@code activeStreams} is negative, or is 0 while
   *     {@code inUse}, or not 0 while idle
   */
  public ConnectionSnapshot(Route route, Protocol protocol, boolean inUse, Duration age,
      Duration idleTime, long exchangeCount, int activeStreams) {
    if (route == null) throw new IllegalArgumentException("route == null");
    if (protocol == null) throw new IllegalArgumentException("protocol == null");
    if (age == null) throw new IllegalArgumentException("age == null");
    if (idleTime == null) throw new IllegalArgumentException("idleTime == null");
    if (activeStreams < 0 || (activeStreams > 0) != inUse) {
      throw new IllegalArgumentException("activeStreams " + activeStreams + " with inUse "
          + inUse);
    }
    this.route = route;
    this.protocol = protocol;
    this.inUse = inUse;
    this.age = age;
    this.idleTime = idleTime;
    this.exchangeCount = exchangeCount;
    this.activeStreams = activeStreams;
  }

  /** Returns the route: origin address, proxy and IP address. */
  public Route route() {
    return route;
  }

  /** Returns the protocol the connection speaks. */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * Returns how many calls were using the connection at once: 0 or 1 on HTTP/1.1, one per open
   * stream on HTTP/2 (up to the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS}).
   */
  public int activeStreams() {
    return activeStreams;
  }

  /** Returns true if a call was using the connection. */
  public boolean inUse() {
    return inUse;
  }

  /** Returns how long the connection had been open. */
  public Duration age() {
    return age;
  }

  /** Returns how long the connection had been idle; zero if in use. */
  public Duration idleTime() {
    return idleTime;
  }

  /** Returns how many exchanges the connection had carried, counting the current one. */
  public long exchangeCount() {
    return exchangeCount;
  }

  @Override
  public String toString() {
    return "ConnectionSnapshot{" + route + ", " + protocol + (inUse ? ", in use by "
        + activeStreams : ", idle " + idleTime) + ", age=" + age + ", exchanges=" + exchangeCount
        + "}";
  }
}
