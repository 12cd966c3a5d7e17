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

  /** Creates a snapshot; the engine makes these, tests may too. */
  public ConnectionSnapshot(Route route, Protocol protocol, boolean inUse, Duration age,
      Duration idleTime, long exchangeCount) {
    if (route == null) throw new IllegalArgumentException("route == null");
    if (protocol == null) throw new IllegalArgumentException("protocol == null");
    if (age == null) throw new IllegalArgumentException("age == null");
    if (idleTime == null) throw new IllegalArgumentException("idleTime == null");
    this.route = route;
    this.protocol = protocol;
    this.inUse = inUse;
    this.age = age;
    this.idleTime = idleTime;
    this.exchangeCount = exchangeCount;
  }

  /** Returns the route: origin address, proxy and IP address. */
  public Route route() {
    return route;
  }

  /** Returns the protocol the connection speaks. */
  public Protocol protocol() {
    return protocol;
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
    return "ConnectionSnapshot{" + route + ", " + protocol + (inUse ? ", in use" : ", idle "
        + idleTime) + ", age=" + age + ", exchanges=" + exchangeCount + "}";
  }
}
