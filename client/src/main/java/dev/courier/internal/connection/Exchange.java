package dev.courier.internal.connection;

import java.io.IOException;
import java.net.ProtocolException;

import dev.courier.Call;
import dev.courier.EventListener;
import dev.courier.Headers;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.ResponseBody;
import dev.courier.internal.http.ArraySource;
import dev.courier.internal.http.ByteArrayRequestBody;
import dev.courier.internal.http.ExchangeCodec;
import dev.courier.internal.http.RealResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.ForwardingSource;
import okio.Okio;
import okio.Sink;
import okio.Source;

/**
 * One request and its response on a connection. Wraps the codec with event reporting, counts body
 * bytes against their declared lengths, and tells the call when each half of the exchange is done
 * so the connection can be released.
 */
public final class Exchange {
  private final ConnectionUser user;
  private final Call call;
  private final EventListener eventListener;
  private final ExchangeFinder finder;
  private final ExchangeCodec codec;
  private boolean hasFailure;
  private boolean responseHeadersStarted;

  /** Creates an exchange for {@code user}'s call over {@code codec}. */
  public Exchange(ConnectionUser user, ExchangeFinder finder, ExchangeCodec codec) {
    this.user = user;
    this.call = user.call();
    this.eventListener = user.eventListener();
    this.finder = finder;
    this.codec = codec;
    connection().exchangeStarted(call, codec);
  }

  /** Returns the connection carrying this exchange. */
  public RealConnection connection() {
    return (RealConnection) codec.carrier();
  }

  /** Returns the finder that found the connection, whose planner knows the address. */
  public ExchangeFinder finder() {
    return finder;
  }

  /** Returns true once this exchange failed; the call then considers a retry. */
  public boolean hasFailure() {
    return hasFailure;
  }

  /** Writes the request line and headers. */
  public void writeRequestHeaders(Request request) throws IOException {
    try {
      eventListener.requestHeadersStart(call);
      codec.writeRequestHeaders(request);
      eventListener.requestHeadersEnd(call, request);
    } catch (IOException e) {
      eventListener.requestFailed(call, e);
      trackFailure(e);
      throw e;
    }
  }

  /** Returns a sink for the request body that checks its length and reports completion. */
  public Sink createRequestBody(Request request) throws IOException {
    long contentLength = request.body().contentLength();
    eventListener.requestBodyStart(call);
    Sink rawSink = codec.createRequestBody(request, contentLength);
    return new RequestBodySink(rawSink, contentLength);
  }

  /**
   * Writes the request's body: one held in an array is handed to the codec whole, which may send
   * it without copying; any other is written through {@link #createRequestBody}.
   *
   * @throws IOException if the connection failed ({@link #hasFailure()} is then true), or the
   *     body itself failed to produce its content
   */
  public void writeRequestBody(Request request) throws IOException {
    RequestBody body = request.body();
    if (body instanceof ByteArrayRequestBody bytes) {
      eventListener.requestBodyStart(call);
      try {
        codec.writeRequestBody(request, bytes.content(), bytes.offset(), bytes.byteCount());
      } catch (IOException e) {
        throw bodyComplete(0, false, true, e);
      }
      bodyComplete(bytes.byteCount(), false, true, null);
      return;
    }
    BufferedSink sink = Okio.buffer(createRequestBody(request));
    body.writeTo(sink);
    sink.close();
  }

  /** Sends buffered request bytes. */
  public void flushRequest() throws IOException {
    try {
      codec.flushRequest();
    } catch (IOException e) {
      eventListener.requestFailed(call, e);
      trackFailure(e);
      throw e;
    }
  }

  /** Sends the rest of the request. */
  public void finishRequest() throws IOException {
    try {
      codec.finishRequest();
    } catch (IOException e) {
      eventListener.requestFailed(call, e);
      trackFailure(e);
      throw e;
    }
  }

  /**
   * Reads the response headers; null when a 100 Continue invites the request body. The first
   * call reports {@code responseHeadersStart} once the first byte of the response has arrived,
   * not before: the wait for the server is not header time.
   */
  public Response.Builder readResponseHeaders(boolean expectContinue) throws IOException {
    try {
      if (!responseHeadersStarted && codec.awaitResponseStart()) {
        responseHeadersStarted = true;
        eventListener.responseHeadersStart(call);
      }
      return codec.readResponseHeaders(expectContinue);
    } catch (IOException e) {
      eventListener.responseFailed(call, e);
      trackFailure(e);
      throw e;
    }
  }

  /** Reports that the response headers were read. */
  public void responseHeadersEnd(Response response) {
    eventListener.responseHeadersEnd(call, response);
  }

  /** Returns the response body, streaming from the connection. */
  public ResponseBody openResponseBody(Response response) throws IOException {
    try {
      String contentType = response.header("Content-Type");
      long contentLength = codec.reportedContentLength(response);
      Source rawSource = codec.openResponseBodySource(response);
      ResponseBodySource source = new ResponseBodySource(rawSource, contentLength);
      return new RealResponseBody(contentType, contentLength, Okio.buffer(source),
          rawSource instanceof ArraySource ? source : null);
    } catch (IOException e) {
      eventListener.responseFailed(call, e);
      trackFailure(e);
      throw e;
    }
  }

  /**
   * Returns the response trailers.
   *
   * @throws IllegalStateException if the body was not read to the end
   */
  public Headers trailers() {
    Headers trailers = codec.peekTrailers();
    if (trailers == null) {
      throw new IllegalStateException(
          "trailers are available only after the response body has been read to the end");
    }
    return trailers;
  }

  /** Forbids more exchanges on this connection, as {@code Connection: close} asks. */
  public void noNewExchangesOnConnection() {
    codec.carrier().noNewExchanges();
  }

  /** Cancels the exchange from any thread. */
  public void cancel() {
    codec.cancel();
  }

  /**
   * Abandons the exchange: on HTTP/1.1 retires and closes the connection, on HTTP/2 resets the
   * exchange's stream only; and releases the call's streams.
   */
  public void detachWithViolence() {
    codec.carrier().noNewExchanges();
    codec.cancel();
    user.messageDone(this, true, true, null);
  }

  /** Records that the request has no body: its half of the exchange is done. */
  public void noRequestBody() {
    user.messageDone(this, true, false, null);
  }

  /**
   * Records that sending the request failed and the response is to be read anyway: the request
   * half of the exchange is done. Does nothing if it was done already.
   */
  public void requestFailed() {
    user.messageDone(this, true, false, null);
  }

  private void trackFailure(IOException e) {
    hasFailure = true;
    codec.carrier().trackFailure(e);
  }

  /** Reports a finished body (request or response) and tells the call; returns the exception to throw. */
  IOException bodyComplete(long bytesRead, boolean responseDone, boolean requestDone,
      IOException e) {
    if (e != null) trackFailure(e);
    if (requestDone) {
      if (e != null) {
        eventListener.requestFailed(call, e);
      } else {
        eventListener.requestBodyEnd(call, bytesRead);
      }
    }
    if (responseDone) {
      if (e != null) {
        eventListener.responseFailed(call, e);
      } else {
        eventListener.responseBodyEnd(call, bytesRead);
      }
    }
    return user.messageDone(this, requestDone, responseDone, e);
  }

  /** Counts request body bytes against the declared length. */
  private final class RequestBodySink extends ForwardingSink {
    private final long contentLength;
    private long bytesReceived;
    private boolean completed;
    private boolean closed;

    RequestBodySink(Sink delegate, long contentLength) {
      super(delegate);
      this.contentLength = contentLength;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      if (closed) throw new IllegalStateException("closed");
      if (contentLength != -1L && bytesReceived + byteCount > contentLength) {
        throw new ProtocolException("expected " + contentLength + " bytes of request body but "
            + "received " + (bytesReceived + byteCount));
      }
      try {
        super.write(source, byteCount);
        bytesReceived += byteCount;
      } catch (IOException e) {
        throw complete(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        super.flush();
      } catch (IOException e) {
        throw complete(e);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      if (contentLength != -1L && bytesReceived != contentLength) {
        throw new ProtocolException("unexpected end of request body: expected " + contentLength
            + " bytes but received " + bytesReceived);
      }
      try {
        super.close();
        complete(null);
      } catch (IOException e) {
        throw complete(e);
      }
    }

    private IOException complete(IOException e) {
      if (completed) return e;
      completed = true;
      return bodyComplete(bytesReceived, false, true, e);
    }
  }

  /**
   * Counts response body bytes, reports the start and end of the body, and frees the call. Reads
   * into an array only if the codec's source can ({@link ArraySource}).
   */
  final class ResponseBodySource extends ForwardingSource implements ArraySource {
    private final long contentLength;
    private long bytesReceived;
    private boolean invokeStartEvent = true;
    private boolean completed;
    private boolean closed;

    ResponseBodySource(Source delegate, long contentLength) {
      super(delegate);
      this.contentLength = contentLength;
      if (contentLength == 0L) complete(null);
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (closed) throw new IllegalStateException("closed");
      try {
        return counted(delegate().read(sink, byteCount));
      } catch (IOException e) {
        throw complete(e);
      }
    }

    @Override
    public int read(byte[] sink, int offset, int byteCount) throws IOException {
      if (closed) throw new IllegalStateException("closed");
      try {
        return (int) counted(((ArraySource) delegate()).read(sink, offset, byteCount));
      } catch (IOException e) {
        throw complete(e);
      }
    }

    /** Accounts for {@code read} bytes just read (-1 at the end), and returns it. */
    private long counted(long read) throws IOException {
      if (invokeStartEvent) {
        invokeStartEvent = false;
        eventListener.responseBodyStart(call);
      }
      if (read == -1L) {
        complete(null);
        return -1L;
      }
      long newBytesReceived = bytesReceived + read;
      if (contentLength != -1L && newBytesReceived > contentLength) {
        throw new ProtocolException("expected " + contentLength + " bytes but received "
            + newBytesReceived);
      }
      bytesReceived = newBytesReceived;
      if (newBytesReceived == contentLength) complete(null);
      return read;
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      try {
        super.close();
        complete(null);
      } catch (IOException e) {
        throw complete(e);
      }
    }

    private IOException complete(IOException e) {
      if (completed) return e;
      completed = true;
      if (e == null && invokeStartEvent) {
        invokeStartEvent = false;
        eventListener.responseBodyStart(call);
      }
      return bodyComplete(bytesReceived, true, false, e);
    }
  }
}
