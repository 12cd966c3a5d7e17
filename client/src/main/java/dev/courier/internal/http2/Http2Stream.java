package dev.courier.internal.http2;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import dev.courier.Headers;
import okio.Buffer;
import okio.Sink;
import okio.Source;
import okio.Timeout;

/**
 * One request and its response on a multiplexed {@link Http2Connection}: the stream's state
 * (RFC 9113 §5.1), its received header blocks and body bytes, and the sink and source a call
 * reads and writes through.
 *
 * <p>The connection's reader thread delivers frames; the call's thread reads and writes. Received
 * state is guarded by this object's monitor, which a waiting reader sleeps on; the send window is
 * guarded by the connection's. Received body bytes are buffered here up to the stream window this
 * side granted, and each byte the call consumes is credited back with WINDOW_UPDATE frames once
 * half a window has been read, so a large body streams without stalling.
 *
 * <p>Every wait honours the per-stream {@link Timeout}s of {@link #source()} and {@link #sink()}: a
 * read timeout or write timeout fails that wait with a {@link SocketTimeoutException} naming
 * itself, resets the stream with {@code CANCEL} and probes the connection with a PING. A failure of
 * the stream (a reset by either side, a malformed response, the connection failing) ends both the
 * source and the sink with the same exception; other streams are not affected unless the whole
 * connection failed.
 */
public final class Http2Stream {
  /** More interim (1xx) responses than this on one stream is taken as hostile. */
  static final int MAX_INTERIM_RESPONSES = 32;

  private final Http2Connection connection;
  private final int id;
  private final boolean bodyExpected;
  private final int windowSize;
  private final StreamSource source = new StreamSource();
  private final StreamSink sink = new StreamSink();

  // Guarded by this.
  private final Buffer receiveBuffer = new Buffer();
  private final ArrayDeque<HeaderBlock> headerBlocks = new ArrayDeque<>(2);
  private long receiveWindow;
  private int unacknowledged;
  private boolean finalHeadersReceived;
  private boolean finalResponseHasBody;
  private int interimResponses;
  private long declaredContentLength = -1;
  private long receivedDataBytes;
  private Headers trailers;
  private boolean remoteClosed;
  private boolean localClosed;
  private boolean abandonRequestOnRemoteClose;
  private boolean discardWrites;
  private IOException failure;
  /** Ends the request side only, when the response is complete already. */
  private IOException requestFailure;
  private boolean failureThrown;

  /** The peer's flow-control window for this stream; guarded by the connection. */
  long sendWindow;

  Http2Stream(Http2Connection connection, int id, boolean localClosed, boolean bodyExpected,
      int windowSize, long sendWindow) {
    this.connection = connection;
    this.id = id;
    this.localClosed = localClosed;
    this.bodyExpected = bodyExpected;
    this.windowSize = windowSize;
    this.receiveWindow = windowSize;
    this.sendWindow = sendWindow;
  }

  /** Returns the stream id. */
  public int id() {
    return id;
  }

  /** Returns the connection carrying this stream. */
  public Http2Connection connection() {
    return connection;
  }

  /** Returns the source of the response body; its {@link Source#timeout()} is the read timeout. */
  public Source source() {
    return source;
  }

  /** Returns the sink of the request body; its {@link Sink#timeout()} is the write timeout. */
  public Sink sink() {
    return sink;
  }

  /**
   * Returns the next response header block: interim (1xx) heads, then the final head. Waits for it
   * within the read timeout.
   *
   * @throws SocketTimeoutException naming the read timeout if none arrives in time
   * @throws IOException if the stream failed
   */
  public HeaderBlock takeHeaders() throws IOException {
    boolean timedOut = false;
    synchronized (this) {
      Waiter waiter = null;
      while (headerBlocks.isEmpty()) {
        if (failure != null) throw failureToThrow();
        if (waiter == null) waiter = new Waiter(source.timeout);
        if (!waiter.await(this)) {
          timedOut = true;
          break;
        }
      }
      if (!timedOut) return headerBlocks.removeFirst();
    }
    throw timedOut(source.timeout, "Read", "readTimeout");
  }

  /**
   * Returns the trailers once the response body has been read to its end: empty headers if the
   * server sent none. Returns null before that, or if the stream failed.
   */
  public synchronized Headers trailers() {
    if (!remoteClosed || failure != null || receiveBuffer.size() > 0) return null;
    return trailers != null ? trailers : Headers.EMPTY;
  }

  /**
   * Resets the stream with {@code CANCEL}, unless it already ended, failing any wait on it. The
   * connection and its other streams carry on. Safe from any thread.
   */
  public void cancel() {
    resetLocally(ErrorCode.CANCEL, new StreamResetException(ErrorCode.CANCEL));
  }

  /**
   * Ends the request without sending its body, as when a server answered {@code Expect:
   * 100-continue} with a final status: the stream is reset with {@code CANCEL} once the response
   * has arrived (at once if it has), so the server is never left waiting for a body.
   */
  public void abandonRequestBody() {
    boolean resetNow;
    synchronized (this) {
      if (localClosed || failure != null) return;
      resetNow = remoteClosed;
      if (!resetNow) abandonRequestOnRemoteClose = true;
    }
    if (resetNow) endAbandonedRequest();
  }

  /**
   * Ends the request side of a stream whose response is complete with RST_STREAM(CANCEL): the
   * response stays readable, and the stream ends normally.
   */
  private void endAbandonedRequest() {
    synchronized (this) {
      if (localClosed || failure != null) return;
      localClosed = true;
    }
    connection.writeResetLater(id, ErrorCode.CANCEL);
    connection.streamFinished(this);
  }

  /** Returns true while the stream may still send or receive. */
  public synchronized boolean isOpen() {
    return failure == null && !(localClosed && remoteClosed);
  }

  /**
   * Notes whether the final response has a body (not for HEAD, 204 or 304, whatever their
   * content-length says) and the length it declared, for the checks on its DATA.
   */
  private void finalResponseReceived(HeaderBlock block) {
    finalResponseHasBody = bodyExpected && block.status() != 204 && block.status() != 304;
    declaredContentLength = finalResponseHasBody ? block.contentLength() : -1;
  }

  // Called by the connection's reader thread.

  /** Receives a decoded header block. */
  void receiveHeaders(HpackDecoder fields, boolean endStream) {
    Http2ProtocolException error = null;
    boolean finished = false;
    boolean abandon = false;
    synchronized (this) {
      if (failure != null) return; // Reset by this side: frames still in flight are ignored.
      try {
        if (remoteClosed) {
          throw new Http2ProtocolException(ErrorCode.STREAM_CLOSED,
              "HEADERS on stream " + id + " after END_STREAM");
        }
        if (!finalHeadersReceived) {
          HeaderBlock block = ResponseFields.response(fields, id);
          if (block.isInterim()) {
            if (endStream) throw malformed("a " + block.status() + " response with END_STREAM");
            if (++interimResponses > MAX_INTERIM_RESPONSES) {
              throw malformed("more than " + MAX_INTERIM_RESPONSES + " interim responses");
            }
          } else {
            finalHeadersReceived = true;
            finalResponseReceived(block);
          }
          headerBlocks.addLast(block);
        } else {
          if (!endStream) throw malformed("HEADERS after the response head without END_STREAM");
          trailers = ResponseFields.trailers(fields, id);
        }
        if (endStream) {
          checkContentLength();
          remoteClosed = true;
          finished = localClosed;
          abandon = abandonRequestOnRemoteClose;
        }
        notifyAll();
      } catch (Http2ProtocolException e) {
        error = e;
      }
    }
    if (error != null) {
      resetLocally(error.errorCode(), error);
    } else if (abandon) {
      endAbandonedRequest();
    } else if (finished) {
      connection.streamFinished(this);
    }
  }

  /**
   * Receives {@code dataLength} body bytes from {@code source}, which holds them already, from a
   * frame of {@code frameLength} flow-controlled bytes.
   */
  void receiveData(Buffer source, int dataLength, int frameLength, boolean endStream)
      throws IOException {
    long released = frameLength - dataLength; // Padding is consumed as it arrives.
    Http2ProtocolException error = null;
    boolean finished = false;
    boolean abandon = false;
    synchronized (this) {
      if (failure != null) {
        released += dataLength;
        source.skip(dataLength);
      } else {
        try {
          if (remoteClosed) {
            throw new Http2ProtocolException(ErrorCode.STREAM_CLOSED,
                "DATA on stream " + id + " after END_STREAM");
          }
          if (!finalHeadersReceived) throw malformed("DATA before the response head");
          if (frameLength > receiveWindow) {
            throw new Http2ProtocolException(ErrorCode.FLOW_CONTROL_ERROR, "DATA of "
                + frameLength + " bytes on stream " + id + " exceeds its window of "
                + receiveWindow);
          }
          receiveWindow -= frameLength;
          unacknowledged += frameLength - dataLength;
          receivedDataBytes += dataLength;
          if (dataLength > 0 && !finalResponseHasBody) {
            throw malformed("DATA in a response that has no body");
          }
          if (declaredContentLength != -1 && receivedDataBytes > declaredContentLength) {
            throw malformed("more than the " + declaredContentLength
                + " bytes content-length declared");
          }
          if (endStream) checkContentLength();
          receiveBuffer.write(source, dataLength);
          if (endStream) {
            remoteClosed = true;
            finished = localClosed;
            abandon = abandonRequestOnRemoteClose;
          }
          notifyAll();
        } catch (Http2ProtocolException e) {
          error = e;
          source.skip(dataLength);
          released += dataLength;
        }
      }
    }
    if (error != null) resetLocally(error.errorCode(), error);
    connection.releaseReceiveBytes(released);
    if (error == null && abandon) {
      endAbandonedRequest();
    } else if (error == null && finished) {
      connection.streamFinished(this);
    }
  }

  /** Receives a RST_STREAM from the peer. */
  void receiveReset(int wireCode) {
    long released;
    synchronized (this) {
      if (failure != null || (localClosed && remoteClosed)) return;
      if (remoteClosed) {
        // The response is complete and stays readable; only the request is cut short. With
        // NO_ERROR the server says it needs no more of it (RFC 9113 §8.1): the rest is dropped.
        if (wireCode == ErrorCode.NO_ERROR.code()) {
          discardWrites = true;
        } else {
          requestFailure = StreamResetException.fromPeer(wireCode);
        }
        localClosed = true;
        notifyAll();
        released = 0;
      } else {
        boolean unprocessed = wireCode == ErrorCode.REFUSED_STREAM.code() && headerBlocks.isEmpty()
            && !finalHeadersReceived && receivedDataBytes == 0;
        failure = unprocessed
            ? new UnprocessedStreamException("stream " + id + " was refused by the server "
                + "(REFUSED_STREAM) before any processing")
            : StreamResetException.fromPeer(wireCode);
        released = receiveBuffer.size();
        receiveBuffer.clear();
        notifyAll();
      }
    }
    connection.streamEnded(this);
    connection.releaseReceiveBytes(released);
  }

  /**
   * Fails the stream with {@code e} without sending anything: the connection failed, or its GOAWAY
   * excluded this stream.
   */
  void fail(IOException e) {
    long released;
    synchronized (this) {
      if (failure != null || (localClosed && remoteClosed)) return;
      if (remoteClosed) { // The response is complete: only the request fails.
        requestFailure = e;
        localClosed = true;
        notifyAll();
        return;
      }
      failure = e;
      released = receiveBuffer.size();
      receiveBuffer.clear();
      notifyAll();
    }
    connection.releaseReceiveBytes(released);
  }

  /**
   * Ends the stream with RST_STREAM({@code code}), failing its waits with {@code e}. Does nothing
   * if the stream ended already.
   */
  void resetLocally(ErrorCode code, IOException e) {
    long released;
    synchronized (this) {
      if (failure != null || (localClosed && remoteClosed)) return;
      failure = e;
      localClosed = true;
      released = receiveBuffer.size();
      receiveBuffer.clear();
      notifyAll();
    }
    connection.writeResetLater(id, code);
    connection.streamEnded(this);
    connection.releaseReceiveBytes(released);
  }

  /**
   * Returns the exception that ended the request side of the stream, to be thrown, or null. Each
   * call after the first returns a copy: see {@link FailureCopies}.
   */
  synchronized IOException writeFailure() {
    if (failure != null) return failureToThrow();
    if (requestFailure == null) return null;
    IOException result = requestFailure;
    requestFailure = FailureCopies.copy(result); // The next thrower gets its own.
    return result;
  }

  /** Returns true if the request side of the stream ended with a failure. */
  synchronized boolean hasWriteFailure() {
    return failure != null || requestFailure != null;
  }

  /** Returns the failure to throw now: itself the first time, a copy after that. */
  private IOException failureToThrow() {
    assert Thread.holdsLock(this);
    if (!failureThrown) {
      failureThrown = true;
      return failure;
    }
    return FailureCopies.copy(failure);
  }

  private void checkContentLength() throws Http2ProtocolException {
    if (declaredContentLength != -1 && receivedDataBytes != declaredContentLength) {
      throw malformed("the body ended after " + receivedDataBytes + " of the "
          + declaredContentLength + " bytes content-length declared");
    }
  }

  private Http2ProtocolException malformed(String what) {
    return new Http2ProtocolException(ErrorCode.PROTOCOL_ERROR,
        "Malformed response on stream " + id + ": " + what);
  }

  /** Records that this side sent END_STREAM. */
  private void localFinished() {
    boolean finished;
    synchronized (this) {
      if (localClosed) return;
      localClosed = true;
      finished = remoteClosed && failure == null;
    }
    if (finished) connection.streamFinished(this);
  }

  /** After a timed-out wait: resets the stream, probes the connection, returns the exception. */
  private SocketTimeoutException timedOut(Timeout timeout, String what, String setting) {
    SocketTimeoutException e = new SocketTimeoutException(what + " timed out after "
        + TimeUnit.NANOSECONDS.toMillis(timeout.timeoutNanos()) + " ms (" + setting + ")");
    resetLocally(ErrorCode.CANCEL, e);
    synchronized (this) {
      if (failure == e) failureThrown = true; // The caller throws it; later throwers get copies.
    }
    connection.sendDegradedPing();
    return e;
  }

  /**
   * Waits on a monitor within an Okio {@link Timeout}'s per-operation timeout and deadline, both
   * measured from the first wait.
   */
  static final class Waiter {
    private final Timeout timeout;
    private boolean started;
    private boolean bounded;
    private long deadlineNanos;

    Waiter(Timeout timeout) {
      this.timeout = timeout;
    }

    /**
     * Waits on {@code monitor}, which the caller holds, until notified; returns false if the
     * timeout elapsed instead.
     */
    boolean await(Object monitor) throws InterruptedIOException {
      long now = System.nanoTime();
      if (!started) {
        started = true;
        long timeoutNanos = timeout.timeoutNanos();
        if (timeoutNanos > 0) {
          bounded = true;
          deadlineNanos = now + timeoutNanos;
        }
        if (timeout.hasDeadline()) {
          long deadline = timeout.deadlineNanoTime();
          deadlineNanos = bounded ? Math.min(deadlineNanos, deadline) : deadline;
          bounded = true;
        }
      }
      try {
        if (!bounded) {
          monitor.wait();
          return true;
        }
        long remaining = deadlineNanos - now;
        if (remaining <= 0) return false;
        long millis = TimeUnit.NANOSECONDS.toMillis(remaining);
        monitor.wait(millis, (int) (remaining - TimeUnit.MILLISECONDS.toNanos(millis)));
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
  }

  /** The response body as it arrives. */
  private final class StreamSource implements Source {
    final Timeout timeout = new Timeout();
    private boolean closed;

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
      long read;
      int streamIncrement = 0;
      synchronized (Http2Stream.this) {
        Waiter waiter = null;
        while (true) {
          if (closed) throw new IOException("stream closed");
          if (failure != null) throw failureToThrow();
          if (receiveBuffer.size() > 0) {
            read = receiveBuffer.read(sink, Math.min(byteCount, receiveBuffer.size()));
            unacknowledged += (int) read;
            if (!remoteClosed && unacknowledged >= windowSize / 2) {
              streamIncrement = unacknowledged;
              unacknowledged = 0;
              receiveWindow += streamIncrement;
            }
            break;
          }
          if (remoteClosed) return -1;
          if (waiter == null) waiter = new Waiter(timeout);
          if (!waiter.await(Http2Stream.this)) {
            read = -2;
            break;
          }
        }
      }
      if (read == -2) throw timedOut(timeout, "Read", "readTimeout");
      if (streamIncrement > 0) connection.writeWindowUpdateLater(id, streamIncrement);
      connection.releaseReceiveBytes(read);
      return read;
    }

    @Override
    public Timeout timeout() {
      return timeout;
    }

    @Override
    public void close() {
      long released;
      boolean complete;
      synchronized (Http2Stream.this) {
        if (closed) return;
        closed = true;
        released = receiveBuffer.size();
        receiveBuffer.clear();
        complete = remoteClosed;
        Http2Stream.this.notifyAll();
      }
      connection.releaseReceiveBytes(released);
      // A body abandoned early: tell the server to stop sending it.
      if (!complete) resetLocally(ErrorCode.CANCEL, new StreamResetException(ErrorCode.CANCEL));
    }
  }

  /** The request body, sent as DATA frames within the peer's flow-control windows. */
  private final class StreamSink implements Sink {
    final Timeout timeout = new Timeout();
    private final Buffer sendBuffer = new Buffer();
    private boolean closed;

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      if (closed) throw new IllegalStateException("closed");
      checkWritable();
      if (discardWritesNow()) {
        source.skip(byteCount);
        return;
      }
      sendBuffer.write(source, byteCount);
      int frameSize = connection.peerMaxFrameSize();
      while (sendBuffer.size() >= frameSize) {
        emit(false);
      }
    }

    @Override
    public void flush() throws IOException {
      if (closed) return;
      checkWritable();
      while (sendBuffer.size() > 0) {
        emit(false);
      }
      connection.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      checkWritable();
      if (!discardWritesNow()) {
        do {
          emit(true);
        } while (sendBuffer.size() > 0);
        connection.flush();
      }
      localFinished();
    }

    @Override
    public Timeout timeout() {
      return timeout;
    }

    private void checkWritable() throws IOException {
      IOException writeFailure = writeFailure();
      if (writeFailure != null) throw writeFailure;
    }

    private boolean discardWritesNow() {
      synchronized (Http2Stream.this) {
        if (discardWrites) sendBuffer.clear();
        return discardWrites;
      }
    }

    /**
     * Sends one batch of DATA from the send buffer, as much as the windows allow, waiting for
     * credit within the write timeout; {@code last} marks the end of the body.
     */
    private void emit(boolean last) throws IOException {
      long size = sendBuffer.size();
      int credit = 0;
      if (size > 0) {
        credit = connection.takeSendCredit(Http2Stream.this, size, timeout);
        if (credit == -1) throw timedOut(timeout, "Write", "writeTimeout");
        if (credit == 0) { // The server needs no more of the body.
          sendBuffer.clear();
          return;
        }
      }
      connection.writeData(Http2Stream.this, last && credit == size, sendBuffer, credit);
    }
  }

  @Override
  public String toString() {
    return "Http2Stream{id=" + id + "}";
  }
}
