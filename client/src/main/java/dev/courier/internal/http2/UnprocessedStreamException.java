package dev.courier.internal.http2;

import java.io.IOException;

/**
 * The server certainly did not process the request on this stream, so it may be retried on
 * another connection whatever its method (RFC 9113 §8.7): the server refused the stream
 * (RST_STREAM with {@code REFUSED_STREAM}), its GOAWAY's last stream id is below the stream's, or
 * the connection stopped taking streams before this one was sent.
 *
 * <p>A retry must still honour the request body: a one-shot body that was partly written cannot be
 * sent again.
 */
public final class UnprocessedStreamException extends IOException {
  /** Creates an exception whose message says why the stream was not processed. */
  public UnprocessedStreamException(String message) {
    super(message);
  }
}
