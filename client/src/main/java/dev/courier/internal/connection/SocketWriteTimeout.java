package dev.courier.internal.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import okio.AsyncTimeout;

/**
 * Enforces the write timeout: Java sockets cannot time out a blocked write, so Okio's watchdog
 * closes the socket when a write runs too long, and the failure names the timeout.
 */
final class SocketWriteTimeout extends AsyncTimeout {
  private final Socket socket;

  SocketWriteTimeout(Socket socket) {
    this.socket = socket;
  }

  /** Sets how long one write may block; 0 means forever. */
  void writeTimeoutMillis(int millis) {
    timeout(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  protected IOException newTimeoutException(IOException cause) {
    InterruptedIOException e = new SocketTimeoutException("Write timed out after "
        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos()) + " ms (writeTimeout)");
    if (cause != null) e.initCause(cause);
    return e;
  }

  @Override
  protected void timedOut() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // The write fails either way; there is nothing more to do.
    }
  }
}
