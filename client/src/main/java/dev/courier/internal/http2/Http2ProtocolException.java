package dev.courier.internal.http2;

import java.net.ProtocolException;

/**
 * The peer broke a rule of RFC 9113 or RFC 7541. Carries the error code that the stream or the
 * connection was reset with, so callers and tests can tell a flow-control violation from a
 * compression failure; the message says what the peer sent.
 */
public final class Http2ProtocolException extends ProtocolException {
  private final ErrorCode errorCode;

  /** Creates an exception for {@code errorCode} with a message naming what the peer did. */
  public Http2ProtocolException(ErrorCode errorCode, String message) {
    super(message + " (" + errorCode + ")");
    this.errorCode = errorCode;
  }

  /** Creates a copy of {@code original} for one stream's caller, with {@code original} as cause. */
  Http2ProtocolException(Http2ProtocolException original) {
    super(original.getMessage());
    this.errorCode = original.errorCode;
    initCause(original);
  }

  /** Returns the error code the stream or connection was reset with. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
