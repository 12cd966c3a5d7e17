package dev.courier.internal.connection;

import java.lang.System.Logger.Level;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.courier.Address;
import dev.courier.ConnectionSnapshot;

/**
 * Holds open connections for reuse, and retires them: idle past the keep-alive, beyond the idle
 * limit, broken, or leaked by a call that never closed its response. An HTTP/1.1 connection
 * carries one call at a time; an HTTP/2 connection as many as the server allows streams, and
 * counts as idle when none holds it.
 *
 * <p>A single daemon thread, {@code courier-pool-cleanup}, runs while the pool has connections and
 * exits when it is empty, so an unused pool costs no thread.
 */
public final class RealConnectionPool {
  private static final System.Logger LOGGER = System.getLogger("dev.courier.ConnectionPool");

  /**
   * How often the cleanup thread looks for writes blocked past their timeout while connections
   * are in use (see {@link WatchedSocketSink}): the precision of the write timeout.
   */
  static final long WRITE_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final int maxIdleConnections;
  private final long keepAliveNanos;
  private final ConcurrentLinkedQueue<RealConnection> connections = new ConcurrentLinkedQueue<>();
  private final AtomicInteger connectionCount = new AtomicInteger(); // The queue's size is O(n).
  private final RouteDatabase routeDatabase = new RouteDatabase();
  private final ConnectCoalescer connectCoalescer = new ConnectCoalescer();
  private final AtomicLong openedCount = new AtomicLong();
  private final AtomicLong leakedCount = new AtomicLong();

  private final Object cleanupLock = new Object();
  private Thread cleanupThread; // Guarded by cleanupLock.
  private boolean cleanupRequested; // Guarded by cleanupLock.
  /** When the cleanup thread next looks at the connections, on the nanoTime clock. */
  private volatile long cleanupDueAtNanos;

  /** Creates a pool that keeps up to {@code maxIdleConnections} idle for {@code keepAlive}. */
  public RealConnectionPool(int maxIdleConnections, Duration keepAlive) {
    this.maxIdleConnections = maxIdleConnections;
    this.keepAliveNanos = keepAlive.toNanos();
  }

  /** Returns the failed-route memory shared by every call using this pool. */
  public RouteDatabase routeDatabase() {
    return routeDatabase;
  }

  /** Returns where calls to an origin wait for a connection they can share rather than connect. */
  ConnectCoalescer connectCoalescer() {
    return connectCoalescer;
  }

  /**
   * Returns true if the pool holds an HTTP/1.1 connection to {@code address}: the server chose
   * HTTP/1.1 over TLS, so a connect in flight to it will probably yield one no call can share.
   */
  boolean hasHttp1ConnectionTo(Address address) {
    for (RealConnection connection : connections) {
      if (!connection.isMultiplexed() && connection.route().address().equals(address)) return true;
    }
    return false;
  }

  /** Returns the most idle connections kept. */
  public int maxIdleConnections() {
    return maxIdleConnections;
  }

  /** Returns the number of open connections, idle or in use. */
  public int connectionCount() {
    return connectionCount.get();
  }

  /** Returns the number of connections no call is using. */
  public int idleConnectionCount() {
    int result = 0;
    for (RealConnection connection : connections) {
      synchronized (connection) {
        if (!connection.inUse()) result++;
      }
    }
    return result;
  }

  /** Returns how many connections this pool has opened since it was created. */
  public long openedConnectionCount() {
    return openedCount.get();
  }

  /** Returns how many connections were leaked by calls that never closed their response. */
  public long leakedConnectionCount() {
    return leakedCount.get();
  }

  /**
   * Gives {@code user} a pooled connection to {@code address}, if one is free and healthy, and
   * returns it; otherwise returns null. Unhealthy connections found on the way are closed.
   */
  RealConnection callAcquirePooledConnection(boolean doExtensiveHealthChecks,
      Address address, ConnectionUser user) {
    for (RealConnection connection : connections) {
      if (!connection.mayBeEligible(address) || !connection.tryClaim()) continue;
      synchronized (connection) {
        if (!connection.isEligible(address)) {
          connection.unclaim();
          continue;
        }
        user.acquireConnectionNoEvents(connection);
      }
      if (connection.isHealthy(doExtensiveHealthChecks)) return connection;
      Socket toClose;
      synchronized (connection) {
        connection.retire();
        toClose = user.releaseConnectionNoEvents();
      }
      RealConnection.closeQuietly(toClose);
    }
    return null;
  }

  /**
   * Called when a call takes {@code connection}: makes sure the cleanup thread will look for a
   * stalled write within {@link #WRITE_CHECK_INTERVAL_NANOS}. While calls keep the pool busy it
   * already will, so this rarely wakes it.
   */
  void connectionAcquired(long nowNanos) {
    if (cleanupDueAtNanos - nowNanos > WRITE_CHECK_INTERVAL_NANOS) requestCleanup();
  }

  /** Adds a newly connected connection. */
  public void put(RealConnection connection) {
    connections.add(connection);
    connectionCount.incrementAndGet();
    openedCount.incrementAndGet();
    connection.pooled();
    requestCleanup();
  }

  /**
   * Called when an HTTP/2 connection stopped taking streams on its own (GOAWAY, a failure, a
   * missed PING): the cleanup thread closes it as soon as no call holds it.
   */
  void connectionRetired() {
    requestCleanup();
  }

  /**
   * Called when the last call released {@code connection}, with its lock held. Returns true if
   * the connection was removed from the pool and must be closed by the caller.
   */
  boolean connectionBecameIdle(RealConnection connection) {
    if (connection.isNoNewExchanges() || maxIdleConnections == 0) {
      connection.retire();
      remove(connection);
      return true;
    }
    // The cleaner already wakes within a keep-alive of now; it needs waking early only if this
    // connection may push the idle count over the limit.
    if (connectionCount.get() > maxIdleConnections) requestCleanup();
    return false;
  }

  private void remove(RealConnection connection) {
    if (connections.remove(connection)) connectionCount.decrementAndGet();
  }

  /** Closes and removes every idle connection. Connections in use are left to their calls. */
  public void evictAll() {
    evictIdle();
  }

  /** Closes and removes every idle connection, and returns them. */
  private List<RealConnection> evictIdle() {
    List<RealConnection> toClose = new ArrayList<>();
    for (RealConnection connection : connections) {
      synchronized (connection) {
        if (connection.inUse()) continue;
        connection.retire();
        remove(connection);
        toClose.add(connection);
      }
    }
    toClose.forEach(RealConnection::close);
    requestCleanup();
    return toClose;
  }

  /**
   * Evicts idle connections and waits up to {@code timeout} for the threads serving them to end,
   * and for the cleanup thread to exit, which it does once the pool is empty.
   */
  public void close(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (RealConnection closed : evictIdle()) {
      closed.awaitClosed(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    Thread thread;
    synchronized (cleanupLock) {
      thread = cleanupThread;
    }
    // Connections still in use keep the thread alive; only an empty pool lets it exit.
    if (thread != null && connections.isEmpty()) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
  }

  /** Returns an immutable snapshot of every connection, for monitoring. */
  public List<ConnectionSnapshot> snapshot() {
    long now = System.nanoTime();
    List<ConnectionSnapshot> result = new ArrayList<>();
    for (RealConnection connection : connections) {
      synchronized (connection) {
        boolean inUse = connection.inUse();
        result.add(new ConnectionSnapshot(connection.route(), connection.protocol(), inUse,
            Duration.ofNanos(now - connection.createdAtNanos()),
            inUse ? Duration.ZERO : Duration.ofNanos(now - connection.idleAtNanos),
            connection.exchangeCount(), connection.activeStreams()));
      }
    }
    return List.copyOf(result);
  }

  void reportLeak(String redactedUrl) {
    leakedCount.incrementAndGet();
    LOGGER.log(Level.WARNING, "A connection to " + redactedUrl + " was leaked. Did you forget to "
        + "close a response body? Close it with try-with-resources on the Response.");
  }

  private void requestCleanup() {
    synchronized (cleanupLock) {
      cleanupRequested = true;
      if (cleanupThread == null) {
        if (connections.isEmpty()) return;
        Thread thread = new Thread(this::cleanupLoop, "courier-pool-cleanup");
        thread.setDaemon(true);
        cleanupThread = thread;
        thread.start();
      } else {
        cleanupLock.notifyAll();
      }
    }
  }

  private void cleanupLoop() {
    while (true) {
      long waitNanos = cleanup(System.nanoTime());
      synchronized (cleanupLock) {
        if (waitNanos == -1L) {
          if (connections.isEmpty()) {
            cleanupThread = null;
            cleanupLock.notifyAll();
            return;
          }
          continue; // A connection arrived while cleaning.
        }
        cleanupDueAtNanos = System.nanoTime() + waitNanos;
        if (waitNanos > 0 && !cleanupRequested) {
          try {
            TimeUnit.NANOSECONDS.timedWait(cleanupLock, waitNanos);
          } catch (InterruptedException e) {
            // Clean again now; the loop exits once the pool is empty.
          }
        }
        cleanupRequested = false;
      }
    }
  }

  /**
   * Retires at most one connection that is idle past the keep-alive or beyond the idle limit, and
   * returns how long to wait before cleaning again: 0 to clean again at once, -1 if the pool is
   * empty.
   */
  long cleanup(long nowNanos) {
    int inUseCount = 0;
    int idleCount = 0;
    RealConnection longestIdle = null;
    long longestIdleNanos = Long.MIN_VALUE;
    RealConnection retiredIdle = null;
    List<CallReference> leakedStreams = null;
    for (RealConnection connection : connections) {
      boolean inUse;
      synchronized (connection) {
        if (connection.isMultiplexed() && leakedStreams == null) leakedStreams = new ArrayList<>(0);
        inUse = connection.pruneLeakedCalls(nowNanos, keepAliveNanos, leakedStreams) > 0;
        if (!inUse) {
          idleCount++;
          long idleNanos = nowNanos - connection.idleAtNanos;
          if (idleNanos > longestIdleNanos) {
            longestIdleNanos = idleNanos;
            longestIdle = connection;
          }
          // An HTTP/2 connection may stop taking streams while idle (GOAWAY, a failure).
          if (connection.isNoNewExchanges()) retiredIdle = connection;
        }
      }
      if (inUse) inUseCount++;
      // Outside the lock: it may close the socket. HTTP/2 connections write even when idle.
      if (inUse || connection.isMultiplexed()) connection.closeIfWriteStalled(nowNanos);
    }
    if (leakedStreams != null) {
      for (CallReference leaked : leakedStreams) {
        if (leaked.codec != null) leaked.codec.cancel(); // Outside the lock: it writes a reset.
        reportLeak(leaked.url.redact());
      }
    }
    if (retiredIdle == null && longestIdle != null
        && (longestIdleNanos >= keepAliveNanos || idleCount > maxIdleConnections)) {
      retiredIdle = longestIdle;
    }
    if (retiredIdle != null) {
      synchronized (retiredIdle) {
        if (retiredIdle.inUse()) return 0; // Acquired meanwhile; look again.
        retiredIdle.retire();
        remove(retiredIdle);
      }
      retiredIdle.close();
      return 0;
    }
    long next;
    if (idleCount > 0) {
      next = keepAliveNanos - longestIdleNanos;
    } else if (inUseCount > 0) {
      next = keepAliveNanos;
    } else {
      return -1;
    }
    // Connections in use may be writing: look at them again soon.
    return inUseCount > 0 ? Math.min(next, WRITE_CHECK_INTERVAL_NANOS) : next;
  }
}
