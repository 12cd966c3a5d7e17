package dev.courier.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
import dev.courier.internal.http2.Http2Connection;
import dev.courier.internal.http2.Http2ExchangeCodec;
import dev.courier.internal.http2.UnprocessedStreamException;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;

/**
 * An established connection: its sockets, buffered streams and bookkeeping for the pool. It
 * speaks HTTP/1.1, one exchange at a time, or HTTP/2, when it carries an {@link Http2Connection}
 * and as many calls at once as the server allows streams.
 *
 * <p>The sockets and streams are fixed at construction, once TCP and TLS succeeded. The mutable
 * state (which calls hold the connection, whether it may carry more exchanges) is guarded by this
 * object's monitor, which is never held across I/O. It may be held while asking the HTTP/2
 * connection about its state, never the other way round: the HTTP/2 connection reports changes
 * without holding its own locks.
 *
 * <p>On HTTP/2, what happens to one exchange stays with it: a stream reset, an unprocessed stream,
 * a stream timeout or {@code Connection: close} leave the connection to its other calls, and only
 * a failure of the connection itself (which the HTTP/2 connection reports) retires it.
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
  /** The TCP socket's stream, under TLS if any: asked how many bytes the kernel holds. */
  private final InputStream rawInput;
  /** The TLS socket's stream, asked how many decrypted bytes it holds; null for cleartext. */
  private final InputStream tlsInput;
  private final long createdAtNanos = System.nanoTime();
  private final RecentRequestLines recentRequestLines = new RecentRequestLines();
  private final RecentFieldValues recentFieldValues = new RecentFieldValues();
  /** The HTTP/2 connection on this socket, or null for HTTP/1.1. */
  private final Http2Connection http2Connection;

  // Guarded by this; volatile so the pool can skip unusable connections without locking them.
  private volatile boolean noNewExchanges;
  /** True while a call holds this connection or is claiming it; see {@link #tryClaim()}. */
  private final AtomicBoolean busy = new AtomicBoolean();
  private int routeFailureCount;
  // Counted without this connection's lock, which every call sharing an HTTP/2 connection takes.
  private final AtomicInteger successCount = new AtomicInteger();
  private final AtomicLong exchangeCount = new AtomicLong();
  private final List<CallReference> calls = new ArrayList<>(1);
  long idleAtNanos = System.nanoTime();
  /** Held by a new HTTP/2 connection until other calls may share it; see ConnectCoalescer. */
  private ConnectCoalescer.Reservation reservation;
  private boolean pooled;

  RealConnection(RealConnectionPool pool, Route route, Socket rawSocket, Socket socket,
      Handshake handshake, Protocol protocol, ConnectSettings settings) throws IOException {
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
    this.rawInput = rawSocket.getInputStream();
    this.tlsInput = socket != rawSocket ? socket.getInputStream() : null;
    this.http2Connection = protocol == Protocol.HTTP_2 || protocol == Protocol.H2_PRIOR_KNOWLEDGE
        ? newHttp2Connection(settings)
        : null;
  }

  /**
   * Returns the HTTP/2 connection for this socket, not started. Calls share its writes, so the
   * write timeout is the connection's, set once; reads never time out on the socket (each stream
   * has its own read timeout).
   */
  private Http2Connection newHttp2Connection(ConnectSettings settings) {
    socketSink.writeTimeoutMillis(settings.writeTimeoutMillis());
    String host = route.address().url().host();
    String name = (host.indexOf(':') != -1 ? "[" + host + "]" : host) + ":"
        + route.address().url().port();
    return new Http2Connection.Builder(socket, source, sink)
        .name(name)
        .listener(new Http2Listener())
        .pingIntervalMillis(settings.pingIntervalMillis())
        .build();
  }

  /** Starts the protocol: for HTTP/2, sends the connection preface and starts reading frames. */
  void start() throws IOException {
    if (http2Connection == null) return;
    socketSource.readTimeoutMillis(0);
    http2Connection.start();
  }

  /** Returns true if this connection carries many exchanges at once (HTTP/2). */
  public boolean isMultiplexed() {
    return http2Connection != null;
  }

  /**
   * Returns true if this HTTP/2 connection can open no stream now: as many are open as the server
   * allows, or it takes no new ones. Always false for HTTP/1.1.
   */
  boolean isFull() {
    return http2Connection != null && http2Connection.allocationLimit() == 0;
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

  /**
   * Returns a codec for one exchange, with the chain's read and write timeouts applied and no
   * deadline left from an earlier exchange: each exchange gets timeouts of its own.
   */
  public ExchangeCodec newCodec(int readTimeoutMillis, int writeTimeoutMillis) throws IOException {
    if (http2Connection != null) {
      // The socket's timeouts are the connection's; each stream gets the chain's.
      exchangeCount.incrementAndGet();
      return new Http2ExchangeCodec(this, http2Connection, protocol, readTimeoutMillis,
          writeTimeoutMillis);
    }
    socketSource.readTimeoutMillis(readTimeoutMillis);
    socketSink.writeTimeoutMillis(writeTimeoutMillis);
    source.timeout().clearDeadline();
    sink.timeout().clearDeadline();
    exchangeCount.incrementAndGet();
    return new Http1ExchangeCodec(this, source, sink, recentRequestLines, recentFieldValues,
        socketSource, socketSink);
  }

  /**
   * Returns true if this connection can carry a new exchange to {@code address}. The caller holds
   * this connection's lock.
   */
  boolean isEligible(Address address) {
    if (noNewExchanges || !route.address().equals(address)) return false;
    if (http2Connection == null) return calls.isEmpty();
    return calls.size() < http2Connection.allocationLimit();
  }

  /**
   * Returns false if this connection is certainly not eligible for {@code address} now: in use,
   * retired or to another address. Reads without the lock, so that a pool busy with many calls
   * doesn't make them queue on each other's connections; {@link #isEligible} decides.
   */
  boolean mayBeEligible(Address address) {
    return (http2Connection != null || !busy.get()) && !noNewExchanges
        && route.address().equals(address);
  }

  /**
   * Marks this free connection as being taken and returns true, or returns false at once if
   * another call got there first: calls racing for the pool then move on to the next connection
   * instead of queueing on this one's lock. A successful claim is followed by {@link #acquire}
   * or {@link #unclaim()}. An HTTP/2 connection, which many calls share, needs no claim: this
   * returns true, and {@link #isEligible} counts its calls.
   */
  boolean tryClaim() {
    return http2Connection != null || busy.compareAndSet(false, true);
  }

  /** Gives back a claim that did not lead to {@link #acquire}. */
  void unclaim() {
    if (http2Connection == null) busy.set(false);
  }

  /**
   * Returns true if the socket looks usable: open, and with nothing to read. With
   * {@code doExtensiveChecks}, a connection idle for a while is also probed with a short read,
   * which notices a server that closed it.
   */
  public boolean isHealthy(boolean doExtensiveChecks) {
    if (rawSocket.isClosed() || socket.isClosed() || socket.isInputShutdown()
        || socket.isOutputShutdown()) {
      return false;
    }
    // HTTP/2's reader thread owns the socket's input: the connection asks the server with a PING.
    if (http2Connection != null) return http2Connection.isHealthy(doExtensiveChecks);
    if (hasUnreadInput()) return false;
    long idleDurationNanos;
    synchronized (this) {
      idleDurationNanos = System.nanoTime() - idleAtNanos;
    }
    if (doExtensiveChecks && idleDurationNanos >= IDLE_CONNECTION_HEALTHY_NANOS) {
      return probe();
    }
    return true;
  }

  /**
   * Returns true if bytes wait to be read. An idle HTTP/1.1 connection has nothing to say: bytes
   * on it are a response longer than its framing claimed, or one sent late or twice, and the next
   * exchange would take them for its own response. They may wait in our buffer, decrypted in the
   * TLS layer, or in the kernel, which only the TCP socket tells: a TLS socket counts decrypted
   * bytes only. Asking the kernel is one non-blocking system call ({@code FIONREAD}).
   */
  private boolean hasUnreadInput() {
    if (source.getBuffer().size() > 0) return true;
    try {
      if (tlsInput != null && tlsInput.available() > 0) return true;
      return rawInput.available() > 0;
    } catch (IOException e) {
      return true; // A socket that can't say is not one to trust with another exchange.
    }
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

  /**
   * Forbids further exchanges on an HTTP/1.1 connection whose framing or state can't be trusted.
   * On HTTP/2 each exchange has its own stream, so what one exchange asks (such as
   * {@code Connection: close}, meaningless on HTTP/2) or leaves unfinished does not end the
   * connection: it does nothing.
   */
  @Override
  public synchronized void noNewExchanges() {
    if (http2Connection != null) return;
    noNewExchanges = true;
  }

  /** Returns true once this connection may not carry new exchanges. */
  public synchronized boolean isNoNewExchanges() {
    return noNewExchanges;
  }

  @Override
  public synchronized void trackFailure(IOException e) {
    if (http2Connection != null) {
      // A stream reset, an unprocessed stream or a stream timeout ends one exchange only. A
      // failure of the connection has already stopped its new streams, and retires it here.
      if (!http2Connection.isShutdown()) return;
      noNewExchanges = true;
      if (e instanceof UnprocessedStreamException) return; // GOAWAY: the server is not to blame.
    }
    noNewExchanges = true;
    if (successCount.get() == 0) {
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
  public int successCount() {
    return successCount.get();
  }

  /** Records an exchange that completed normally. */
  public void incrementSuccessCount() {
    successCount.incrementAndGet();
  }

  @Override
  public void cancel() {
    closeQuietly(rawSocket);
  }

  /** Gives this connection to {@code call}. The caller holds this connection's lock. */
  public void acquire(Call call) {
    acquire(call, null);
  }

  /**
   * Gives this connection to {@code call}, which runs {@code onLeak} (if not null) should it be
   * garbage collected while it holds the connection. {@code onLeak} must not reference the call,
   * or it never would be. The caller holds this connection's lock.
   */
  public void acquire(Call call, Runnable onLeak) {
    assert Thread.holdsLock(this);
    calls.add(new CallReference(call, call.request().url(), onLeak));
    if (http2Connection == null) busy.set(true);
    pool.connectionAcquired(System.nanoTime());
  }

  /**
   * Records that {@code call} started an exchange through {@code codec} on this HTTP/2
   * connection, so that if the call leaks, its stream can be canceled without retiring the
   * connection.
   */
  void exchangeStarted(Call call, ExchangeCodec codec) {
    if (http2Connection == null) return;
    synchronized (this) {
      // From the end: the call acquired this connection just before its exchange started.
      for (int i = calls.size() - 1; i >= 0; i--) {
        CallReference reference = calls.get(i);
        if (reference.get() == call) {
          reference.codec = codec;
          return;
        }
      }
    }
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
    if (http2Connection == null) busy.set(false);
    idleAtNanos = System.nanoTime();
    return pool.connectionBecameIdle(this) ? socket : null;
  }

  /**
   * Drops references to calls that were garbage collected without releasing this connection, and
   * returns how many calls still hold it. On HTTP/2 the leaked calls go to {@code leaked}, for the
   * caller to cancel their streams and report them once it released the lock. The caller holds
   * this connection's lock.
   */
  int pruneLeakedCalls(long nowNanos, long keepAliveNanos, List<CallReference> leaked) {
    for (int i = calls.size() - 1; i >= 0; i--) {
      CallReference reference = calls.get(i);
      if (reference.get() != null) continue;
      calls.remove(i);
      if (reference.onLeak != null) reference.onLeak.run();
      if (http2Connection != null) {
        // Only the leaked call's stream is stuck: it is reset, which frees its slot and returns
        // what it buffered to the connection's window. The other calls carry on.
        leaked.add(reference);
        if (calls.isEmpty()) idleAtNanos = nowNanos;
        continue;
      }
      pool.reportLeak(reference.url.redact());
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

  /**
   * Returns how many calls hold this connection: at most one on HTTP/1.1, one per stream on
   * HTTP/2. The caller holds this connection's lock.
   */
  int activeStreams() {
    return calls.size();
  }

  /** Returns the number of exchanges this connection carried. */
  long exchangeCount() {
    return exchangeCount.get();
  }

  /** Returns when this connection was established, on the {@link System#nanoTime()} clock. */
  long createdAtNanos() {
    return createdAtNanos;
  }

  /** Marks this connection retired. The caller holds this connection's lock. */
  void retire() {
    noNewExchanges = true;
  }

  /**
   * Closes the connection of a call that no longer holds it: on HTTP/2, with GOAWAY first, so the
   * server knows the client left on purpose.
   */
  void close() {
    if (http2Connection != null) {
      http2Connection.close();
    } else {
      closeQuietly(socket);
    }
  }

  /**
   * Waits up to {@code timeoutMillis} for the threads serving this closed connection to end: the
   * HTTP/2 reader, and the shared pinger if nothing else needs it.
   */
  void awaitClosed(long timeoutMillis) throws InterruptedException {
    if (http2Connection != null) http2Connection.awaitTermination(timeoutMillis);
  }

  /**
   * Makes this new HTTP/2 connection hold {@code reservation} until other calls can share it:
   * once the pool has it and the server's SETTINGS told its stream limit, or once it can take no
   * streams at all.
   */
  void holdReservation(ConnectCoalescer.Reservation reservation) {
    synchronized (this) {
      this.reservation = reservation;
    }
    releaseReservationIfShareable();
  }

  /** Records that the pool holds this connection, which may now be shared. */
  void pooled() {
    synchronized (this) {
      pooled = true;
    }
    releaseReservationIfShareable();
  }

  private void releaseReservationIfShareable() {
    ConnectCoalescer.Reservation toRelease;
    synchronized (this) {
      if (reservation == null) return;
      boolean shareable = pooled && http2Connection.isPeerSettingsReceived();
      if (!shareable && !http2Connection.isShutdown()) return;
      toRelease = reservation;
      reservation = null;
    }
    toRelease.release();
  }

  /** Hears what the HTTP/2 connection says about itself. Called without its locks held. */
  private final class Http2Listener implements Http2Connection.Listener {
    @Override
    public void settingsChanged(Http2Connection connection) {
      releaseReservationIfShareable();
    }

    @Override
    public void noNewStreams(Http2Connection connection) {
      synchronized (RealConnection.this) {
        noNewExchanges = true;
      }
      releaseReservationIfShareable();
      pool.connectionRetired();
    }
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
