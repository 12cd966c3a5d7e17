package dev.courier.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import dev.courier.internal.http.ArraySource;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * Reads a socket, enforcing the read timeout with the socket's own {@code SO_TIMEOUT} rather than
 * a watchdog thread, so the common read costs no extra bookkeeping.
 *
 * <p>A timeout names itself ("Read timed out after 5000 ms (readTimeout)"). A deadline set on
 * {@link #timeout()} (used when discarding the rest of a body) shortens the socket timeout for the
 * reads it covers. Reads into a caller's array ({@link #read(byte[], int, int)}) go straight to
 * the socket, under the same timeouts.
 */
final class SocketSource implements ArraySource {
  private final Socket socket;
  private final InputStream in;
  private final Source delegate;
  private final Timeout timeout = new Timeout();
  private int readTimeoutMillis;

  SocketSource(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.delegate = Okio.source(in);
    this.readTimeoutMillis = socket.getSoTimeout();
  }

  /** Sets how long a read may wait for data; 0 waits forever. */
  void readTimeoutMillis(int readTimeoutMillis) throws SocketException {
    if (this.readTimeoutMillis != readTimeoutMillis) {
      socket.setSoTimeout(readTimeoutMillis);
      this.readTimeoutMillis = readTimeoutMillis;
    }
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    boolean deadline = applyDeadline();
    try {
      return delegate.read(sink, byteCount);
    } catch (SocketTimeoutException e) {
      throw named(e, deadline);
    } finally {
      if (deadline) socket.setSoTimeout(readTimeoutMillis);
    }
  }

  @Override
  public int read(byte[] sink, int offset, int byteCount) throws IOException {
    // As the Okio source does before each read: an interrupted thread reads no more.
    delegate.timeout().throwIfReached();
    boolean deadline = applyDeadline();
    try {
      return in.read(sink, offset, byteCount);
    } catch (SocketTimeoutException e) {
      throw named(e, deadline);
    } finally {
      if (deadline) socket.setSoTimeout(readTimeoutMillis);
    }
  }

  /** Shortens the socket timeout to the deadline, if there is one; returns true if there is. */
  private boolean applyDeadline() throws IOException {
    if (!timeout.hasDeadline()) return false;
    long remainingMillis =
        TimeUnit.NANOSECONDS.toMillis(timeout.deadlineNanoTime() - System.nanoTime());
    if (remainingMillis <= 0) throw new SocketTimeoutException("deadline reached");
    int limit = (int) Math.min(remainingMillis, Integer.MAX_VALUE);
    socket.setSoTimeout(readTimeoutMillis == 0 ? limit : Math.min(limit, readTimeoutMillis));
    return true;
  }

  private SocketTimeoutException named(SocketTimeoutException e, boolean deadline) {
    if (deadline) return e;
    SocketTimeoutException named = new SocketTimeoutException(
        "Read timed out after " + readTimeoutMillis + " ms (readTimeout)");
    named.initCause(e);
    return named;
  }

  @Override
  public Timeout timeout() {
    return timeout;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
