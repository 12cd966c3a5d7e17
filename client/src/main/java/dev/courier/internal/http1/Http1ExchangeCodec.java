package dev.courier.internal.http1;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.Proxy;
import java.util.concurrent.TimeUnit;

import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Route;
import dev.courier.internal.http.ArraySink;
import dev.courier.internal.http.ArraySource;
import dev.courier.internal.http.ExchangeCodec;
import dev.courier.internal.http.StatusLine;
import dev.courier.internal.http.WireText;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.ForwardingTimeout;
import okio.Sink;
import okio.Source;
import okio.Timeout;

/**
 * Writes HTTP/1.1 requests and reads HTTP/1.1 responses (RFC 9112) on one connection, for one
 * exchange at a time.
 *
 * <p>An explicit state machine keeps the steps in order; each framing of a body is its own inner
 * class. Whenever the bytes on the connection can no longer be trusted to line up with message
 * boundaries (a read failed, a body was abandoned, the framing was ambiguous) the carrier is told
 * to take no new exchanges, so the connection is closed instead of pooled.
 *
 * <p>The bodies' timeouts are the connection's only while their body lasts: a deadline that a
 * caller sets on a body's {@link Timeout} is cleared when the body ends, and setting one later
 * has no effect, so it never reaches the connection's next exchange.
 *
 * <p>Given the socket's own source and sink, the codec reads large body reads straight into the
 * caller's array once the connection's buffer is empty, and writes in-memory request bodies
 * straight from theirs: a body then costs one copy, the kernel's.
 */
public final class Http1ExchangeCodec implements ExchangeCodec {
  private static final int STATE_IDLE = 0;
  private static final int STATE_OPEN_REQUEST_BODY = 1;
  private static final int STATE_WRITING_REQUEST_BODY = 2;
  private static final int STATE_READ_RESPONSE_HEADERS = 3;
  private static final int STATE_OPEN_RESPONSE_BODY = 4;
  private static final int STATE_READING_RESPONSE_BODY = 5;
  private static final int STATE_CLOSED = 6;

  /** How long closing an unread body may spend reading the rest to keep the connection. */
  static final int DISCARD_STREAM_TIMEOUT_MILLIS = 100;

  private final Carrier carrier;
  private final BufferedSource source;
  private final BufferedSink sink;
  private final HeadersReader headersReader;
  private final RecentRequestLines recentRequestLines; // Null when nothing is remembered.
  private final ArraySource rawSource; // Under source; null when reads must go through it.
  private final ArraySink rawSink; // Under sink; null when writes must go through it.
  private int state = STATE_IDLE;
  private Http1Framing framing;
  private Headers trailers;
  private ForwardingTimeout responseBodyTimeout; // The open response body's, until it ends.

  /** Creates a codec that reads {@code source} and writes {@code sink} for {@code carrier}. */
  public Http1ExchangeCodec(Carrier carrier, BufferedSource source, BufferedSink sink) {
    this(carrier, source, sink, null, null);
  }

  /**
   * Creates a codec that also reuses what the connection's last exchange repeated: the request
   * lines in {@code recentRequestLines} and the response values in {@code recentValues}, which
   * belong to the connection.
   */
  public Http1ExchangeCodec(Carrier carrier, BufferedSource source, BufferedSink sink,
      RecentRequestLines recentRequestLines, RecentFieldValues recentValues) {
    this(carrier, source, sink, recentRequestLines, recentValues, null, null);
  }

  /**
   * Creates a codec that can also bypass the buffers: {@code rawSource} is what {@code source}
   * reads from and {@code rawSink} what {@code sink} writes to (the socket), each null if absent.
   */
  public Http1ExchangeCodec(Carrier carrier, BufferedSource source, BufferedSink sink,
      RecentRequestLines recentRequestLines, RecentFieldValues recentValues,
      ArraySource rawSource, ArraySink rawSink) {
    this.carrier = carrier;
    this.source = source;
    this.sink = sink;
    this.recentRequestLines = recentRequestLines;
    this.headersReader = new HeadersReader(source, recentValues);
    this.rawSource = rawSource;
    this.rawSink = rawSink;
  }

  @Override
  public Carrier carrier() {
    return carrier;
  }

  @Override
  public void writeRequestHeaders(Request request) throws IOException {
    checkState(STATE_IDLE);
    if (request.body() == null) checkNoFraming(request);
    HttpUrl url = request.url();
    Route route = carrier.route();
    if (route != null && route.proxy().type() == Proxy.Type.HTTP && !url.isHttps()) {
      // RFC 9112 §3.2.2: a request to a proxy names the whole URL (without user info or fragment).
      sink.writeUtf8(request.method()).writeByte(' ')
          .writeUtf8(url.newBuilder().username("").password("").fragment(null).build().toString())
          .writeUtf8(" HTTP/1.1\r\n");
    } else if (recentRequestLines != null) {
      recentRequestLines.writeRequestLine(sink, request.method(), url);
    } else {
      RecentRequestLines.writeRequestLineUtf8(sink, request.method(), url);
    }
    Headers headers = request.headers();
    for (int i = 0, size = headers.size(); i < size; i++) {
      if (recentRequestLines != null) {
        recentRequestLines.writeHeader(sink, i, headers.name(i), headers.value(i));
      } else {
        RecentRequestLines.writeHeaderUtf8(sink, headers.name(i), headers.value(i));
      }
    }
    sink.writeUtf8("\r\n");
    state = STATE_OPEN_REQUEST_BODY;
  }

  /**
   * Refuses framing headers on a request without a body, which the bridge removes, so only a
   * network interceptor can have put them there: sent, they would make the server wait for a body
   * that never comes, or read the next request as one. {@code Content-Length: 0} frames no body.
   */
  private static void checkNoFraming(Request request) {
    Headers headers = request.headers();
    for (int i = 0, size = headers.size(); i < size; i++) {
      String name = headers.name(i);
      boolean framing = name.equalsIgnoreCase("Transfer-Encoding")
          || (name.equalsIgnoreCase("Content-Length") && !headers.value(i).equals("0"));
      if (framing) {
        throw new IllegalStateException(request.method() + " request without a body has framing "
            + "header " + name + ": " + WireText.printable(headers.value(i))
            + "; the engine frames requests, interceptors must not");
      }
    }
  }

  @Override
  public Sink createRequestBody(Request request, long contentLength) {
    checkState(STATE_OPEN_REQUEST_BODY);
    state = STATE_WRITING_REQUEST_BODY;
    if ("chunked".equalsIgnoreCase(request.header("Transfer-Encoding"))) return new ChunkedSink();
    if (contentLength != -1L) return new KnownLengthSink();
    throw new IllegalStateException(
        "Cannot stream a request body without chunked encoding or a known content length");
  }

  /**
   * Writes a request body held in memory: straight from its array to the socket when there is
   * one and the body is sent with a {@code Content-Length}; through the framing sink otherwise.
   */
  @Override
  public void writeRequestBody(Request request, byte[] content, int offset, int byteCount)
      throws IOException {
    if (rawSink == null || "chunked".equalsIgnoreCase(request.header("Transfer-Encoding"))) {
      ExchangeCodec.super.writeRequestBody(request, content, offset, byteCount);
      return;
    }
    checkState(STATE_OPEN_REQUEST_BODY);
    state = STATE_WRITING_REQUEST_BODY;
    if (byteCount > 0) rawSink.write(sink.getBuffer(), content, offset, byteCount);
    state = STATE_READ_RESPONSE_HEADERS;
  }

  @Override
  public void flushRequest() throws IOException {
    sink.flush();
  }

  @Override
  public void finishRequest() throws IOException {
    sink.flush();
  }

  @Override
  public boolean awaitResponseStart() throws IOException {
    return source.request(1);
  }

  @Override
  public Response.Builder readResponseHeaders(boolean expectContinue) throws IOException {
    if (state != STATE_OPEN_REQUEST_BODY && state != STATE_WRITING_REQUEST_BODY
        && state != STATE_READ_RESPONSE_HEADERS) {
      throw new IllegalStateException("state: " + state);
    }
    try {
      StatusLine statusLine = headersReader.readStatusLine();
      Response.Builder builder = new Response.Builder()
          .protocol(statusLine.protocol())
          .code(statusLine.code())
          .message(statusLine.message())
          .headers(headersReader.readHeaders());
      int code = statusLine.code();
      if (expectContinue && code == 100) return null;
      state = code >= 100 && code < 200 && code != 101
          ? STATE_READ_RESPONSE_HEADERS
          : STATE_OPEN_RESPONSE_BODY;
      return builder;
    } catch (EOFException e) {
      Route route = carrier.route();
      throw new IOException("unexpected end of stream on "
          + (route != null ? route.address().url().redact() : "connection"), e);
    }
  }

  @Override
  public long reportedContentLength(Response response) throws IOException {
    return framing(response).contentLength();
  }

  @Override
  public Source openResponseBodySource(Response response) throws IOException {
    checkState(STATE_OPEN_RESPONSE_BODY);
    Http1Framing framing = framing(response);
    if (!framing.reusable()) carrier.noNewExchanges();
    state = STATE_READING_RESPONSE_BODY;
    switch (framing.kind()) {
      case NONE: return new FixedLengthSource(0);
      case FIXED: return new FixedLengthSource(framing.contentLength());
      case CHUNKED: return new ChunkedSource();
      default: return new UnknownLengthSource();
    }
  }

  @Override
  public Headers peekTrailers() {
    return trailers;
  }

  @Override
  public void cancel() {
    carrier.cancel();
  }

  /** Returns true once the response body has been read or abandoned. */
  public boolean isClosed() {
    return state == STATE_CLOSED;
  }

  private Http1Framing framing(Response response) throws ProtocolException {
    Http1Framing result = framing;
    if (result == null) {
      result = Http1Framing.of(response);
      framing = result;
    }
    return result;
  }

  private void checkState(int expected) {
    if (state != expected) throw new IllegalStateException("state: " + state);
  }

  /** Marks the response body done; {@code complete} says whether it was read to its end. */
  private void responseBodyComplete(boolean complete) {
    if (state == STATE_CLOSED) return;
    if (state != STATE_READING_RESPONSE_BODY) throw new IllegalStateException("state: " + state);
    state = STATE_CLOSED;
    if (complete && trailers == null) trailers = Headers.EMPTY;
    if (responseBodyTimeout != null) detachTimeout(responseBodyTimeout);
  }

  /**
   * Ends a body's hold on the connection's timeout: clears what the body's users set on it, and
   * points the body's timeout at nothing, so that setting it later changes nothing.
   */
  private static void detachTimeout(ForwardingTimeout timeout) {
    Timeout connectionTimeout = timeout.delegate();
    timeout.setDelegate(Timeout.NONE);
    connectionTimeout.clearDeadline();
    connectionTimeout.clearTimeout();
  }

  /**
   * Reads and discards the rest of {@code source} for up to {@code timeoutMillis}, so that the
   * connection can carry another exchange. Returns false if the rest did not arrive in time.
   */
  static boolean discard(Source source, int timeoutMillis) {
    Timeout timeout = source.timeout();
    long now = System.nanoTime();
    boolean hadDeadline = timeout.hasDeadline();
    long originalDeadline = hadDeadline ? timeout.deadlineNanoTime() : 0;
    long limit = now + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    timeout.deadlineNanoTime(hadDeadline ? Math.min(originalDeadline, limit) : limit);
    try {
      Buffer skipBuffer = new Buffer();
      while (source.read(skipBuffer, 8192) != -1) {
        skipBuffer.clear();
      }
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      if (hadDeadline) {
        timeout.deadlineNanoTime(originalDeadline);
      } else {
        timeout.clearDeadline();
      }
    }
  }

  /**
   * Common behaviour of the response body sources: failure ends the exchange. Each reads into a
   * buffer or into an array; array reads go to the socket directly while the connection's buffer
   * is empty.
   */
  private abstract class AbstractSource implements ArraySource {
    private final ForwardingTimeout timeout = new ForwardingTimeout(source.timeout());
    boolean closed;

    AbstractSource() {
      responseBodyTimeout = timeout;
    }

    @Override
    public Timeout timeout() {
      return timeout;
    }

    long readFromConnection(Buffer sink, long byteCount) throws IOException {
      if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
      if (closed) throw new IllegalStateException("closed");
      try {
        return source.read(sink, byteCount);
      } catch (IOException e) {
        carrier.noNewExchanges();
        responseBodyComplete(false);
        throw e;
      }
    }

    int readFromConnection(byte[] sink, int offset, int byteCount) throws IOException {
      if (closed) throw new IllegalStateException("closed");
      try {
        if (rawSource != null && source.getBuffer().size() == 0) {
          return rawSource.read(sink, offset, byteCount);
        }
        return source.read(sink, offset, byteCount);
      } catch (IOException e) {
        carrier.noNewExchanges();
        responseBodyComplete(false);
        throw e;
      }
    }

    ProtocolException truncated(String message) {
      carrier.noNewExchanges();
      responseBodyComplete(false);
      return new ProtocolException(message);
    }
  }

  /** A body of a known number of bytes. */
  private final class FixedLengthSource extends AbstractSource {
    private final long contentLength;
    private long bytesRemaining;

    FixedLengthSource(long contentLength) {
      this.contentLength = contentLength;
      this.bytesRemaining = contentLength;
      if (bytesRemaining == 0) responseBodyComplete(true);
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (bytesRemaining == 0) return -1;
      long read = readFromConnection(sink, Math.min(bytesRemaining, byteCount));
      if (read == -1) {
        throw truncated("unexpected end of stream: expected " + contentLength
            + " bytes of body but received " + (contentLength - bytesRemaining));
      }
      bytesRemaining -= read;
      if (bytesRemaining == 0) responseBodyComplete(true);
      return read;
    }

    @Override
    public int read(byte[] sink, int offset, int byteCount) throws IOException {
      checkRange(sink, offset, byteCount);
      if (bytesRemaining == 0) return -1;
      if (byteCount == 0) return 0;
      int read = readFromConnection(sink, offset, (int) Math.min(bytesRemaining, byteCount));
      if (read == -1) {
        throw truncated("unexpected end of stream: expected " + contentLength
            + " bytes of body but received " + (contentLength - bytesRemaining));
      }
      bytesRemaining -= read;
      if (bytesRemaining == 0) responseBodyComplete(true);
      return read;
    }

    @Override
    public void close() {
      if (closed) return;
      if (bytesRemaining != 0 && !discard(this, DISCARD_STREAM_TIMEOUT_MILLIS)) {
        carrier.noNewExchanges();
        responseBodyComplete(false);
      }
      closed = true;
    }
  }

  /** A body in chunks (RFC 9112 §7.1), ending with a zero-size chunk and optional trailers. */
  private final class ChunkedSource extends AbstractSource {
    private static final long NO_CHUNK_YET = -1L;
    private long bytesRemainingInChunk = NO_CHUNK_YET;
    private boolean hasMoreChunks = true;

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (!hasMoreChunks) return -1;
      if (bytesRemainingInChunk == 0 || bytesRemainingInChunk == NO_CHUNK_YET) {
        readChunkSize();
        if (!hasMoreChunks) return -1;
      }
      long read = readFromConnection(sink, Math.min(byteCount, bytesRemainingInChunk));
      if (read == -1) {
        throw truncated("unexpected end of stream: expected " + bytesRemainingInChunk
            + " more bytes of chunk");
      }
      bytesRemainingInChunk -= read;
      return read;
    }

    @Override
    public int read(byte[] sink, int offset, int byteCount) throws IOException {
      checkRange(sink, offset, byteCount);
      if (!hasMoreChunks) return -1;
      if (byteCount == 0) return 0;
      if (bytesRemainingInChunk == 0 || bytesRemainingInChunk == NO_CHUNK_YET) {
        readChunkSize();
        if (!hasMoreChunks) return -1;
      }
      int read = readFromConnection(sink, offset,
          (int) Math.min(byteCount, bytesRemainingInChunk));
      if (read == -1) {
        throw truncated("unexpected end of stream: expected " + bytesRemainingInChunk
            + " more bytes of chunk");
      }
      bytesRemainingInChunk -= read;
      return read;
    }

    private void readChunkSize() throws IOException {
      try {
        if (bytesRemainingInChunk != NO_CHUNK_YET) expectLineEnd();
        String line = headersReader.readChunkSizeLine();
        bytesRemainingInChunk = parseChunkSize(line);
        if (bytesRemainingInChunk == 0L) {
          hasMoreChunks = false;
          trailers = headersReader.readHeaders();
          responseBodyComplete(true);
        }
      } catch (IOException e) {
        carrier.noNewExchanges();
        responseBodyComplete(false);
        throw e;
      }
    }

    /** Consumes the CRLF that ends a chunk's data. */
    private void expectLineEnd() throws IOException {
      byte first = source.readByte();
      if (first == '\n') return;
      byte second = first == '\r' ? source.readByte() : 0;
      if (first != '\r' || second != '\n') {
        throw new ProtocolException("Expected CRLF after chunk data but was 0x"
            + Integer.toHexString(first & 0xff)
            + (first == '\r' ? " 0x" + Integer.toHexString(second & 0xff) : ""));
      }
    }

    @Override
    public void close() {
      if (closed) return;
      if (hasMoreChunks && !discard(this, DISCARD_STREAM_TIMEOUT_MILLIS)) {
        carrier.noNewExchanges();
        responseBodyComplete(false);
      }
      closed = true;
    }
  }

  /**
   * Parses a chunk-size line: hexadecimal digits, then optional whitespace and
   * {@code ;extensions}, which are ignored but must be free of control characters.
   *
   * @throws ProtocolException for anything else, or a size beyond {@link Long#MAX_VALUE}
   */
  static long parseChunkSize(String line) throws ProtocolException {
    long size = 0;
    int i = 0;
    int length = line.length();
    for (; i < length; i++) {
      int digit = Character.digit(line.charAt(i), 16);
      if (digit == -1 || line.charAt(i) > 'f') break;
      if (size > (Long.MAX_VALUE >> 4)) {
        throw new ProtocolException("Chunk size too large: " + WireText.printable(line));
      }
      size = (size << 4) | digit;
    }
    if (i == 0) {
      throw new ProtocolException("Expected a chunk size but was \"" + WireText.printable(line)
          + "\"");
    }
    while (i < length && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
    if (i < length && line.charAt(i) != ';') {
      throw new ProtocolException("Expected a chunk size but was \"" + WireText.printable(line)
          + "\"");
    }
    // Extensions are ignored, but control characters in them are refused: parsers disagree on
    // where such a line ends, and a disagreement on chunk boundaries is a desync.
    for (; i < length; i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new ProtocolException("Unexpected control character in chunk extension: \""
            + WireText.printable(line) + "\"");
      }
    }
    return size;
  }

  /** A body that ends when the server closes the connection. */
  private final class UnknownLengthSource extends AbstractSource {
    private boolean inputExhausted;

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (inputExhausted) return -1;
      long read = readFromConnection(sink, byteCount);
      if (read == -1) {
        inputExhausted = true;
        responseBodyComplete(true);
        return -1;
      }
      return read;
    }

    @Override
    public int read(byte[] sink, int offset, int byteCount) throws IOException {
      checkRange(sink, offset, byteCount);
      if (inputExhausted) return -1;
      if (byteCount == 0) return 0;
      int read = readFromConnection(sink, offset, byteCount);
      if (read == -1) {
        inputExhausted = true;
        responseBodyComplete(true);
        return -1;
      }
      return read;
    }

    @Override
    public void close() {
      if (closed) return;
      if (!inputExhausted) responseBodyComplete(false);
      closed = true;
    }
  }

  private static void checkRange(byte[] sink, int offset, int byteCount) {
    if ((offset | byteCount) < 0 || offset > sink.length - byteCount) {
      throw new IndexOutOfBoundsException("offset " + offset + " and byteCount " + byteCount
          + " out of range for length " + sink.length);
    }
  }

  /** A request body of a length declared in {@code Content-Length}. */
  private final class KnownLengthSink implements Sink {
    private final ForwardingTimeout timeout = new ForwardingTimeout(sink.timeout());
    private boolean closed;

    @Override
    public Timeout timeout() {
      return timeout;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      if (closed) throw new IllegalStateException("closed");
      sink.write(source, byteCount);
    }

    @Override
    public void flush() throws IOException {
      if (closed) return;
      sink.flush();
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      detachTimeout(timeout);
      state = STATE_READ_RESPONSE_HEADERS;
    }
  }

  /** A request body sent in chunks, for bodies whose length is unknown up front. */
  private final class ChunkedSink implements Sink {
    private final ForwardingTimeout timeout = new ForwardingTimeout(sink.timeout());
    private boolean closed;

    @Override
    public Timeout timeout() {
      return timeout;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      if (closed) throw new IllegalStateException("closed");
      if (byteCount == 0L) return;
      sink.writeHexadecimalUnsignedLong(byteCount);
      sink.writeUtf8("\r\n");
      sink.write(source, byteCount);
      sink.writeUtf8("\r\n");
    }

    @Override
    public void flush() throws IOException {
      if (closed) return;
      sink.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      try {
        sink.writeUtf8("0\r\n\r\n");
      } finally {
        detachTimeout(timeout);
      }
      state = STATE_READ_RESPONSE_HEADERS;
    }
  }
}
