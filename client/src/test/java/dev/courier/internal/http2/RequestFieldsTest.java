package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** How a request's fields go out on HTTP/2 (RFC 9113 §8.2.2, §8.3.1), decoded back from HPACK. */
class RequestFieldsTest {
  @Test
  void pseudoHeadersComeFirst() throws Exception {
    Request request = new Request.Builder().url("https://example.com:8443/a/b?c=d&e")
        .header("Accept", "*/*").build();
    assertThat(fields(request)).containsExactly(
        ":method", "GET", ":scheme", "https", ":authority", "example.com:8443",
        ":path", "/a/b?c=d&e", "accept", "*/*");
  }

  @Test
  void hostBecomesAuthority() throws Exception {
    Request request = new Request.Builder().url("http://10.0.0.1/")
        .header("Host", "virtual.example").build();
    assertThat(fields(request)).containsExactly(
        ":method", "GET", ":scheme", "http", ":authority", "virtual.example", ":path", "/");
  }

  @Test
  void ipv6AuthorityIsBracketed() throws Exception {
    Request request = new Request.Builder().url("http://[::1]:8080/").build();
    assertThat(fields(request)).contains(":authority", "[::1]:8080");
  }

  @Test
  void connectionSpecificFieldsAreDropped() throws Exception {
    Request request = new Request.Builder().url("http://example.com/")
        .header("Connection", "Keep-Alive, X-Hop")
        .header("Keep-Alive", "timeout=5")
        .header("Proxy-Connection", "keep-alive")
        .header("Transfer-Encoding", "chunked")
        .header("Upgrade", "h2c")
        .header("X-Hop", "dropped, since Connection names it")
        .header("X-Kept", "1")
        .build();
    assertThat(fields(request)).containsExactly(
        ":method", "GET", ":scheme", "http", ":authority", "example.com", ":path", "/",
        "x-kept", "1");
  }

  @Test
  void teIsKeptOnlyAsTrailers() throws Exception {
    Request trailers = new Request.Builder().url("http://example.com/")
        .header("TE", "trailers").build();
    assertThat(fields(trailers)).contains("te", "trailers");
    Request gzip = new Request.Builder().url("http://example.com/")
        .header("TE", "gzip").build();
    assertThat(fields(gzip)).doesNotContain("te");
  }

  @Test
  void namesAreLowercase() throws Exception {
    Request request = new Request.Builder().url("http://example.com/")
        .post(RequestBody.create("x", MediaType.get("text/plain")))
        .header("Content-Type", "text/plain")
        .header("X-Mixed-Case", "Value Keeps Its Case")
        .build();
    assertThat(fields(request)).contains("content-type", "text/plain",
        "x-mixed-case", "Value Keeps Its Case", ":method", "POST");
  }

  @Test
  void listSizeCountsWhatIsSent() {
    Request request = new Request.Builder().url("http://example.com/")
        .header("Connection", "close")
        .header("X-A", "12345")
        .build();
    // :method GET (7+3), :scheme http (7+4), :authority example.com (10+11), :path / (5+1),
    // x-a 12345 (3+5), each plus 32; Connection is not sent.
    assertThat(RequestFields.of(request).listSize())
        .isEqualTo(10 + 11 + 21 + 6 + 8 + 5 * 32);
  }

  private static List<String> fields(Request request) throws Exception {
    Buffer block = new Buffer();
    HpackEncoder encoder = new HpackEncoder();
    encoder.beginBlock(block);
    RequestFields.of(request).encode(encoder, block);
    HpackDecoder decoder = new HpackDecoder(4096, 256 * 1024);
    decoder.decode(block);
    List<String> result = new ArrayList<>();
    for (int i = 0; i < decoder.fieldCount(); i++) {
      result.add(decoder.name(i));
      result.add(decoder.value(i));
    }
    return result;
  }
}
