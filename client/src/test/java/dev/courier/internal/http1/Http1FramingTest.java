package dev.courier.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;

import dev.courier.Headers;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.http1.Http1Framing.Kind;
import org.junit.jupiter.api.Test;

/** How response bodies are delimited, and which framings are refused (RFC 9112 §6.3). */
class Http1FramingTest {
  private static Http1Framing framing(String method, int code, String... headers)
      throws ProtocolException {
    Request request = new Request.Builder().url("http://example.com/")
        .method(method, method.equals("POST")
            ? dev.courier.RequestBody.create(new byte[0], null) : null)
        .build();
    Response response = new Response.Builder().request(request).code(code)
        .headers(Headers.of(headers)).build();
    return Http1Framing.of(response);
  }

  @Test
  void contentLength() throws ProtocolException {
    assertThat(framing("GET", 200, "Content-Length", "42"))
        .isEqualTo(new Http1Framing(Kind.FIXED, 42, true));
  }

  @Test
  void repeatedIdenticalContentLengthsAreAccepted() throws ProtocolException {
    assertThat(framing("GET", 200, "Content-Length", "42, 42", "Content-Length", "42"))
        .isEqualTo(new Http1Framing(Kind.FIXED, 42, true));
  }

  @Test
  void conflictingContentLengthsAreRefused() {
    assertThatThrownBy(() -> framing("GET", 200, "Content-Length", "42", "Content-Length", "7"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Conflicting Content-Length values: 42, 7");
    assertThatThrownBy(() -> framing("GET", 200, "Content-Length", "1, 2"))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void malformedContentLengthsAreRefused() {
    for (String value : new String[] {"-1", "+5", "0x10", "1 2", "", "abc",
        "99999999999999999999", "1.0"}) {
      assertThatThrownBy(() -> framing("GET", 200, "Content-Length", value))
          .as(value).isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("Invalid Content-Length");
    }
  }

  @Test
  void chunked() throws ProtocolException {
    assertThat(framing("GET", 200, "Transfer-Encoding", "chunked"))
        .isEqualTo(new Http1Framing(Kind.CHUNKED, -1, true));
    assertThat(framing("GET", 200, "Transfer-Encoding", "Chunked"))
        .isEqualTo(new Http1Framing(Kind.CHUNKED, -1, true));
  }

  @Test
  void chunkedWithContentLengthIsChunkedAndNotReusable() throws ProtocolException {
    assertThat(framing("GET", 200, "Content-Length", "5", "Transfer-Encoding", "chunked"))
        .isEqualTo(new Http1Framing(Kind.CHUNKED, -1, false));
  }

  @Test
  void codingsOtherThanChunkedAreRefused() {
    assertThatThrownBy(() -> framing("GET", 200, "Transfer-Encoding", "gzip, chunked"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Unsupported Transfer-Encoding: gzip, chunked");
    assertThatThrownBy(() -> framing("GET", 200, "Transfer-Encoding", "chunked, chunked"))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> framing("GET", 200, "Transfer-Encoding", "gzip"))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void transferEncodingNamingNoCodingIsRefused() {
    assertThatThrownBy(() -> framing("GET", 200, "Transfer-Encoding", "",
        "Content-Length", "3"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Transfer-Encoding without chunked");
  }

  @Test
  void chunkedInHttp10IsFaultyFramingAndNeverReused() throws ProtocolException {
    Request request = new Request.Builder().url("http://example.com/").build();
    Response response = new Response.Builder().request(request).code(200)
        .protocol(dev.courier.Protocol.HTTP_1_0)
        .headers(Headers.of("Transfer-Encoding", "chunked", "Connection", "keep-alive")).build();
    assertThat(Http1Framing.of(response)).isEqualTo(new Http1Framing(Kind.CHUNKED, -1, false));
  }

  @Test
  void noFramingHeadersMeansUntilClose() throws ProtocolException {
    assertThat(framing("GET", 200)).isEqualTo(new Http1Framing(Kind.UNTIL_CLOSE, -1, false));
  }

  @Test
  void headAndBodilessStatusesHaveNoBody() throws ProtocolException {
    Http1Framing none = new Http1Framing(Kind.NONE, 0, true);
    assertThat(framing("HEAD", 200, "Content-Length", "42")).isEqualTo(none);
    assertThat(framing("GET", 304, "Content-Length", "42")).isEqualTo(none);
    assertThat(framing("GET", 204)).isEqualTo(none);
    assertThat(framing("GET", 204, "Content-Length", "0")).isEqualTo(none);
    assertThat(framing("GET", 101)).isEqualTo(none);
  }
}
