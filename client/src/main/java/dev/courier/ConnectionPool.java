package dev.courier;

import java.time.Duration;
import java.util.List;

import dev.courier.internal.connection.RealConnectionPool;

/**
 * Keeps connections open for reuse by later requests to the same address, which saves a TCP and
 * TLS handshake each time. By default it keeps up to 5 idle connections, each for up to 5 minutes
 * of idleness. Share one pool among clients with {@link CourierClient#newBuilder()}.
 *
 * <p>Thread-safe. A background daemon thread, {@code courier-pool-cleanup}, closes connections that
 * idled too long; it runs only while the pool holds connections.
 */
public final class ConnectionPool {
  final RealConnectionPool delegate;
  private final Duration keepAlive;

  /** Creates a pool keeping up to 5 idle connections for 5 minutes each. */
  public ConnectionPool() {
    this(5, Duration.ofMinutes(5));
  }

  /**
   * Creates a pool.
   *
   * @param maxIdleConnections the most idle connections to keep; 0 keeps none
   * @param keepAlive how long an idle connection is kept before it is closed
   * @throws IllegalArgumentException if a value is negative or the keep-alive is zero
   */
  public ConnectionPool(int maxIdleConnections, Duration keepAlive) {
    if (maxIdleConnections < 0) {
      throw new IllegalArgumentException("maxIdleConnections < 0: " + maxIdleConnections);
    }
    if (keepAlive == null) throw new IllegalArgumentException("keepAlive == null");
    if (keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("keepAlive must be positive: " + keepAlive);
    }
    try {
      keepAlive.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("keepAlive too large: " + keepAlive);
    }
    this.delegate = new RealConnectionPool(maxIdleConnections, keepAlive);
    this.keepAlive = keepAlive;
  }

  /** Returns the number of open connections, idle or in use. */
  public int connectionCount() {
    return delegate.connectionCount();
  }

  /** Returns the number of open connections no call is using. */
  public int idleConnectionCount() {
    return delegate.idleConnectionCount();
  }

  /** Returns the most idle connections this pool keeps. */
  public int maxIdleConnections() {
    return delegate.maxIdleConnections();
  }

  /** Returns how long an idle connection is kept before it is closed. */
  public Duration keepAlive() {
    return keepAlive;
  }

  /** Returns how many connections this pool opened since it was created; never decreases. */
  public long openedConnectionCount() {
    return delegate.openedConnectionCount();
  }

  /**
   * Returns how many connections were leaked since the pool was created: held by a call whose
   * response body was never closed. Each leak is also logged as a warning naming the URL.
   */
  public long leakedConnectionCount() {
    return delegate.leakedConnectionCount();
  }

  /** Closes every idle connection now. Connections in use are left alone. */
  public void evictAll() {
    delegate.evictAll();
  }

  /** Returns the state of each connection now, for monitoring. */
  public List<ConnectionSnapshot> snapshot() {
    return delegate.snapshot();
  }

  @Override
  public String toString() {
    return "ConnectionPool{connections=" + connectionCount() + ", idle=" + idleConnectionCount()
        + ", maxIdle=" + maxIdleConnections() + "}";
  }
}
