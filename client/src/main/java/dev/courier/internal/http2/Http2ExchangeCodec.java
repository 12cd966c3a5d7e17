package dev.courier.internal.http2;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.courier.Headers;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.http.ExchangeCodec;
import dev.courier.internal.http.HttpHeaders;
import dev.courier.internal.http.HttpMethod;
import okio.Sink;
import okio.Source;

/**
 * Carries one exchange over a stream of a multiplexed {@link Http2Connection}: the request as
 * HEADERS and DATA frames, the response from the stream's header blocks and DATA.
 *
 * <p>Unlike HTTP/1.1, a failure here is usually confined to the stream: a reset, a malformed
 * response or a timeout ends this exchange and leaves the connection to its other streams.
 * {@link #cancel()} resets the stream with {@code CANCEL}; it never closes the socket. Closing the
 * response body before its end resets the stream too, so the server stops sending and the bytes it
 * sent are credited back to the connection's window.
 */
public final class Http2ExchangeCodec implements ExchangeCodec {
  private final Carrier carrier;
  private final Http2Connection connection;
  private final Protocol protocol;
  private final int readTimeoutMillis;
  private final int writeTimeoutMillis;
  private volatile Http2Stream stream;
  private volatile boolean canceled;
  private boolean requestBodyStarted;
  private boolean hasRequestBody;

  /**
   * Creates a codec for one exchange on {@code connection}, whose stream gets the given read and
   * write timeouts (0 for none).
   */
  public Http2ExchangeCodec(Carrier carrier, Http2Connection connection, int readTimeoutMillis,
      int writeTimeoutMillis) {
    this(carrier, connection, Protocol.HTTP_2, readTimeoutMillis, writeTimeoutMillis);
  }

  /**
   * Creates a codec whose responses report {@code protocol}: {@link Protocol#HTTP_2}, or
   * {@link Protocol#H2_PRIOR_KNOWLEDGE} for a cleartext connection the client knew to speak it.
   */
  public Http2ExchangeCodec(Carrier carrier, Http2Connection connection, Protocol protocol,
      int readTimeoutMillis, int writeTimeoutMillis) {
    this.carrier = carrier;
    this.connection = connection;
    this.protocol = protocol;
    this.readTimeoutMillis = readTimeoutMillis;
    this.writeTimeoutMillis = writeTimeoutMillis;
  }

  @Override
  public Carrier carrier() {
    return carrier;
  }

  /** Returns the stream, once the request headers were written; null before. */
  public Http2Stream stream() {
    return stream;
  }

  @Override
  public void writeRequestHeaders(Request request) throws IOException {
    if (stream != null) throw new IllegalStateException("request headers already written");
    boolean hasBody = request.body() != null && HttpMethod.permitsRequestBody(request.method());
    hasRequestBody = hasBody;
    Http2Stream newStream = connection.newStream(request, hasBody);
    newStream.source().timeout().timeout(readTimeoutMillis, TimeUnit.MILLISECONDS);
    newStream.sink().timeout().timeout(writeTimeoutMillis, TimeUnit.MILLISECONDS);
    stream = newStream;
    if (canceled) {
      newStream.cancel();
      throw new IOException("Canceled");
    }
  }

  @Override
  public Sink createRequestBody(Request request, long contentLength) {
    requestBodyStarted = true;
    return requireStream().sink();
  }

  @Override
  public void flushRequest() throws IOException {
    requireStream();
    connection.flush();
  }

  @Override
  public void finishRequest() throws IOException {
    Http2Stream current = requireStream();
    if (!hasRequestBody) return; // The HEADERS ended the stream, and were flushed with it.
    // A body that will never come (the server answered Expect: 100-continue with a final status):
    // end the stream once the response is in, rather than leave the server waiting.
    if (!requestBodyStarted) current.abandonRequestBody();
    connection.flush();
  }

  @Override
  public Response.Builder readResponseHeaders(boolean expectContinue) throws IOException {
    Http2Stream current = stream;
    // Sending the headers failed, so no stream was opened: there is no response to read.
    if (current == null) throw new IOException("no response: the request was not sent");
    HeaderBlock block = current.takeHeaders();
    if (expectContinue && block.status() == 100) return null;
    return new Response.Builder()
        .protocol(protocol)
        .code(block.status())
        .message("")
        .headers(block.headers());
  }

  @Override
  public long reportedContentLength(Response response) {
    if (!HttpHeaders.promisesBody(response)) return 0;
    String contentLength = response.header("content-length");
    return contentLength != null ? Long.parseLong(contentLength) : -1;
  }

  @Override
  public Source openResponseBodySource(Response response) {
    return requireStream().source();
  }

  @Override
  public Headers peekTrailers() {
    return requireStream().trailers();
  }

  @Override
  public void cancel() {
    canceled = true;
    Http2Stream current = stream;
    if (current != null) current.cancel();
  }

  private Http2Stream requireStream() {
    Http2Stream current = stream;
    if (current == null) throw new IllegalStateException("request headers not written yet");
    return current;
  }
}
