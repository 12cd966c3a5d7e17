package dev.courier.internal.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import okio.Buffer;
import okio.Okio;
import okio.Sink;
import okio.Timeout;

/**
 * Writes a pooled connection's socket, and lets the pool's cleanup thread enforce the write
 * timeout: Java cannot time out a blocked socket write, so another thread must close the socket.
 *
 * <p>Okio's {@link okio.AsyncTimeout} would do it by arming its watchdog for every write, which
 * wakes the watchdog thread once or twice per request (two context switches, a measurable part of
 * a small request's latency). Here a write costs two volatile stores; the cleanup thread, which
 * runs anyway while the pool has connections, looks at connections in use every
 * {@link RealConnectionPool#WRITE_CHECK_INTERVAL_NANOS} and closes any socket whose write has
 * blocked too long. The blocked write then fails with a {@link SocketTimeoutException} naming the
 * timeout, up to one check interval late.
 */
final class WatchedSocketSink implements Sink {
  private final Socket socket;
  private final Sink delegate;
  private volatile long writeTimeoutNanos;
  private volatile boolean writing;
  private volatile long writeStartedAtNanos;
  private volatile boolean timedOut;

  WatchedSocketSink(Socket socket) throws IOException {
    this.socket = socket;
    this.delegate = Okio.sink(socket.getOutputStream());
  }

  /** Sets how long one write may block; 0 means forever. */
  void writeTimeoutMillis(int millis) {
    writeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Override
  public void write(Buffer source, long byteCount) throws IOException {
    if (timedOut) throw timeoutException(null);
    writeStartedAtNanos = System.nanoTime();
    writing = true;
    try {
      delegate.write(source, byteCount);
    } catch (IOException e) {
      if (timedOut) throw timeoutException(e);
      throw e;
    } finally {
      writing = false;
    }
  }

  /**
   * Closes the socket if a write has been blocked for longer than the write timeout at
   * {@code nowNanos}, and returns true if it did. Called by the pool's cleanup thread.
   */
  boolean closeIfStalled(long nowNanos) {
    long timeout = writeTimeoutNanos;
    if (timeout == 0 || !writing || nowNanos - writeStartedAtNanos < timeout) return false;
    timedOut = true;
    RealConnection.closeQuietly(socket);
    return true;
  }

  private SocketTimeoutException timeoutException(IOException cause) {
    SocketTimeoutException e = new SocketTimeoutException("Write timed out after "
        + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) + " ms (writeTimeout)");
    if (cause != null) e.initCause(cause);
    return e;
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public Timeout timeout() {
    return delegate.timeout();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
