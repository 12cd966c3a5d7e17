package dev.courier.internal.http2;

import java.io.IOException;

/**
 * A stream ended with RST_STREAM: the peer reset it, or this side did (a cancel, a timeout, a
 * body closed before its end). Its connection and other streams carry on.
 */
public final class StreamResetException extends IOException {
  private final ErrorCode errorCode;
  private final String codeName;

  /** Creates an exception for a stream reset with {@code errorCode}. */
  public StreamResetException(ErrorCode errorCode) {
    this(errorCode, errorCode.name());
  }

  private StreamResetException(ErrorCode errorCode, String codeName) {
    super("stream was reset: " + codeName);
    this.errorCode = errorCode;
    this.codeName = codeName;
  }

  /** Returns an exception with the same code and message, for another thrower. */
  StreamResetException copy() {
    return new StreamResetException(errorCode, codeName);
  }

  /**
   * Returns an exception for a reset the peer sent with {@code wireCode}; an unknown code reads as
   * {@link ErrorCode#INTERNAL_ERROR} but its message keeps the number.
   */
  static StreamResetException fromPeer(int wireCode) {
    return new StreamResetException(ErrorCode.fromCode(wireCode), ErrorCode.describe(wireCode));
  }

  /** Returns the code the stream was reset with. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
