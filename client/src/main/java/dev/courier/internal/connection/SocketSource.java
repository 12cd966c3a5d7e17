package dev.courier.internal.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

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
 * reads it covers.
 */
final class SocketSource implements Source {
  private final Socket socket;
  private final Source delegate;
  private final Timeout timeout = new Timeout();
  private int readTimeoutMillis;

  SocketSource(Socket socket) throws IOException {
    this.socket = socket;
    this.delegate = Okio.source(socket.getInputStream());
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
    boolean deadline = timeout.hasDeadline();
    if (deadline) {
      long remainingMillis =
          TimeUnit.NANOSECONDS.toMillis(timeout.deadlineNanoTime() - System.nanoTime());
      if (remainingMillis <= 0) throw new SocketTimeoutException("deadline reached");
      int limit = (int) Math.min(remainingMillis, Integer.MAX_VALUE);
      socket.setSoTimeout(readTimeoutMillis == 0 ? limit : Math.min(limit, readTimeoutMillis));
    }
    try {
      return delegate.read(sink, byteCount);
    } catch (SocketTimeoutException e) {
      if (deadline) throw e;
      SocketTimeoutException named = new SocketTimeoutException(
          "Read timed out after " + readTimeoutMillis + " ms (readTimeout)");
      named.initCause(e);
      throw named;
    } finally {
      if (deadline) socket.setSoTimeout(readTimeoutMillis);
    }
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
