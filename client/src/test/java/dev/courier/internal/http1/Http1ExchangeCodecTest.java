package dev.courier.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProtocolException;

import dev.courier.Headers;
import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.testing.RecordingCarrier;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Sink;
import okio.Source;
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
}
