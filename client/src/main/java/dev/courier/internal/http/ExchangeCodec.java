package dev.courier.internal.http;

import java.io.IOException;

import dev.courier.Headers;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Route;
import okio.BufferedSink;
import okio.Okio;
import okio.Sink;
import okio.Source;

/**
 * Encodes one request and decodes its response on a connection: the wire format of one HTTP
 * version. An exchange drives it in order: headers, optional body, finish, response headers,
 * response body.
 */
public interface ExchangeCodec {
  /** Returns what carries this codec's bytes: the connection. */
  Carrier carrier();

  /** Writes the request line and headers (buffered until {@link #flushRequest()}). */
  void writeRequestHeaders(Request request) throws IOException;

  /**
   * Returns a sink for the request body, framed for {@code contentLength} bytes, or chunked when
   * it is -1.
   */
  Sink createRequestBody(Request request, long contentLength) throws IOException;

  /**
   * Writes a whole request body of {@code byteCount} bytes held in {@code content} from
   * {@code offset}, framed as {@link #createRequestBody} frames it. A codec that can send it
   * without copying it into a buffer first overrides this.
   */
  default void writeRequestBody(Request request, byte[] content, int offset, int byteCount)
      throws IOException {
    try (BufferedSink body = Okio.buffer(createRequestBody(request, byteCount))) {
      body.write(content, offset, byteCount);
    }
  }

  /** Sends what has been buffered so far, without finishing the request. */
  void flushRequest() throws IOException;

  /** Sends the rest of the request. */
  void finishRequest() throws IOException;

  /**
   * Waits until the first byte of the response has arrived, so that the time the server took to
   * answer is not counted as time spent reading headers. Returns false if the stream ended first
   * (reading the headers then reports it). A codec that cannot tell returns true at once.
   */
  default boolean awaitResponseStart() throws IOException {
    return true;
  }

  /**
   * Reads a status line and headers.
   *
   * @param expectContinue true when the request sent {@code Expect: 100-continue}; then a 100
   *     response returns null, meaning "go ahead and send the body"
   */
  Response.Builder readResponseHeaders(boolean expectContinue) throws IOException;

  /** Returns the body length the response headers announce: 0 if none, -1 if unknown. */
  long reportedContentLength(Response response) throws IOException;

  /** Returns a source that reads exactly the response body's bytes from the connection. */
  Source openResponseBodySource(Response response) throws IOException;

  /** Returns the trailers once the body has been read to the end, or null before that. */
  Headers peekTrailers();

  /** Stops the exchange at once, from any thread, by closing the connection's socket. */
  void cancel();

  /** What a codec needs from the connection it runs on. */
  interface Carrier {
    /** Returns the route of the connection; may be null when a codec is tested on buffers. */
    Route route();

    /** Forbids further exchanges on the connection: its framing or state can't be trusted. */
    void noNewExchanges();

    /** Records that an exchange failed with {@code e}, so the connection is not reused. */
    void trackFailure(IOException e);

    /** Closes the connection's socket, failing any blocked read or write. */
    void cancel();
  }
}
