package dev.courier.autoconfigure.cloud.gateway;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.util.ClassUtils;

import dev.courier.NoInstanceAvailableException;

/**
 * The status a gateway answers with when its call to the upstream failed before a response
 * arrived, as RFC 9110 §15.6 names them:
 *
 * <ul>
 *   <li>504 Gateway Timeout: a connect, read, write or call timeout (the time limiter's too);
 *   <li>503 Service Unavailable: the upstream could not be reached or was refused before anything
 *       was sent: connection refused, no route or unknown host, no instance available, an open
 *       circuit, a full bulkhead or a rate limit ({@code CallRejectedException});
 *   <li>502 Bad Gateway: any other failure of the exchange, such as a reset connection or a
 *       malformed or truncated response.
 * </ul>
 *
 * <p>Anything that is not a failure of the upstream (an interrupted thread, a bug) gets no status
 * here and stays the error it is.
 */
final class UpstreamFailures {
  private static final String CALL_REJECTED = "dev.courier.resilience4j.CallRejectedException";
  private static final boolean RESILIENCE_PRESENT =
      ClassUtils.isPresent(CALL_REJECTED, UpstreamFailures.class.getClassLoader());

  private UpstreamFailures() {
  }

  /** Returns the status for {@code thrown}, or null if it is not a failure of the upstream. */
  static @Nullable HttpStatus status(Throwable thrown) {
    IOException failure = null;
    int depth = 0;
    // The depth bound keeps a cause chain that loops from looping here.
    for (Throwable cause = thrown; cause != null && depth < 16; cause = cause.getCause(), depth++) {
      if (cause instanceof IOException io) {
        if (failure == null) failure = io;
        HttpStatus status = knownStatus(io);
        if (status != null) return status;
      }
    }
    if (failure == null || failure instanceof InterruptedIOException) return null;
    return HttpStatus.BAD_GATEWAY;
  }

  private static @Nullable HttpStatus knownStatus(IOException failure) {
    if (failure instanceof SocketTimeoutException || isCallTimeout(failure)) {
      return HttpStatus.GATEWAY_TIMEOUT;
    }
    if (failure instanceof ConnectException || failure instanceof NoRouteToHostException
        || failure instanceof UnknownHostException
        || failure instanceof NoInstanceAvailableException || isRefusal(failure)) {
      return HttpStatus.SERVICE_UNAVAILABLE;
    }
    return null;
  }

  /** Courier's call timeout is an {@link InterruptedIOException} that says it timed out. */
  private static boolean isCallTimeout(IOException failure) {
    return failure instanceof InterruptedIOException && failure.getMessage() != null
        && failure.getMessage().contains("timed out");
  }

  private static boolean isRefusal(IOException failure) {
    return RESILIENCE_PRESENT && Refusals.isRefusal(failure);
  }

  /** Loaded only when courier-resilience4j is present. */
  private static final class Refusals {
    static boolean isRefusal(IOException failure) {
      return failure instanceof dev.courier.resilience4j.CallRejectedException;
    }
  }
}
