package dev.courier.internal.http2;

import static dev.courier.internal.http2.Http2.FLAG_ACK;
import static dev.courier.internal.http2.Http2.FLAG_NONE;
import static dev.courier.internal.http2.Http2.MAX_WINDOW_SIZE;
import static dev.courier.internal.http2.Http2.TYPE_DATA;
import static dev.courier.internal.http2.Http2.TYPE_HEADERS;
import static dev.courier.internal.http2.Http2.TYPE_PING;
import static dev.courier.internal.http2.Http2.TYPE_RST_STREAM;
import static dev.courier.internal.http2.Http2.TYPE_SETTINGS;
import static dev.courier.internal.http2.Http2.TYPE_WINDOW_UPDATE;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import dev.courier.Request;
import dev.courier.internal.concurrent.CourierThreads;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Timeout;

/**
 * A client's HTTP/2 connection (RFC 9113): many concurrent streams over one socket.
 *
 * <p>A daemon thread, {@code courier-http2-<name>}, reads every frame the server sends and
 * delivers it to its stream; calls write their own HEADERS and DATA through the shared
 * {@link FrameWriter}. The connection enforces what a careful client must: the server's stream
 * limit and flow-control windows on the way out; this side's windows, frame and header-list
 * limits on the way in; the state rules of RFC 9113 §5.1, so a frame for a stream this side never
 * opened, or DATA after END_STREAM, is an error and never reaches another call. An error confined
 * to one stream resets that stream; one that affects the connection (a malformed frame, an HPACK
 * failure, a window overflow, a flood of PINGs or SETTINGS) sends GOAWAY with its RFC 9113 error
 * code, fails every stream with an exception naming it, and closes the socket.
 *
 * <p>Lifecycle: after a GOAWAY from the server, streams above its last stream id fail with
 * {@link UnprocessedStreamException} (retry them elsewhere) and the connection takes no new
 * streams; {@link #shutdown()} sends GOAWAY and closes once the streams drain; {@link #close()}
 * closes at once. With a ping interval the connection sends a PING each interval and fails if the
 * previous one went unanswered; {@link #isHealthy(boolean)} pings an idle connection before it is
 * reused, and a connection that missed a PING takes no new streams, ever.
 *
 * <p>Locks, in the order they may be taken: the writer's, this connection's monitor (streams,
 * settings, send windows, pings), a stream's monitor (what it received). None is held across a
 * blocking read or a socket write (the writer's flusher writes with no lock held); the reader
 * thread never waits for the writer's.
 */
public final class Http2Connection implements Closeable {
  /** The flow-control window each stream grants the server by default. */
  public static final int DEFAULT_STREAM_WINDOW_SIZE = 4 * 1024 * 1024;
  /** The flow-control window the connection grants the server by default. */
  public static final int DEFAULT_CONNECTION_WINDOW_SIZE = 16 * 1024 * 1024;
  /** The largest response header list accepted by default, as HTTP/1.1 allows: 256 KiB. */
  public static final int DEFAULT_MAX_HEADER_LIST_SIZE = 256 * 1024;
  /** Streams assumed allowed until the server's SETTINGS say (RFC 9113 §6.5.2 recommends 100). */
  static final int MAX_CONCURRENT_STREAMS_BEFORE_SETTINGS = 100;
  /** PING and SETTINGS frames the server may send per second before it is taken as a flood. */
  static final int MAX_CONTROL_FRAMES_PER_SECOND = 1000;
  /** How long a PING sent after a stream timed out may go unanswered. */
  static final long DEGRADED_PONG_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** A connection idle this long is pinged by {@link #isHealthy(boolean)} before reuse. */
  public static final int DEFAULT_HEALTH_CHECK_AFTER_IDLE_MILLIS = 10_000;
  /** The largest batch of DATA written under the writer's lock, so streams take turns. */
  static final int MAX_WRITE_BATCH = 64 * 1024;
  /** How long, and for how many bytes, a connection failed by the server reads on after GOAWAY. */
  private static final long LINGER_MILLIS = 250;
  private static final long LINGER_MAX_BYTES = 1024 * 1024;
  /** How long a failing connection waits for the writer to send its GOAWAY before closing. */
  private static final long GOAWAY_TIMEOUT_MILLIS = 1_000;
  private static final int MAX_STREAM_ID = Integer.MAX_VALUE;
  /** How many recently finished stream ids are remembered to tell late frames from bad ones. */
  private static final int FINISHED_STREAMS_REMEMBERED = 64;

  /** Told about changes the connection pool cares about; called without locks held. */
  public interface Listener {
    /** The server's SETTINGS arrived or changed, possibly its stream limit. */
    default void settingsChanged(Http2Connection connection) {
    }

    /** A stream ended, freeing a slot. */
    default void streamEnded(Http2Connection connection) {
    }

    /** The connection takes no new streams: GOAWAY, a failure, a missed PING or a shutdown. */
    default void noNewStreams(Http2Connection connection) {
    }
  }

  private final Socket socket;
  private final BufferedSource source;
  private final String name;
  private final Listener listener;
  private final int streamWindowSize;
  private final int connectionWindowSize;
  private final int maxHeaderListSize;
  private final int pingIntervalMillis;
  private final int healthCheckTimeoutMillis;
  private final long healthCheckAfterIdleNanos;
  private final FrameReader frameReader;
  private final FrameWriter writer;
  private final ReaderLoop readerLoop = new ReaderLoop();
  private volatile Thread readerThread;

  // Guarded by this.
  private final StreamTable streams = new StreamTable();
  private int nextStreamId = 1;
  private boolean noNewStreams;
  private String noNewStreamsReason;
  private boolean noNewStreamsReported;
  private IOException failure;
  private int goAwayLastStreamId = Integer.MAX_VALUE;
  private boolean peerSettingsReceived;
  private int peerMaxConcurrentStreams = MAX_CONCURRENT_STREAMS_BEFORE_SETTINGS;
  private int peerInitialWindowSize = Http2.DEFAULT_INITIAL_WINDOW_SIZE;
  private int peerMaxHeaderListSize = Integer.MAX_VALUE;
  private long sendWindow = Http2.DEFAULT_INITIAL_WINDOW_SIZE;
  private final int[] finishedStreams = new int[FINISHED_STREAMS_REMEMBERED];
  private int finishedStreamsNext;
  private long pingsSent;
  private long highestPong;
  private long keepAlivePing;
  private long degradedPing;
  private long degradedPingSentAtNanos;

  // Guarded by receiveLock: the connection-level window this side grants.
  private final Object receiveLock = new Object();
  private long receiveWindow;
  private long receiveUnacknowledged;

  /** When the last frame arrived, on the {@link System#nanoTime()} clock. */
  private volatile long lastReadNanos = System.nanoTime();

  private Http2Connection(Builder builder) {
    this.socket = builder.socket;
    this.source = builder.source;
    this.name = builder.name;
    this.listener = builder.listener;
    this.streamWindowSize = builder.streamWindowSize;
    this.connectionWindowSize = builder.connectionWindowSize;
    this.maxHeaderListSize = builder.maxHeaderListSize;
    this.pingIntervalMillis = builder.pingIntervalMillis;
    this.healthCheckTimeoutMillis = builder.healthCheckTimeoutMillis;
    this.healthCheckAfterIdleNanos =
        TimeUnit.MILLISECONDS.toNanos(builder.healthCheckAfterIdleMillis);
    this.receiveWindow = connectionWindowSize;
    HpackDecoder decoder = new HpackDecoder(Http2.DEFAULT_HEADER_TABLE_SIZE, maxHeaderListSize);
    this.frameReader = new FrameReader(builder.source, decoder, Http2.INITIAL_MAX_FRAME_SIZE,
        maxHeaderListSize);
    this.writer = new FrameWriter(builder.sink, this::controlWriteFailed);
  }

  /**
   * Sends the connection preface and this side's SETTINGS, and starts the reader thread. The
   * socket's read timeout is set to none: an idle connection is silent, and each stream has its
   * own read timeout.
   */
  public void start() throws IOException {
    Settings settings = new Settings()
        .set(Settings.ENABLE_PUSH, 0)
        .set(Settings.MAX_HEADER_LIST_SIZE, maxHeaderListSize);
    if (streamWindowSize != Http2.DEFAULT_INITIAL_WINDOW_SIZE) {
      settings.set(Settings.INITIAL_WINDOW_SIZE, streamWindowSize);
    }
    socket.setSoTimeout(0);
    writer.lock();
    try {
      writer.connectionPreface(settings,
          connectionWindowSize - Http2.DEFAULT_INITIAL_WINDOW_SIZE);
    } finally {
      writer.unlock();
    }
    Thread thread = CourierThreads.newDaemonThread("http2-" + name, readerLoop);
    readerThread = thread;
    thread.start();
    if (pingIntervalMillis > 0) KeepAlivePinger.register(this, pingIntervalMillis);
  }

  /**
   * Opens a stream for {@code request} and writes its HEADERS, flushing them at once unless a
   * body follows ({@code hasBody}), which is then written to the stream's sink.
   *
   * @throws UnprocessedStreamException if the connection takes no new streams, or is at the
   *     server's stream limit; nothing was sent, so the request may go to another connection
   * @throws IOException if writing failed, which fails the connection
   */
  public Http2Stream newStream(Request request, boolean hasBody) throws IOException {
    RequestFields fields = RequestFields.of(request);
    boolean bodyExpected = !request.method().equals("HEAD");
    Http2Stream stream;
    IOException writeFailure = null;
    writer.lock();
    try {
      synchronized (this) {
        if (noNewStreams) {
          throw new UnprocessedStreamException("HTTP/2 connection to " + name
              + " takes no new streams: " + noNewStreamsReason);
        }
        if (streams.size() >= peerMaxConcurrentStreams) {
          throw new UnprocessedStreamException("HTTP/2 connection to " + name + " is at the "
              + "server's limit of " + peerMaxConcurrentStreams + " concurrent streams");
        }
        if (peerMaxHeaderListSize != Integer.MAX_VALUE
            && fields.listSize() > peerMaxHeaderListSize) {
          throw new java.net.ProtocolException("Request header list of " + fields.listSize()
              + " bytes exceeds the server's SETTINGS_MAX_HEADER_LIST_SIZE "
              + peerMaxHeaderListSize);
        }
        int id = nextStreamId;
        nextStreamId += 2;
        if (nextStreamId < 0 || nextStreamId > MAX_STREAM_ID) {
          markNoNewStreams("stream ids are exhausted");
        }
        stream = new Http2Stream(this, id, !hasBody, bodyExpected, streamWindowSize,
            peerInitialWindowSize);
        streams.put(id, stream);
      }
      try {
        writer.headers(stream.id(), !hasBody, fields);
        if (!hasBody) writer.flushOnUnlock(); // By this thread, or by the flusher at work.
      } catch (IOException e) {
        writeFailure = e;
      }
    } finally {
      writer.unlock();
    }
    reportNoNewStreams();
    if (writeFailure != null) throw writeFailed(writeFailure);
    return stream;
  }

  /** Returns how many streams are open. */
  public synchronized int activeStreamCount() {
    return streams.size();
  }

  /**
   * Returns how many streams the server allows at once: its SETTINGS_MAX_CONCURRENT_STREAMS
   * ({@code Integer.MAX_VALUE} if its SETTINGS name none), or
   * {@value #MAX_CONCURRENT_STREAMS_BEFORE_SETTINGS} until its SETTINGS arrive.
   */
  public synchronized int maxConcurrentStreams() {
    return peerMaxConcurrentStreams;
  }

  /**
   * Returns how many streams may be open at once: the server's SETTINGS_MAX_CONCURRENT_STREAMS
   * once its SETTINGS arrived; 0 before that, while as many streams are open as it allows, and
   * once the connection takes no new streams. A pool shares the connection up to this many calls;
   * until the server's limit is known, only the call that opened the connection uses it.
   */
  public synchronized int allocationLimit() {
    if (noNewStreams || !peerSettingsReceived || degradedPongOverdue()
        || streams.size() >= peerMaxConcurrentStreams) {
      return 0;
    }
    return peerMaxConcurrentStreams;
  }

  /** Returns true once the server's first SETTINGS frame arrived. */
  public synchronized boolean isPeerSettingsReceived() {
    return peerSettingsReceived;
  }

  /** Returns true if a new stream may be opened now: the connection is usable and not full. */
  public synchronized boolean canTakeNewStream() {
    return !noNewStreams && streams.size() < peerMaxConcurrentStreams && !degradedPongOverdue();
  }

  /** Returns true once the connection takes no new streams, for good. */
  public synchronized boolean isShutdown() {
    return noNewStreams;
  }

  /** Returns the name of the connection's peer, as given to the builder. */
  public String name() {
    return name;
  }

  /**
   * Returns true if the connection can take new streams. With {@code doExtensiveChecks}, a
   * connection that received nothing for a while is first asked for a PING acknowledgement, within
   * the health-check timeout; one that misses it takes no new streams again.
   */
  public boolean isHealthy(boolean doExtensiveChecks) {
    boolean overdue;
    synchronized (this) {
      if (noNewStreams) return false;
      overdue = degradedPongOverdue();
    }
    if (overdue) {
      markUnusable("a PING sent after a stream timed out went unanswered for "
          + TimeUnit.NANOSECONDS.toMillis(DEGRADED_PONG_TIMEOUT_NANOS) + " ms");
      return false;
    }
    if (socket.isClosed() || socket.isInputShutdown() || socket.isOutputShutdown()) return false;
    if (doExtensiveChecks
        && System.nanoTime() - lastReadNanos >= healthCheckAfterIdleNanos) {
      return awaitPong(healthCheckTimeoutMillis);
    }
    return true;
  }

  /**
   * Sends a PING and waits up to {@code timeoutMillis} for its acknowledgement. Returns false if
   * it did not come, in which case the connection takes no new streams from now on.
   */
  public boolean awaitPong(int timeoutMillis) {
    long ping;
    synchronized (this) {
      if (failure != null) return false;
      ping = ++pingsSent;
    }
    writer.control(TYPE_PING, FLAG_NONE, 0, ping);
    synchronized (this) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      try {
        while (highestPong < ping && failure == null) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) break;
          TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (highestPong >= ping) return true;
    }
    markUnusable("a PING went unanswered for " + timeoutMillis + " ms");
    return false;
  }

  /**
   * Stops taking new streams and tells the server with GOAWAY; the socket closes once the open
   * streams end.
   */
  public void shutdown() throws IOException {
    synchronized (this) {
      if (failure != null) return;
      markNoNewStreams("it was shut down");
    }
    // Queued after the HEADERS of every stream opened before the mark above, and written before
    // this returns, so that closing the drained connection next cannot lose it.
    writer.goAwayBeforeClosing(ErrorCode.NO_ERROR, GOAWAY_TIMEOUT_MILLIS);
    reportNoNewStreams();
    closeIfDrained();
  }

  /**
   * Closes the connection now: sends GOAWAY, fails the open streams and closes the socket, which
   * ends the reader thread.
   */
  @Override
  public void close() {
    failConnection(ErrorCode.NO_ERROR, new IOException("HTTP/2 connection to " + name
        + " was closed"));
  }

  /**
   * Waits up to {@code timeoutMillis} for the reader thread to end, which it does soon after the
   * connection closed, and for the shared pinger thread to end if no connection needs it any more.
   */
  public void awaitTermination(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    Thread thread = readerThread;
    if (thread != null) thread.join(Math.max(1, timeoutMillis));
    KeepAlivePinger.awaitIdle(deadline);
  }

  @Override
  public String toString() {
    return "Http2Connection{" + name + "}";
  }

  // Used by streams.

  /** Returns the largest DATA frame the server accepts. */
  int peerMaxFrameSize() {
    return writer.peerMaxFrameSize();
  }

  /**
   * Takes up to {@code wanted} bytes of send credit for {@code stream}, waiting within
   * {@code timeout} while its window or the connection's is empty. Returns the credit, 0 if the
   * stream now discards what it is sent, or -1 if the timeout elapsed.
   */
  int takeSendCredit(Http2Stream stream, long wanted, Timeout timeout) throws IOException {
    synchronized (this) {
      Http2Stream.Waiter waiter = null;
      while (true) {
        IOException streamFailure = stream.writeFailure();
        if (streamFailure != null) throw streamFailure;
        if (failure != null) throw forStream(failure);
        if (!stream.isOpen()) return 0;
        if (stream.sendWindow > 0 && sendWindow > 0) {
          long credit = Math.min(Math.min(stream.sendWindow, sendWindow),
              Math.min(wanted, MAX_WRITE_BATCH));
          stream.sendWindow -= credit;
          sendWindow -= credit;
          return (int) credit;
        }
        if (waiter == null) waiter = new Http2Stream.Waiter(timeout);
        if (!waiter.await(this)) return -1;
      }
    }
  }

  /**
   * Writes {@code byteCount} bytes of {@code source} as DATA frames of {@code stream}, the last
   * with END_STREAM if {@code endStream}; the caller holds the send credit. Writes nothing if the
   * stream was reset meanwhile, returning the credit.
   */
  void writeData(Http2Stream stream, boolean endStream, Buffer source, int byteCount)
      throws IOException {
    IOException writeFailure = null;
    boolean written = false;
    writer.lock();
    try {
      writer.awaitRoom(); // Releases the writer's lock while the socket catches up.
      if (!stream.hasWriteFailure() && stream.isOpen()) {
        written = true;
        int maxFrameSize = writer.peerMaxFrameSize();
        int remaining = byteCount;
        do {
          int length = Math.min(remaining, maxFrameSize);
          remaining -= length;
          writer.data(stream.id(), endStream && remaining == 0, source, length);
        } while (remaining > 0);
        // Sent now, not when the body is flushed: the server grants more window only for DATA it
        // received, and the rest of the body may be waiting for that window.
        writer.flushOnUnlock();
      }
    } catch (IOException e) {
      writeFailure = e;
    } finally {
      writer.unlock();
    }
    if (writeFailure != null) throw writeFailed(writeFailure);
    if (!written && byteCount > 0) {
      synchronized (this) {
        sendWindow += byteCount;
        notifyAll();
      }
    }
  }

  /**
   * Sends what the writer queued, by this thread or by the flusher at work (see
   * {@link FrameWriter#flushOnUnlock()}).
   *
   * @throws IOException if the connection failed, possibly while flushing
   */
  void flush() throws IOException {
    writer.lock();
    try {
      writer.flushOnUnlock();
    } finally {
      writer.unlock();
    }
    IOException failed;
    synchronized (this) {
      failed = failure;
    }
    if (failed != null) throw forStream(failed);
  }

  /**
   * Fails the connection after a write failed with {@code e}, and returns what the writing call
   * should see: the failure that broke the connection first, if one did (a socket closed because
   * the server broke the protocol fails the next write, but the protocol error is the news).
   */
  private IOException writeFailed(IOException e) {
    IOException first;
    synchronized (this) {
      first = failure;
    }
    if (first != null) return forStream(first);
    failConnection(null, e);
    return e;
  }

  /** Sends RST_STREAM without waiting for the writer. */
  void writeResetLater(int streamId, ErrorCode code) {
    writer.control(TYPE_RST_STREAM, FLAG_NONE, streamId, code.code());
  }

  /** Grants the server {@code increment} more bytes on a stream, without waiting for the writer. */
  void writeWindowUpdateLater(int streamId, int increment) {
    writer.control(TYPE_WINDOW_UPDATE, FLAG_NONE, streamId, increment);
  }

  /**
   * Credits {@code byteCount} bytes consumed (read by a call, or discarded) to the connection
   * window, and grants them back with WINDOW_UPDATE once half the window is owed: updates are few,
   * and the server is never starved.
   */
  void releaseReceiveBytes(long byteCount) {
    if (byteCount <= 0) return;
    long increment = 0;
    synchronized (receiveLock) {
      receiveUnacknowledged += byteCount;
      if (receiveUnacknowledged >= connectionWindowSize / 2) {
        increment = receiveUnacknowledged;
        receiveUnacknowledged = 0;
        receiveWindow += increment;
      }
    }
    if (increment > 0) writer.control(TYPE_WINDOW_UPDATE, FLAG_NONE, 0, increment);
  }

  /** Records that {@code stream} ended normally: both sides sent END_STREAM. */
  void streamFinished(Http2Stream stream) {
    removeStream(stream, true);
  }

  /** Records that {@code stream} ended with a reset or a failure. */
  void streamEnded(Http2Stream stream) {
    removeStream(stream, false);
  }

  /**
   * Probes the connection after a stream timed out: if the PING goes unanswered for a second, the
   * connection is degraded and takes no new streams.
   */
  void sendDegradedPing() {
    long ping;
    synchronized (this) {
      if (failure != null || degradedPing > highestPong) return; // One probe at a time.
      ping = ++pingsSent;
      degradedPing = ping;
      degradedPingSentAtNanos = System.nanoTime();
    }
    writer.control(TYPE_PING, FLAG_NONE, 0, ping);
  }

  /**
   * Sends the keep-alive PING, or fails the connection if the previous one is unanswered. Returns
   * false once the connection is done, so the pinger forgets it.
   */
  boolean keepAlivePing() {
    long ping;
    boolean missed;
    synchronized (this) {
      if (failure != null) return false;
      missed = keepAlivePing > highestPong;
      ping = ++pingsSent;
      if (!missed) keepAlivePing = ping;
    }
    if (missed) {
      failConnection(null, new SocketTimeoutException("HTTP/2 connection to " + name
          + " did not acknowledge a PING within " + pingIntervalMillis + " ms (pingInterval)"));
      return false;
    }
    writer.control(TYPE_PING, FLAG_NONE, 0, ping);
    return true;
  }

  private void removeStream(Http2Stream stream, boolean finished) {
    boolean drained;
    synchronized (this) {
      if (streams.get(stream.id()) != stream) return;
      streams.remove(stream.id());
      if (finished) {
        finishedStreams[finishedStreamsNext] = stream.id();
        finishedStreamsNext = (finishedStreamsNext + 1) % FINISHED_STREAMS_REMEMBERED;
      }
      notifyAll();
      // Checked here so the reader thread, which ends most streams, takes the lock once for it.
      drained = noNewStreams && failure == null && streams.size() == 0;
    }
    listener.streamEnded(this);
    if (drained) closeIfDrained();
  }

  /** Closes a connection that takes no new streams once its last stream ended. */
  private void closeIfDrained() {
    synchronized (this) {
      if (!noNewStreams || failure != null || streams.size() > 0) return;
    }
    failConnection(null, new IOException("HTTP/2 connection to " + name + " was shut down"));
  }

  private boolean degradedPongOverdue() {
    return degradedPing > highestPong
        && System.nanoTime() - degradedPingSentAtNanos >= DEGRADED_PONG_TIMEOUT_NANOS;
  }

  /** Stops new streams because the connection can't be trusted to carry them. */
  private void markUnusable(String reason) {
    synchronized (this) {
      markNoNewStreams(reason);
    }
    reportNoNewStreams();
  }

  private void markNoNewStreams(String reason) {
    assert Thread.holdsLock(this);
    if (noNewStreams) return;
    noNewStreams = true;
    noNewStreamsReason = reason;
  }

  /** Tells the listener, once, that the connection takes no new streams. */
  private void reportNoNewStreams() {
    synchronized (this) {
      if (!noNewStreams || noNewStreamsReported) return;
      noNewStreamsReported = true;
    }
    listener.noNewStreams(this);
  }

  private void controlWriteFailed(IOException e) {
    failConnection(e instanceof Http2ProtocolException ? ((Http2ProtocolException) e).errorCode()
        : null, e);
  }

  /**
   * Fails the connection with {@code cause}: sends GOAWAY with {@code goAwayCode} if not null,
   * fails every open stream, closes the socket. Only the first call does anything.
   */
  void failConnection(ErrorCode goAwayCode, IOException cause) {
    failConnection(goAwayCode, cause, false);
  }

  /**
   * Fails the connection; {@code linger}, for the reader thread only, reads and discards what the
   * server still sends for a moment before closing, so that the socket closes with a FIN after the
   * GOAWAY rather than a reset that could destroy the GOAWAY before the server reads it.
   */
  private void failConnection(ErrorCode goAwayCode, IOException cause, boolean linger) {
    Http2Stream[] open;
    synchronized (this) {
      if (failure != null) return;
      failure = cause;
      markNoNewStreams(cause.getMessage());
      open = streams.snapshot();
      streams.clear();
      notifyAll();
    }
    boolean goAwaySent = goAwayCode != null
        && writer.goAwayBeforeClosing(goAwayCode, GOAWAY_TIMEOUT_MILLIS);
    if (!linger || !goAwaySent) closeSocket();
    for (Http2Stream stream : open) {
      stream.fail(forStream(cause));
    }
    if (linger && goAwaySent) lingerThenClose();
    KeepAlivePinger.unregister(this);
    reportNoNewStreams();
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // The connection is abandoned either way.
    }
  }

  /** Ends output, then discards input until the server closes or a short while passes. */
  private void lingerThenClose() {
    try {
      if (!(socket instanceof javax.net.ssl.SSLSocket)) socket.shutdownOutput();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
      long discarded = 0;
      while (discarded < LINGER_MAX_BYTES) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) break;
        socket.setSoTimeout((int) remaining);
        if (!source.request(1)) break; // The server closed too.
        discarded += source.getBuffer().size();
        source.getBuffer().clear();
      }
    } catch (IOException | RuntimeException ignored) {
      // Lingering is a courtesy; the socket is closed either way.
    } finally {
      closeSocket();
    }
  }

  /** Returns the exception one stream's caller sees for a connection failure. */
  private static IOException forStream(IOException cause) {
    return FailureCopies.copy(cause);
  }

  /**
   * Returns the open stream {@code streamId} names, or null if the frame is for a stream that
   * ended and is to be ignored.
   *
   * @throws Http2ProtocolException if the stream was never opened, or finished before a DATA or
   *     HEADERS frame arrived for it
   */
  private synchronized Http2Stream liveStream(int streamId, int type)
      throws Http2ProtocolException {
    Http2Stream stream = streams.get(streamId);
    if (stream != null) return stream;
    if ((streamId & 1) == 0) {
      throw new Http2ProtocolException(ErrorCode.PROTOCOL_ERROR, Http2.typeName(type)
          + " frame on stream " + streamId + ", which a server cannot open with push disabled");
    }
    if (streamId >= nextStreamId) {
      throw new Http2ProtocolException(ErrorCode.PROTOCOL_ERROR, Http2.typeName(type)
          + " frame on stream " + streamId + ", which this client never opened");
    }
    if (type == TYPE_DATA || type == TYPE_HEADERS) {
      for (int finished : finishedStreams) {
        if (finished == streamId) {
          throw new Http2ProtocolException(ErrorCode.STREAM_CLOSED, Http2.typeName(type)
              + " frame on stream " + streamId + " after END_STREAM");
        }
      }
    }
    return null; // Ended by a reset: frames in flight are ignored (RFC 9113 §5.1).
  }

  /** Reads frames until the connection ends, then fails what is left. */
  private final class ReaderLoop implements Runnable, FrameReader.Handler {
    private long controlWindowStartNanos = System.nanoTime();
    private int controlFramesInWindow;

    @Override
    public void run() {
      ErrorCode goAwayCode = null;
      IOException cause;
      try {
        while (frameReader.nextFrame(this)) {
          lastReadNanos = System.nanoTime();
        }
        cause = new EOFException("HTTP/2 connection to " + name + " was closed by the server");
      } catch (Http2ProtocolException e) {
        goAwayCode = e.errorCode();
        cause = e;
      } catch (IOException e) {
        cause = e;
      } catch (RuntimeException e) {
        goAwayCode = ErrorCode.INTERNAL_ERROR;
        cause = new IOException("HTTP/2 reader failed on " + name, e);
      }
      failConnection(goAwayCode, cause, true);
    }

    @Override
    public void data(int streamId, boolean endStream, BufferedSource source, int dataLength,
        int flowControlledLength) throws IOException {
      synchronized (receiveLock) {
        if (flowControlledLength > receiveWindow) {
          throw new Http2ProtocolException(ErrorCode.FLOW_CONTROL_ERROR, "DATA of "
              + flowControlledLength + " bytes on stream " + streamId
              + " exceeds the connection window of " + receiveWindow);
        }
        receiveWindow -= flowControlledLength;
      }
      Http2Stream stream = liveStream(streamId, TYPE_DATA);
      if (stream == null) {
        source.skip(dataLength);
        releaseReceiveBytes(flowControlledLength);
        return;
      }
      source.require(dataLength);
      stream.receiveData(source.getBuffer(), dataLength, flowControlledLength, endStream);
    }

    @Override
    public void headers(int streamId, boolean endStream, HpackDecoder fields) throws IOException {
      Http2Stream stream = liveStream(streamId, TYPE_HEADERS);
      if (stream != null) stream.receiveHeaders(fields, endStream);
    }

    @Override
    public void rstStream(int streamId, int errorCode) throws IOException {
      Http2Stream stream = liveStream(streamId, TYPE_RST_STREAM);
      if (stream != null) stream.receiveReset(errorCode);
    }

    @Override
    public void settings(Settings settings) throws IOException {
      countControlFrame();
      boolean overflow = false;
      synchronized (Http2Connection.this) {
        if (settings.isSet(Settings.INITIAL_WINDOW_SIZE)) {
          int size = settings.get(Settings.INITIAL_WINDOW_SIZE);
          long delta = (long) size - peerInitialWindowSize;
          peerInitialWindowSize = size;
          for (Http2Stream stream : streams.snapshot()) {
            stream.sendWindow += delta;
            if (stream.sendWindow > MAX_WINDOW_SIZE) overflow = true;
          }
        }
        if (settings.isSet(Settings.MAX_CONCURRENT_STREAMS)) {
          peerMaxConcurrentStreams = settings.get(Settings.MAX_CONCURRENT_STREAMS);
        } else if (!peerSettingsReceived) {
          // The limit assumed until now was a guess; a server that names none sets none.
          peerMaxConcurrentStreams = Integer.MAX_VALUE;
        }
        if (settings.isSet(Settings.MAX_HEADER_LIST_SIZE)) {
          peerMaxHeaderListSize = settings.get(Settings.MAX_HEADER_LIST_SIZE);
        }
        if (settings.isSet(Settings.MAX_FRAME_SIZE)) {
          writer.peerMaxFrameSize(settings.get(Settings.MAX_FRAME_SIZE));
        }
        if (settings.isSet(Settings.HEADER_TABLE_SIZE)) {
          writer.peerHeaderTableSize(settings.get(Settings.HEADER_TABLE_SIZE));
        }
        peerSettingsReceived = true;
        Http2Connection.this.notifyAll();
      }
      if (overflow) {
        throw new Http2ProtocolException(ErrorCode.FLOW_CONTROL_ERROR,
            "SETTINGS_INITIAL_WINDOW_SIZE grows a stream window past 2^31-1");
      }
      writer.control(TYPE_SETTINGS, FLAG_ACK, 0, 0);
      listener.settingsChanged(Http2Connection.this);
    }

    @Override
    public void settingsAck() {
      // This side sends one SETTINGS, whose values need no acknowledgement to take effect here.
    }

    @Override
    public void ping(boolean ack, long payload) throws IOException {
      if (!ack) {
        countControlFrame();
        writer.control(TYPE_PING, FLAG_ACK, 0, payload);
        return;
      }
      synchronized (Http2Connection.this) {
        if (payload > highestPong && payload <= pingsSent) {
          highestPong = payload;
          Http2Connection.this.notifyAll();
        }
      }
    }

    @Override
    public void goAway(int lastStreamId, int errorCode) {
      Http2Stream[] unprocessed;
      String reason = "the server sent GOAWAY (" + ErrorCode.describe(errorCode)
          + ", last stream " + lastStreamId + ")";
      synchronized (Http2Connection.this) {
        goAwayLastStreamId = Math.min(goAwayLastStreamId, lastStreamId);
        markNoNewStreams(reason);
        int count = 0;
        Http2Stream[] open = streams.snapshot();
        for (Http2Stream stream : open) {
          if (stream.id() > goAwayLastStreamId) {
            streams.remove(stream.id());
            open[count++] = stream;
          }
        }
        unprocessed = java.util.Arrays.copyOf(open, count);
        Http2Connection.this.notifyAll();
      }
      for (Http2Stream stream : unprocessed) {
        stream.fail(new UnprocessedStreamException("Stream " + stream.id() + " was not processed: "
            + reason));
      }
      reportNoNewStreams();
      closeIfDrained();
    }

    @Override
    public void windowUpdate(int streamId, int increment) throws IOException {
      Http2Stream overflowed = null;
      synchronized (Http2Connection.this) {
        if (streamId == 0) {
          sendWindow += increment;
          if (sendWindow > MAX_WINDOW_SIZE) {
            throw new Http2ProtocolException(ErrorCode.FLOW_CONTROL_ERROR,
                "WINDOW_UPDATE grows the connection window past 2^31-1");
          }
        } else {
          Http2Stream stream = liveStream(streamId, TYPE_WINDOW_UPDATE);
          if (stream == null) return;
          stream.sendWindow += increment;
          if (stream.sendWindow > MAX_WINDOW_SIZE) overflowed = stream;
        }
        Http2Connection.this.notifyAll();
      }
      if (overflowed != null) {
        overflowed.resetLocally(ErrorCode.FLOW_CONTROL_ERROR, new Http2ProtocolException(
            ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE grows the window of stream " + streamId
                + " past 2^31-1"));
      }
    }

    @Override
    public void streamError(int streamId, Http2ProtocolException e) {
      Http2Stream stream;
      synchronized (Http2Connection.this) {
        stream = streams.get(streamId);
      }
      if (stream != null) stream.resetLocally(e.errorCode(), e);
    }

    /** Counts a PING or SETTINGS that demands a reply, failing a peer that floods them. */
    private void countControlFrame() throws Http2ProtocolException {
      long now = System.nanoTime();
      if (now - controlWindowStartNanos > TimeUnit.SECONDS.toNanos(1)) {
        controlWindowStartNanos = now;
        controlFramesInWindow = 0;
      }
      if (++controlFramesInWindow > MAX_CONTROL_FRAMES_PER_SECOND) {
        throw new Http2ProtocolException(ErrorCode.ENHANCE_YOUR_CALM, "More than "
            + MAX_CONTROL_FRAMES_PER_SECOND + " PING and SETTINGS frames in a second");
      }
    }
  }

  /** Configures a connection over an established socket. */
  public static final class Builder {
    private final Socket socket;
    private final BufferedSource source;
    private final BufferedSink sink;
    private String name;
    private Listener listener = new Listener() {
    };
    private int streamWindowSize = DEFAULT_STREAM_WINDOW_SIZE;
    private int connectionWindowSize = DEFAULT_CONNECTION_WINDOW_SIZE;
    private int maxHeaderListSize = DEFAULT_MAX_HEADER_LIST_SIZE;
    private int pingIntervalMillis;
    private int healthCheckTimeoutMillis = 1000;
    private int healthCheckAfterIdleMillis = DEFAULT_HEALTH_CHECK_AFTER_IDLE_MILLIS;

    /**
     * Starts a builder for a connection on {@code socket}, read through {@code source} and written
     * through {@code sink}, both over the socket (after TLS, if any). The sink should enforce the
     * write timeout on blocked socket writes; the source must not time out.
     */
    public Builder(Socket socket, BufferedSource source, BufferedSink sink) {
      this.socket = socket;
      this.source = source;
      this.sink = sink;
      this.name = socket.getInetAddress() + ":" + socket.getPort();
    }

    /** Names the peer in thread names and messages, such as {@code example.com:443}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Sets who hears about settings, ended streams and the end of new streams. */
    public Builder listener(Listener listener) {
      this.listener = listener;
      return this;
    }

    /** Sets the interval of keep-alive PINGs; 0, the default, sends none. */
    public Builder pingIntervalMillis(int pingIntervalMillis) {
      if (pingIntervalMillis < 0) {
        throw new IllegalArgumentException("pingIntervalMillis < 0: " + pingIntervalMillis);
      }
      this.pingIntervalMillis = pingIntervalMillis;
      return this;
    }

    /** Sets how long {@link #isHealthy(boolean)} waits for a PING acknowledgement. */
    public Builder healthCheckTimeoutMillis(int healthCheckTimeoutMillis) {
      if (healthCheckTimeoutMillis <= 0) {
        throw new IllegalArgumentException("healthCheckTimeoutMillis <= 0: "
            + healthCheckTimeoutMillis);
      }
      this.healthCheckTimeoutMillis = healthCheckTimeoutMillis;
      return this;
    }

    /**
     * Sets how long the connection may have received nothing before {@link #isHealthy(boolean)}
     * with extensive checks pings it; 0 pings every time.
     */
    public Builder healthCheckAfterIdleMillis(int healthCheckAfterIdleMillis) {
      if (healthCheckAfterIdleMillis < 0) {
        throw new IllegalArgumentException("healthCheckAfterIdleMillis < 0: "
            + healthCheckAfterIdleMillis);
      }
      this.healthCheckAfterIdleMillis = healthCheckAfterIdleMillis;
      return this;
    }

    /** Sets the flow-control window granted to each stream: what one body may buffer. */
    public Builder streamWindowSize(int streamWindowSize) {
      if (streamWindowSize < Http2.DEFAULT_INITIAL_WINDOW_SIZE) {
        throw new IllegalArgumentException("streamWindowSize < 65535: " + streamWindowSize);
      }
      this.streamWindowSize = streamWindowSize;
      return this;
    }

    /** Sets the flow-control window of the whole connection: what all bodies may buffer. */
    public Builder connectionWindowSize(int connectionWindowSize) {
      if (connectionWindowSize < Http2.DEFAULT_INITIAL_WINDOW_SIZE) {
        throw new IllegalArgumentException("connectionWindowSize < 65535: "
            + connectionWindowSize);
      }
      this.connectionWindowSize = connectionWindowSize;
      return this;
    }

    /** Sets the largest response header list accepted, in RFC 9113 §6.5.2 octets. */
    public Builder maxHeaderListSize(int maxHeaderListSize) {
      if (maxHeaderListSize < 1024) {
        throw new IllegalArgumentException("maxHeaderListSize < 1024: " + maxHeaderListSize);
      }
      this.maxHeaderListSize = maxHeaderListSize;
      return this;
    }

    /** Returns the connection; {@link Http2Connection#start()} begins talking. */
    public Http2Connection build() {
      return new Http2Connection(this);
    }
  }
}
