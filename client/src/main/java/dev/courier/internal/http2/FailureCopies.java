package dev.courier.internal.http2;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/**
 * Copies a failure for another thrower. One failure often ends several operations (every stream of
 * a failed connection, or the request and the response of one stream), and each must throw its own
 * instance: a caller that adds one as suppressed to another must not find it is the same object,
 * and one call's stack trace must not show up in another's. The copy keeps the original's type,
 * message and error code, with the original as its cause.
 */
final class FailureCopies {
  private FailureCopies() {
  }

  /** Returns a new exception like {@code original}, caused by it. */
  static IOException copy(IOException original) {
    IOException copy;
    if (original instanceof Http2ProtocolException protocol) {
      return new Http2ProtocolException(protocol);
    } else if (original instanceof StreamResetException reset) {
      copy = reset.copy();
    } else if (original instanceof UnprocessedStreamException) {
      copy = new UnprocessedStreamException(original.getMessage());
    } else if (original instanceof SocketTimeoutException) {
      copy = new SocketTimeoutException(original.getMessage());
    } else if (original instanceof InterruptedIOException) {
      copy = new InterruptedIOException(original.getMessage());
    } else {
      return new IOException(original.getMessage(), original);
    }
    copy.initCause(original);
    return copy;
  }
}
