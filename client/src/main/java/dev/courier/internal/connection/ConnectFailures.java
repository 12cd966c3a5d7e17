package dev.courier.internal.connection;

import java.io.IOException;
import java.net.UnknownServiceException;
import java.util.List;

import dev.courier.Address;
import dev.courier.internal.tls.TlsFailures;

/**
 * How exchange finders judge and report failed connect attempts. Both finders end the same way:
 * the last failure, which names the host and what went wrong, with every earlier failure
 * suppressed under it, so nothing about the attempts is lost.
 */
final class ConnectFailures {
  private ConnectFailures() {
  }

  /**
   * Returns true if no other route or attempt can succeed where {@code e} failed: the server's
   * certificate was rejected (every route reaches the same server), or the client's connection
   * specs forbid the connection.
   */
  static boolean isFinal(IOException e) {
    return TlsFailures.isCertificateFailure(e) || e instanceof UnknownServiceException;
  }

  /** Returns the exception to throw once no attempt is left: the last, the others suppressed. */
  static IOException exhausted(Address address, List<IOException> failures) {
    if (failures.isEmpty()) {
      return new IOException("exhausted all routes to " + address.url().host() + ":"
          + address.url().port());
    }
    IOException last = failures.get(failures.size() - 1);
    for (int i = 0; i < failures.size() - 1; i++) {
      last.addSuppressed(failures.get(i));
    }
    return last;
  }

  /** Returns the exception for a call canceled while connecting, earlier failures suppressed. */
  static IOException canceled(List<IOException> failures) {
    IOException result = new IOException("Canceled");
    for (IOException failure : failures) {
      if (failure != result && !"Canceled".equals(failure.getMessage())) {
        result.addSuppressed(failure);
      }
    }
    return result;
  }

  /** Returns {@code throwable} as an IOException, rethrowing unchecked ones as they are. */
  static IOException asIoException(Throwable throwable) {
    if (throwable instanceof IOException) return (IOException) throwable;
    if (throwable instanceof RuntimeException) throw (RuntimeException) throwable;
    if (throwable instanceof Error) throw (Error) throwable;
    return new IOException(throwable);
  }
}
