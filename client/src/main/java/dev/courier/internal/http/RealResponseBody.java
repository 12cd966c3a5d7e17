package dev.courier.internal.http;

import dev.courier.MediaType;
import dev.courier.ResponseBody;
import okio.BufferedSource;

/**
 * A response body read from the network, whose media type is parsed only if asked for: most
 * callers never look at it.
 */
public final class RealResponseBody extends ResponseBody {
  private final String contentTypeString;
  private final long contentLength;
  private final BufferedSource source;

  /**
   * Creates a body.
   *
   * @param contentTypeString the {@code Content-Type} value, or null
   */
  public RealResponseBody(String contentTypeString, long contentLength, BufferedSource source) {
    this.contentTypeString = contentTypeString;
    this.contentLength = contentLength;
    this.source = source;
  }

  @Override
  public MediaType contentType() {
    return contentTypeString != null ? MediaType.parse(contentTypeString) : null;
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public BufferedSource source() {
    return source;
  }
}
