package dev.courier.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

import dev.courier.Headers;
import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.internal.http.ArraySink;
import dev.courier.internal.http.ArraySource;
import dev.courier.testing.RecordingCarrier;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;
import okio.Sink;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 codec, on bytes alone: what it writes, and what it makes of what it reads. */
class Http1ExchangeCodecTest {
  private final Buffer wire = new Buffer();
  private final Buffer incoming = new Buffer();
  private final RecordingCarrier carrier = new RecordingCarrier();
  private final Http1ExchangeCodec codec = new Http1ExchangeCodec(carrier, incoming, wire);

  private static Request get(String url) {
    return new Request.Builder().url(url).header("Host", "example.com").build();
  }

  private Response readResponse(Request request) throws IOException {
    return codec.readResponseHeaders(false).request(request).build();
  }

  private String readBody(Response response) throws IOException {
    try (Source source = codec.openResponseBodySource(response)) {
      return Okio.buffer(source).readUtf8();
    }
  }

  @Test
  void writesRequestLineAndHeadersOnce() throws IOException {
    Request request = new Request.Builder().url("http://example.com/a%20b/c?q=1&r")
        .header("Host", "example.com").header("Accept", "*/*").build();
    codec.writeRequestHeaders(request);
    codec.finishRequest();
    assertThat(wire.readUtf8()).isEqualTo("GET /a%20b/c?q=1&r HTTP/1.1\r\n"
        + "Host: example.com\r\nAccept: */*\r\n\r\n");
    assertThatThrownBy(() -> codec.writeRequestHeaders(request))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void requestLinesRepeatedOnAConnectionAreWrittenTheSame() throws IOException {
    RecentRequestLines recent = new RecentRequestLines();
    Request first = new Request.Builder().url("http://example.com/a?q=1")
        .header("Host", "example.com").header("X-Token", "t1").build();
    Request changed = first.newBuilder().header("X-Token", "t2").build();
    String expectedFirst = "GET /a?q=1 HTTP/1.1\r\nHost: example.com\r\nX-Token: t1\r\n\r\n";
    String expectedChanged = "GET /a?q=1 HTTP/1.1\r\nHost: example.com\r\nX-Token: t2\r\n\r\n";
    // Three times the same lines (the second and third come from what was remembered), then a
    // changed value, then the original again.
    for (Request request : new Request[] {first, first, first, changed, first}) {
      Buffer written = new Buffer();
      new Http1ExchangeCodec(carrier, new Buffer(), written, recent, null)
          .writeRequestHeaders(request);
      assertThat(written.readUtf8()).isEqualTo(request == first ? expectedFirst : expectedChanged);
    }
  }

  @Test
  void writesKnownLengthBody() throws IOException {
    Request request = new Request.Builder().url("http://example.com/")
        .post(RequestBody.create("abc", MediaType.get("text/plain"))).build();
    codec.writeRequestHeaders(request);
    try (BufferedSink body = Okio.buffer(codec.createRequestBody(request, 3))) {
      body.writeUtf8("abc");
    }
    codec.finishRequest();
    assertThat(wire.readUtf8()).isEqualTo("POST / HTTP/1.1\r\n\r\nabc");
  }

  @Test
  void writesChunkedBody() throws IOException {
    Request request = new Request.Builder().url("http://example.com/")
        .header("Transfer-Encoding", "chunked")
        .post(RequestBody.create("ignored", null)).build();
    codec.writeRequestHeaders(request);
    wire.clear();
    Sink sink = codec.createRequestBody(request, -1);
    sink.write(new Buffer().writeUtf8("hello"), 5);
    sink.write(new Buffer().writeUtf8("0123456789abcdefg"), 17);
    sink.close();
    assertThat(wire.readUtf8()).isEqualTo("5\r\nhello\r\n11\r\n0123456789abcdefg\r\n0\r\n\r\n");
  }

  @Test
  void readsFixedLengthBody() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhelloNEXT");
    Response response = readResponse(request);
    assertThat(response.code()).isEqualTo(200);
    assertThat(response.message()).isEqualTo("OK");
    assertThat(response.header("X-A")).isEqualTo("b");
    assertThat(codec.reportedContentLength(response)).isEqualTo(5);
    assertThat(readBody(response)).isEqualTo("hello");
    assertThat(codec.isClosed()).isTrue();
    assertThat(codec.peekTrailers()).isEqualTo(Headers.EMPTY);
    assertThat(incoming.readUtf8()).isEqualTo("NEXT");
    assertThat(carrier.noNewExchanges).isFalse();
  }

  @Test
  void readsChunkedBodyIgnoringExtensionsAndKeepingTrailers() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3;name=value\r\nabc\r\n"
        + "A \t; ext\r\n0123456789\r\n"
        + "0\r\nChecksum: 42\r\nExpires: never\r\n\r\n");
    Response response = readResponse(request);
    assertThat(codec.reportedContentLength(response)).isEqualTo(-1);
    assertThat(codec.peekTrailers()).isNull();
    assertThat(readBody(response)).isEqualTo("abc0123456789");
    assertThat(codec.peekTrailers().get("Checksum")).isEqualTo("42");
    assertThat(codec.peekTrailers().get("Expires")).isEqualTo("never");
    assertThat(carrier.noNewExchanges).isFalse();
  }

  @Test
  void readsBodyUntilCloseAndRetiresTheConnection() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\n\r\neverything until the end");
    Response response = readResponse(request);
    assertThat(readBody(response)).isEqualTo("everything until the end");
    assertThat(carrier.noNewExchanges).isTrue();
  }

  @Test
  void lineEndingsMayBeBareLf() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\nContent-Length: 2\nX-Folded: a\n b\n\nok");
    Response response = readResponse(request);
    assertThat(response.header("X-Folded")).isEqualTo("a b");
    assertThat(readBody(response)).isEqualTo("ok");
  }

  @Test
  void headResponseHasNoBodyWhateverItsHeadersSay() throws IOException {
    Request head = new Request.Builder().url("http://example.com/").head().build();
    codec.writeRequestHeaders(head);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n"
        + "\r\n");
    Response response = readResponse(head);
    assertThat(codec.reportedContentLength(response)).isZero();
    assertThat(readBody(response)).isEmpty();
    assertThat(carrier.noNewExchanges).isFalse();
  }

  @Test
  void expectContinueReturnsNullOn100() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"
        + "Content-Length: 0\r\n\r\n");
    assertThat(codec.readResponseHeaders(true)).isNull();
    assertThat(readResponse(request).code()).isEqualTo(201);
  }

  @Test
  void bodyShorterThanContentLengthIsAProtocolError() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    Response response = readResponse(request);
    Source source = codec.openResponseBodySource(response);
    assertThatThrownBy(() -> Okio.buffer(source).readUtf8())
        .isInstanceOf(ProtocolException.class)
        .hasMessage("unexpected end of stream: expected 10 bytes of body but received 3");
    assertThat(carrier.noNewExchanges).isTrue();
  }

  @Test
  void badChunkSizeIsAProtocolError() throws IOException {
    assertChunkedBodyFails("zz\r\nabc\r\n0\r\n\r\n", "Expected a chunk size but was \"zz\"");
  }

  @Test
  void negativeChunkSizeIsAProtocolError() throws IOException {
    assertChunkedBodyFails("-1\r\n", "Expected a chunk size but was \"-1\"");
  }

  @Test
  void overflowingChunkSizeIsAProtocolError() throws IOException {
    assertChunkedBodyFails("ffffffffffffffffff\r\n", "Chunk size too large: ffffffffffffffffff");
  }

  @Test
  void garbageAfterChunkSizeIsAProtocolError() throws IOException {
    assertChunkedBodyFails("3 x\r\nabc\r\n0\r\n\r\n", "Expected a chunk size but was \"3 x\"");
  }

  @Test
  void controlCharacterInAChunkExtensionIsAProtocolError() throws IOException {
    assertChunkedBodyFails("3;a=\u0000b\r\nabc\r\n0\r\n\r\n",
        "Unexpected control character in chunk extension: \"3;a=\\x00b\"");
  }

  @Test
  void missingCrlfAfterChunkIsAProtocolError() throws IOException {
    assertChunkedBodyFails("3\r\nabcXY3\r\n", "Expected CRLF after chunk data but was 0x58");
  }

  @Test
  void truncatedChunkIsAProtocolError() throws IOException {
    assertChunkedBodyFails("a\r\nabc", "unexpected end of stream: expected 7 more bytes of chunk");
  }

  private void assertChunkedBodyFails(String body, String message) throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
    Response response = readResponse(request);
    Source source = codec.openResponseBodySource(response);
    assertThatThrownBy(() -> Okio.buffer(source).readUtf8())
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message);
    assertThat(carrier.noNewExchanges).isTrue();
    assertThat(codec.peekTrailers()).isNull();
  }

  @Test
  void badStatusLineIsAProtocolError() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 OK\r\n\r\n");
    assertThatThrownBy(() -> codec.readResponseHeaders(false))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Unexpected status line: HTTP/1.1 OK");
  }

  @Test
  void badHeaderLineIsAProtocolError() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n");
    assertThatThrownBy(() -> codec.readResponseHeaders(false))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Unexpected header line: No colon here");
  }

  @Test
  void streamEndingBeforeTheStatusLineNamesTheRoute() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    assertThatThrownBy(() -> codec.readResponseHeaders(false))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("unexpected end of stream");
  }

  @Test
  void closingAnUnreadBodyDrainsItWhenItIsThere() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    Response response = readResponse(request);
    codec.openResponseBodySource(response).close();
    assertThat(carrier.noNewExchanges).isFalse();
    assertThat(codec.peekTrailers()).isEqualTo(Headers.EMPTY);
    assertThat(incoming.size()).isZero();
  }

  @Test
  void closingAnUnreadBodyThatIsNotThereRetiresTheConnection() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel");
    Response response = readResponse(request);
    codec.openResponseBodySource(response).close();
    assertThat(carrier.noNewExchanges).isTrue();
    assertThat(codec.peekTrailers()).isNull();
  }

  @Test
  void contentLengthAndChunkedTogetherAreReadAsChunkedButNeverReused() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n"
        + "\r\n2\r\nok\r\n0\r\n\r\n");
    Response response = readResponse(request);
    assertThat(readBody(response)).isEqualTo("ok");
    assertThat(carrier.noNewExchanges).isTrue();
  }

  @Test
  void noContentWithALengthIsAProtocolError() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n");
    Response response = readResponse(request);
    assertThatThrownBy(() -> codec.openResponseBodySource(response))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("HTTP 204 had non-zero Content-Length: 3");
  }

  @Test
  void resetContentWithABodyIsAProtocolError() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 205 Reset Content\r\nContent-Length: 3\r\n\r\nabc");
    Response response = readResponse(request);
    assertThatThrownBy(() -> codec.openResponseBodySource(response))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("HTTP 205 had a body: Content-Length: 3");
  }

  /** A socket stand-in below the connection's buffer, counting the reads made into arrays. */
  private static final class SocketBytes implements ArraySource {
    final Buffer bytes = new Buffer();
    int arrayReads;

    @Override
    public long read(Buffer sink, long byteCount) {
      return bytes.read(sink, byteCount);
    }

    @Override
    public int read(byte[] sink, int offset, int byteCount) {
      arrayReads++;
      return bytes.read(sink, offset, byteCount);
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {
    }
  }

  /** Reads {@code source} to its end in reads of up to {@code readSize} bytes into arrays. */
  private static byte[] readArrays(ArraySource source, int readSize) throws IOException {
    Buffer result = new Buffer();
    byte[] array = new byte[readSize + 3];
    for (int n; (n = source.read(array, 3, readSize)) != -1; ) result.write(array, 3, n);
    return result.readByteArray();
  }

  @Test
  void arrayReadsTakeBufferedBytesFirstThenTheSocketUpToTheBodysEnd() throws IOException {
    SocketBytes socket = new SocketBytes();
    BufferedSource connection = Okio.buffer(socket);
    Http1ExchangeCodec direct =
        new Http1ExchangeCodec(carrier, connection, wire, null, null, socket, null);
    Request request = get("http://example.com/");
    direct.writeRequestHeaders(request);
    String body = "0123456789".repeat(2_000);
    socket.bytes.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n" + body + "NEXT");
    Response response = direct.readResponseHeaders(false).request(request).build();
    ArraySource source = (ArraySource) direct.openResponseBodySource(response);
    assertThat(new String(readArrays(source, 64 * 1024), StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(socket.arrayReads).isPositive();
    assertThat(direct.peekTrailers()).isEqualTo(Headers.EMPTY);
    assertThat(connection.readUtf8()).isEqualTo("NEXT"); // Nothing past the body was taken.
    assertThat(carrier.noNewExchanges).isFalse();
  }

  @Test
  void chunkedArrayReadsStopAtEachChunksEnd() throws IOException {
    SocketBytes socket = new SocketBytes();
    BufferedSource connection = Okio.buffer(socket);
    Http1ExchangeCodec direct =
        new Http1ExchangeCodec(carrier, connection, wire, null, null, socket, null);
    Request request = get("http://example.com/");
    direct.writeRequestHeaders(request);
    String large = "x".repeat(30_000);
    socket.bytes.writeUtf8("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n7530\r\n" + large + "\r\n3\r\nend\r\n0\r\nX-T: 1\r\n\r\nNEXT");
    Response response = direct.readResponseHeaders(false).request(request).build();
    ArraySource source = (ArraySource) direct.openResponseBodySource(response);
    assertThat(new String(readArrays(source, 64 * 1024), StandardCharsets.UTF_8))
        .isEqualTo("hello" + large + "end");
    assertThat(direct.peekTrailers().get("X-T")).isEqualTo("1");
    assertThat(connection.readUtf8()).isEqualTo("NEXT");
  }

  @Test
  void arrayReadsOfABodyEndingWithTheConnection() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\n\r\n" + "y".repeat(10_000));
    ArraySource source = (ArraySource) codec.openResponseBodySource(readResponse(request));
    assertThat(readArrays(source, 4096)).hasSize(10_000);
    assertThat(source.read(new byte[10], 0, 10)).isEqualTo(-1);
    assertThat(codec.peekTrailers()).isEqualTo(Headers.EMPTY);
    assertThat(carrier.noNewExchanges).isTrue(); // Such a connection is never reused.
  }

  @Test
  void arrayReadOfATruncatedBodyIsAProtocolError() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    ArraySource source = (ArraySource) codec.openResponseBodySource(readResponse(request));
    assertThatThrownBy(() -> readArrays(source, 64 * 1024))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("unexpected end of stream: expected 10 bytes of body but received 3");
    assertThat(carrier.noNewExchanges).isTrue();
    assertThat(codec.peekTrailers()).isNull();
  }

  @Test
  void arrayReadsOfExactAndEmptyLengthsAndAfterClose() throws IOException {
    Request request = get("http://example.com/");
    codec.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
    ArraySource source = (ArraySource) codec.openResponseBodySource(readResponse(request));
    byte[] array = new byte[3];
    assertThat(source.read(array, 0, 0)).isZero();
    assertThat(source.read(array, 0, 3)).isEqualTo(3);
    assertThat(array).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(source.read(array, 0, 3)).isEqualTo(-1);
    assertThatThrownBy(() -> source.read(array, 2, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    source.close();
    assertThat(codec.peekTrailers()).isEqualTo(Headers.EMPTY);

    Http1ExchangeCodec next = new Http1ExchangeCodec(carrier, incoming, wire);
    next.writeRequestHeaders(request);
    incoming.writeUtf8("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel");
    ArraySource unread = (ArraySource) next.openResponseBodySource(
        next.readResponseHeaders(false).request(request).build());
    unread.close();
    // Closed before its end, the body fails either way of reading it, alike.
    assertThatThrownBy(() -> unread.read(new byte[5], 0, 5))
        .isInstanceOf(IllegalStateException.class).hasMessage("closed");
    assertThatThrownBy(() -> unread.read(new Buffer(), 5))
        .isInstanceOf(IllegalStateException.class).hasMessage("closed");
  }

  @Test
  void arrayRequestBodyGoesToTheSocketAfterTheHeaders() throws IOException {
    Buffer socket = new Buffer();
    ArraySink socketSink = new ArraySink() {
      @Override
      public void write(Buffer head, byte[] source, int offset, int byteCount) {
        socket.write(head, head.size());
        socket.write(source, offset, byteCount);
      }

      @Override
      public void write(Buffer source, long byteCount) {
        socket.write(source, byteCount);
      }

      @Override
      public void flush() {
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {
      }
    };
    BufferedSink connection = Okio.buffer(socketSink);
    Http1ExchangeCodec direct =
        new Http1ExchangeCodec(carrier, incoming, connection, null, null, null, socketSink);
    Request request = new Request.Builder().url("http://example.com/")
        .post(RequestBody.create("abc", MediaType.get("text/plain"))).build();
    direct.writeRequestHeaders(request);
    direct.writeRequestBody(request, "xabcx".getBytes(StandardCharsets.UTF_8), 1, 3);
    direct.finishRequest();
    assertThat(socket.readUtf8()).isEqualTo("POST / HTTP/1.1\r\n\r\nabc");
    incoming.writeUtf8("HTTP/1.1 204 No Content\r\n\r\n");
    assertThat(direct.readResponseHeaders(false).request(request).build().code()).isEqualTo(204);
  }

  @Test
  void arrayRequestBodyIsChunkedWhenTheRequestSaysSo() throws IOException {
    Request request = new Request.Builder().url("http://example.com/")
        .header("Transfer-Encoding", "chunked")
        .post(RequestBody.create("ignored", null)).build();
    codec.writeRequestHeaders(request);
    wire.clear();
    codec.writeRequestBody(request, "hello".getBytes(StandardCharsets.UTF_8), 0, 5);
    codec.finishRequest();
    assertThat(wire.readUtf8()).isEqualTo("5\r\nhello\r\n0\r\n\r\n");
  }
}
