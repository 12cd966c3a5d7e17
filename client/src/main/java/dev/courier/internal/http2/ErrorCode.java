package dev.courier.internal.http2;

/**
 * The error codes of RFC 9113 §7, which RST_STREAM and GOAWAY frames carry to say why a stream or
 * a connection ended.
 */
public enum ErrorCode {
  /** A graceful shutdown, or a stream that needs no more data. */
  NO_ERROR(0x0),
  /** The peer broke the protocol. */
  PROTOCOL_ERROR(0x1),
  /** The endpoint failed internally. */
  INTERNAL_ERROR(0x2),
  /** The peer broke the flow-control rules. */
  FLOW_CONTROL_ERROR(0x3),
  /** A SETTINGS frame was not acknowledged in time. */
  SETTINGS_TIMEOUT(0x4),
  /** A frame arrived on a stream that was already half-closed. */
  STREAM_CLOSED(0x5),
  /** A frame had an invalid size. */
  FRAME_SIZE_ERROR(0x6),
  /** The stream was refused before any processing: it is safe to retry. */
  REFUSED_STREAM(0x7),
  /** The stream is no longer needed. */
  CANCEL(0x8),
  /** The header compression context can no longer be kept. */
  COMPRESSION_ERROR(0x9),
  /** A CONNECT tunnel failed. */
  CONNECT_ERROR(0xa),
  /** The peer behaves in a way that may be generating excessive load. */
  ENHANCE_YOUR_CALM(0xb),
  /** The transport does not meet the security requirements. */
  INADEQUATE_SECURITY(0xc),
  /** The request must be retried over HTTP/1.1. */
  HTTP_1_1_REQUIRED(0xd);

  private static final ErrorCode[] BY_CODE = values();

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  /** Returns the code as it is written on the wire. */
  public int code() {
    return code;
  }

  /**
   * Returns the error code for a wire value, or {@link #INTERNAL_ERROR} for a code this
   * implementation does not know, as RFC 9113 §7 allows.
   */
  public static ErrorCode fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : INTERNAL_ERROR;
  }

  /** Returns the name of a wire value, such as {@code CANCEL}, or its hexadecimal form. */
  public static String describe(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code].name()
        : "0x" + Integer.toHexString(code);
  }
}
