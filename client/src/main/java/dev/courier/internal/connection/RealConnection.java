package dev.courier.internal.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.courier.Address;
import dev.courier.Call;
import dev.courier.Connection;
import dev.courier.Handshake;
import dev.courier.Protocol;
import dev.courier.Route;
import dev.courier.internal.http.ExchangeCodec;
import dev.courier.internal.http1.Http1ExchangeCodec;
import dev.courier.internal.http1.RecentFieldValues;
import dev.courier.internal.http1.RecentRequestLines;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;

/**
 * An established HTTP/1.1 connection: its sockets, buffered streams and bookkeeping for the pool.
 *
 * <p>The sockets and streams are fixed at construction, once TCP and TLS succeeded. The mutable
 * state (which call holds the connection, whether it may carry more exchanges) is guarded by this
 * object's monitor, which is never held across I/O.
 */
public final class RealConnection implements Connection, ExchangeCodec.Carrier {
  /** Connections idle longer than this get a read probe before reuse by a non-GET request. */
  private static final long IDLE_CONNECTION_HEALTHY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final RealConnectionPool pool;
  private final Route route;
  private final Socket rawSocket;
  private final Socket socket;
  private final Handshake handshake;
  private final Protocol protocol;
  private final SocketSource socketSource;
  private final WatchedSocketSink socketSink;
  private final BufferedSource source;
  private final BufferedSink sink;
  private final long createdAtNanos = System.nanoTime();
  private final RecentRequestLines recentRequestLines = new RecentRequestLines();
  private final RecentFieldValues recentFieldValues = new RecentFieldValues();

  // Guarded by this; volatile so the pool can skip unusable connections without locking them.
  private volatile boolean noNewExchanges;
  /** True while a call holds this connection or is claiming it; see {@link #tryClaim()}. */
  private final AtomicBoolean busy = new AtomicBoolean();
  private int routeFailureCount;
  private int successCount;
  private long exchangeCount;
  private final List<CallReference> calls = new ArrayList<>(1);
  long idleAtNanos = System.nanoTime();

  RealConnection(RealConnectionPool pool, Route route, Socket rawSocket, Socket socket,
      Handshake handshake, Protocol protocol) throws IOException {
    this.pool = pool;
    this.route = route;
    this.rawSocket = rawSocket;
    this.socket = socket;
    this.handshake = handshake;
    this.protocol = protocol;
    this.socketSource = new SocketSource(socket);
    this.socketSink = new WatchedSocketSink(socket);
    this.source = Okio.buffer(socketSource);
    this.sink = Okio.buffer(socketSink);
  }

  @Override
  public Route route() {
    return route;
  }

  @Override
  public Socket socket() {
    return socket;
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  /** Returns a codec for one exchange, with the chain's read and write timeouts applied. */
  public ExchangeCodec newCodec(int readTimeoutMillis, int writeTimeoutMillis) throws IOException {
    socketSource.readTimeoutMillis(readTimeoutMillis);
    socketSink.writeTimeoutMillis(writeTimeoutMillis);
    synchronized (this) {
      exchangeCount++;
    }
    return new Http1ExchangeCodec(this, source, sink, recentRequestLines, recentFieldValues,
        socketSource, socketSink);
  }

  /**
   * Returns true if this connection can carry a new exchange to {@code address}. The caller holds
   * this connection's lock.
   */
  boolean isEligible(Address address) {
    return calls.isEmpty() && !noNewExchanges && route.address().equals(address);
  }

  /**
   * Returns false if this connection is certainly not eligible for {@code address} now: in use,
   * retired or to another address. Reads without the lock, so that a pool busy with many calls
   * doesn't make them queue on each other's connections; {@link #isEligible} decides.
   */
  boolean mayBeEligible(Address address) {
    return !busy.get() && !noNewExchanges && route.address().equals(address);
  }

  /**
   * Marks this free connection as being taken and returns true, or returns false at once if
   * another call got there first: calls racing for the pool then move on to the next connection
   * instead of queueing on this one's lock. A successful claim is followed by {@link #acquire}
   * or {@link #unclaim()}.
   */
  boolean tryClaim() {
    return busy.compareAndSet(false, true);
  }

  /** Gives back a claim that did not lead to {@link #acquire}. */
  void unclaim() {
    busy.set(false);
  }

  /**
   * Returns true if the socket looks usable. With {@code doExtensiveChecks}, a connection idle
   * for a while is probed with a short read, which notices a server that closed it.
   */
  public boolean isHealthy(boolean doExtensiveChecks) {
    if (rawSocket.isClosed() || socket.isClosed() || socket.isInputShutdown()
        || socket.isOutputShutdown()) {
      return false;
    }
    // An idle HTTP/1.1 connection has nothing to say; bytes waiting on it mean the previous
    // response was longer than its framing claimed, so what comes next can't be trusted.
    if (source.getBuffer().size() > 0) return false;
    long idleDurationNanos;
    synchronized (this) {
      idleDurationNanos = System.nanoTime() - idleAtNanos;
    }
    if (doExtensiveChecks && idleDurationNanos >= IDLE_CONNECTION_HEALTHY_NANOS) {
      return probe();
    }
    return true;
  }

  /** Returns true if a 1 ms read finds the socket open and silent. */
  private boolean probe() {
    try {
      int readTimeout = socket.getSoTimeout();
      try {
        socket.setSoTimeout(1);
        source.exhausted(); // Either end of stream or unsolicited bytes: both are unhealthy.
        return false;
      } finally {
        socket.setSoTimeout(readTimeout);
      }
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized void noNewExchanges() {
    noNewExchanges = true;
  }

  /** Returns true once this connection may not carry new exchanges. */
  public synchronized boolean isNoNewExchanges() {
    return noNewExchanges;
  }

  @Override
  public synchronized void trackFailure(IOException e) {
    noNewExchanges = true;
    if (successCount == 0) {
      // The connection failed before carrying a single exchange: blame the route.
      pool.routeDatabase().failed(route);
      routeFailureCount++;
    }
  }

  /** Returns how many times this connection failed before its first successful exchange. */
  public synchronized int routeFailureCount() {
    return routeFailureCount;
  }

  /**
   * Returns how many exchanges completed normally on this connection. Zero means it is fresh:
   * a failure on it can't be blamed on a server that closed an idle connection.
   */
  public synchronized int successCount() {
    return successCount;
  }

  /** Records an exchange that completed normally. */
  public synchronized void incrementSuccessCount() {
    successCount++;
  }

  @Override
  public void cancel() {
    closeQuietly(rawSocket);
  }

  /** Gives this connection to {@code call}. The caller holds this connection's lock. */
  public void acquire(Call call) {
    assert Thread.holdsLock(this);
    calls.add(new CallReference(call, call.request().url()));
    busy.set(true);
    pool.connectionAcquired(System.nanoTime());
  }

  /**
   * Takes this connection back from {@code call}, and returns the socket to close if the pool
   * retired the connection now that it is idle. The caller holds this connection's lock.
   */
  public Socket release(Call call) {
    assert Thread.holdsLock(this);
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).get() == call) {
        calls.remove(i);
        break;
      }
    }
    if (!calls.isEmpty()) return null;
    busy.set(false);
    idleAtNanos = System.nanoTime();
    return pool.connectionBecameIdle(this) ? socket : null;
  }

  /**
   * Drops references to calls that were garbage collected without releasing this connection, and
   * returns how many calls still hold it. The caller holds this connection's lock.
   */
  int pruneLeakedCalls(long nowNanos, long keepAliveNanos) {
    for (int i = calls.size() - 1; i >= 0; i--) {
      CallReference reference = calls.get(i);
      if (reference.get() != null) continue;
      pool.reportLeak(reference.url.redact());
      calls.remove(i);
      noNewExchanges = true;
      if (calls.isEmpty()) {
        busy.set(false);
        // Make this connection immediately eligible for eviction.
        idleAtNanos = nowNanos - keepAliveNanos;
        return 0;
      }
    }
    return calls.size();
  }

  /**
   * Closes the socket if a write on it has blocked past the write timeout; returns true if it did.
   * Called by the pool's cleanup thread, without this connection's lock.
   */
  boolean closeIfWriteStalled(long nowNanos) {
    return socketSink.closeIfStalled(nowNanos);
  }

  /** Returns true if some call holds this connection. The caller holds this connection's lock. */
  boolean inUse() {
    return !calls.isEmpty();
  }

  /** Returns the number of exchanges this connection carried. Caller holds the lock. */
  long exchangeCount() {
    return exchangeCount;
  }

  /** Returns when this connection was established, on the {@link System#nanoTime()} clock. */
  long createdAtNanos() {
    return createdAtNanos;
  }

  /** Marks this connection retired. The caller holds this connection's lock. */
  void retire() {
    noNewExchanges = true;
  }

  /** Closes {@code socket}, ignoring failures; null is allowed. */
  public static void closeQuietly(Socket socket) {
    if (socket == null) return;
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is best effort: the socket is abandoned either way.
    }
  }

  @Override
  public String toString() {
    return "Connection{" + route.address().url().host() + ":" + route.address().url().port()
        + ", proxy=" + route.proxy() + ", hostAddress=" + route.socketAddress()
        + ", cipherSuite=" + (handshake != null ? handshake.cipherSuite() : "none")
        + ", protocol=" + protocol + "}";
  }
}
