package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RawServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile HTTP/1.1 responses, run through the whole engine on a real socket. Each case
 * is written from RFC 9112's rules or a known desync vector and states its outcome: the response
 * parses as a given status and body (and its connection is reused or not), or the call fails with
 * a given exception and the connection is discarded. A connection is never reused after a
 * framing that two parsers could read differently.
 */
class MalformedResponseTest {
  private static final String OK = "HTTP/1.1 200 OK\r\n";
  private static final String CHUNKED = OK + "Transfer-Encoding: chunked\r\n";

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final CourierClient client = courier.newClient();
  private RawServer server;

  @BeforeEach
  void setUp() throws IOException {
    server = new RawServer();
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
  }

  /** What a case expects of the engine. */
  sealed interface Outcome permits Parses, Fails {
  }

  /** The response reads as {@code code} and {@code body}; {@code reused} says if its connection is. */
  record Parses(int code, String body, boolean reused) implements Outcome {
  }

  /**
   * The call (or reading its body) fails with {@code type} and a message starting {@code message};
   * {@code retried} if the engine tried once more first, on a new connection.
   */
  record Fails(Class<? extends IOException> type, String message, boolean retried)
      implements Outcome {
  }

  /** One hostile response: its bytes (ISO-8859-1), whether the server closes after them, and the outcome. */
  record Case(String name, String response, boolean closeAfter, Outcome outcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case parses(String name, String response, int code, String body, boolean reused) {
    return new Case(name, response, false, new Parses(code, body, reused));
  }

  private static Case fails(String name, String response, Class<? extends IOException> type,
      String message) {
    return new Case(name, response, false, new Fails(type, message, false));
  }

  private static Case failsAtClose(String name, String response,
      Class<? extends IOException> type, String message) {
    return new Case(name, response, true, new Fails(type, message, false));
  }

  /**
   * A response cut off before its headers end: not a protocol error but a connection failure, so
   * the GET is retried once on a new connection, which the server cuts off the same way.
   */
  private static Case failsAtCloseAfterOneRetry(String name, String response,
      Class<? extends IOException> type, String message) {
    return new Case(name, response, true, new Fails(type, message, true));
  }

  static Stream<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    // Content-Length (RFC 9110 §8.6, RFC 9112 §6.3): one number, repeated only identically.
    cases.add(parses("identical Content-Length fields",
        OK + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 200, "abc", true));
    cases.add(parses("identical Content-Length list", OK + "Content-Length: 3, 3\r\n\r\nabc",
        200, "abc", true));
    cases.add(parses("Content-Length with leading zeros", OK + "Content-Length: 003\r\n\r\nabc",
        200, "abc", true));
    cases.add(fails("conflicting Content-Length fields",
        OK + "Content-Length: 3\r\nContent-Length: 30\r\n\r\nabc",
        ProtocolException.class, "Conflicting Content-Length values: 3, 30"));
    cases.add(fails("conflicting Content-Length list", OK + "Content-Length: 3, 4\r\n\r\nabc",
        ProtocolException.class, "Conflicting Content-Length values: 3, 4"));
    for (String value : List.of("+3", "-3", "0x3", "3 3", "3.0", "", "99999999999999999999")) {
      cases.add(fails("Content-Length '" + value + "'",
          OK + "Content-Length: " + value + "\r\n\r\nabc",
          ProtocolException.class, "Invalid Content-Length"));
    }
    cases.add(fails("Content-Length folded into two numbers",
        OK + "Content-Length: 3\r\n 3\r\n\r\nabc", ProtocolException.class,
        "Invalid Content-Length: 3 3"));
    cases.add(parses("body longer than Content-Length",
        OK + "Content-Length: 3\r\n\r\nabcdef", 200, "abc", false));
    cases.add(failsAtClose("body shorter than Content-Length",
        OK + "Content-Length: 10\r\n\r\nabc", ProtocolException.class,
        "unexpected end of stream: expected 10 bytes of body but received 3"));

    // Transfer-Encoding (RFC 9112 §6.1, §6.3): chunked last, once, and it overrides a length.
    cases.add(parses("Content-Length with chunked",
        CHUNKED + "Content-Length: 100\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 200, "abc", false));
    cases.add(parses("chunked in any case, with spaces",
        OK + "Transfer-Encoding:  ChUnKeD \t\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 200, "abc", true));
    cases.add(parses("chunked in HTTP/1.0 with keep-alive",
        "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n0\r\n\r\n", 200, "abc", false));
    for (String value : List.of("gzip", "chunked, gzip", "gzip, chunked", "chunked, chunked",
        "identity", "xchunked", "chunked;ext=1", "\"chunked\"")) {
      cases.add(fails("Transfer-Encoding '" + value + "'",
          OK + "Transfer-Encoding: " + value + "\r\nContent-Length: 3\r\n\r\nabc",
          ProtocolException.class, "Unsupported Transfer-Encoding"));
    }
    cases.add(fails("two Transfer-Encoding fields, the last not chunked",
        CHUNKED + "Transfer-Encoding: identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        ProtocolException.class, "Unsupported Transfer-Encoding: chunked, identity"));
    cases.add(fails("empty Transfer-Encoding with Content-Length",
        OK + "Transfer-Encoding: \r\nContent-Length: 3\r\n\r\nabc",
        ProtocolException.class, "Transfer-Encoding without chunked"));
    cases.add(fails("Transfer-Encoding folded onto a second line",
        OK + "Transfer-Encoding: identity\r\n chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        ProtocolException.class, "Unsupported Transfer-Encoding: identity chunked"));
    cases.add(fails("whitespace before the colon of Transfer-Encoding",
        OK + "Transfer-Encoding : chunked\r\nContent-Length: 3\r\n\r\nabc",
        ProtocolException.class, "Invalid header field: Transfer-Encoding "));

    // Chunk sizes (RFC 9112 §7.1): 1*HEXDIG, then optional extensions.
    cases.add(parses("chunk extensions are ignored",
        CHUNKED + "\r\n3;name=value;x=\"q\"\r\nabc\r\n0;last\r\n\r\n", 200, "abc", true));
    cases.add(parses("chunk size with leading zeros",
        CHUNKED + "\r\n00000000000000000003\r\nabc\r\n0\r\n\r\n", 200, "abc", true));
    for (String size : List.of("-3", "+3", "0x3", " 3", "3 x", "zz", "")) {
      cases.add(fails("chunk size '" + size + "'",
          CHUNKED + "\r\n" + size + "\r\nabc\r\n0\r\n\r\n",
          ProtocolException.class, "Expected a chunk size but was"));
    }
    cases.add(fails("chunk size overflowing 64 bits",
        CHUNKED + "\r\n10000000000000000\r\nabc\r\n0\r\n\r\n",
        ProtocolException.class, "Chunk size too large: 10000000000000000"));
    cases.add(fails("NUL in a chunk extension", CHUNKED + "\r\n3;a\u0000\r\nabc\r\n0\r\n\r\n",
        ProtocolException.class, "Unexpected control character in chunk extension"));
    cases.add(fails("bare CR in a chunk-size line", CHUNKED + "\r\n3\rabc\r\n0\r\n\r\n",
        ProtocolException.class, "Unexpected bare CR in line"));
    cases.add(fails("chunk-size line over 8 KiB",
        CHUNKED + "\r\n3;" + "x".repeat(9000) + "\r\nabc\r\n0\r\n\r\n",
        ProtocolException.class, "Chunk size line exceeds 8192 bytes"));
    cases.add(fails("chunk data without its CRLF", CHUNKED + "\r\n3\r\nabc0\r\n\r\n",
        ProtocolException.class, "Expected CRLF after chunk data but was 0x30"));
    cases.add(fails("chunk data followed by CR and garbage", CHUNKED + "\r\n3\r\nabc\rX0\r\n\r\n",
        ProtocolException.class, "Expected CRLF after chunk data but was 0xd 0x58"));
    cases.add(failsAtClose("stream ending before the last chunk", CHUNKED + "\r\n3\r\nabc\r\n",
        EOFException.class, "Unexpected end of stream"));
    cases.add(parses("trailers after the last chunk",
        CHUNKED + "\r\n3\r\nabc\r\n0\r\nChecksum: 1\r\n\r\n", 200, "abc", true));
    cases.add(parses("bytes after the last chunk",
        CHUNKED + "\r\n3\r\nabc\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n", 200, "abc", false));

    // Line endings (RFC 9112 §2.2): CRLF, or a bare LF; never a bare CR.
    cases.add(parses("bare LF line endings",
        "HTTP/1.1 200 OK\nContent-Length: 3\nX: y\n\nabc", 200, "abc", true));
    cases.add(parses("mixed CRLF and LF", OK + "Content-Length: 3\n\r\nabc", 200, "abc", true));
    cases.add(fails("bare CR ending the status line",
        "HTTP/1.1 200 OK\rContent-Length: 3\r\n\r\nabc", ProtocolException.class,
        "Unexpected bare CR in line"));
    cases.add(fails("bare CR inside a header value",
        OK + "X: a\rContent-Length: 99\r\nContent-Length: 3\r\n\r\nabc",
        ProtocolException.class, "Unexpected bare CR in line: X: a\\rContent-Length: 99"));
    cases.add(failsAtCloseAfterOneRetry("stream ending inside the headers",
        OK + "Content-Length: 3\r\n",
        IOException.class, "unexpected end of stream on http://127.0.0.1:"));
    cases.add(failsAtCloseAfterOneRetry("server closing without a response", "",
        IOException.class, "unexpected end of stream on http://127.0.0.1:"));
    cases.add(fails("empty line before the status line",
        "\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", ProtocolException.class,
        "Unexpected status line: "));

    // Fields (RFC 9112 §5): token names, no controls, obs-fold joined with a space.
    cases.add(parses("obs-fold joined with a space",
        OK + "X: a\r\n  b\r\n\tc\r\nContent-Length: 1\r\n\r\nz", 200, "z", true));
    cases.add(fails("folding before any field",
        OK + " X: a\r\nContent-Length: 0\r\n\r\n", ProtocolException.class,
        "Unexpected continuation line before any header"));
    cases.add(fails("NUL in a header value", OK + "X: a\u0000b\r\nContent-Length: 0\r\n\r\n",
        ProtocolException.class, "Invalid header field: X: a\\x00b"));
    cases.add(fails("NUL in a header name", OK + "X\u0000Y: a\r\nContent-Length: 0\r\n\r\n",
        ProtocolException.class, "Invalid header field: X\\x00Y"));
    cases.add(fails("space in a header name", OK + "Bad Header: x\r\n\r\n",
        ProtocolException.class, "Invalid header field: Bad Header"));
    cases.add(fails("line without a colon", OK + "Content-Length 0\r\n\r\n",
        ProtocolException.class, "Unexpected header line: Content-Length 0"));
    cases.add(fails("empty header name", OK + ": x\r\nContent-Length: 0\r\n\r\n",
        ProtocolException.class, "Unexpected header line: : x"));
    cases.add(parses("non-ASCII bytes in a value",
        OK + "X: caf\u00e9\r\nContent-Length: 1\r\n\r\nz", 200, "z", true));

    // Status lines (RFC 9112 §4): HTTP/1.x, three digits from 100 to 599.
    for (String line : List.of("HTTP/1.1 099 Low", "HTTP/1.1 600 High", "HTTP/1.1 700 Whatever")) {
      cases.add(fails("status " + line.substring(9, 12), line + "\r\nContent-Length: 0\r\n\r\n",
          ProtocolException.class, "Unexpected status code " + Integer.parseInt(
              line.substring(9, 12))));
    }
    for (String line : List.of("HTTP/1.1 2000 OK", "HTTP/1.1 20 OK", "HTTP/1.1 two hundred OK",
        "HTTP/2.0 200 OK", "HTTP/1.2 200 OK", "http/1.1 200 OK", "HTTP/1.1  200 OK",
        "HTTP/1.1 200 O\u0000K", "ICY 200 OK")) {
      cases.add(fails("status line '" + line + "'", line + "\r\nContent-Length: 0\r\n\r\n",
          ProtocolException.class, "Unexpected status line: "));
    }
    cases.add(parses("status line without a reason", "HTTP/1.1 200\r\nContent-Length: 1\r\n\r\nz",
        200, "z", true));
    cases.add(parses("unsolicited 101 Switching Protocols",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n", 101, "", false));
    cases.add(parses("204 followed by stray bytes",
        "HTTP/1.1 204 No Content\r\n\r\nabc", 204, "", false));
    cases.add(fails("204 with a Content-Length",
        "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nabc",
        ProtocolException.class, "HTTP 204 had non-zero Content-Length: 3"));
    cases.add(parses("304 with the length of the representation",
        "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n", 304, "", true));
    cases.add(parses("HTTP/1.0 without keep-alive",
        "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nz", 200, "z", false));

    // Size limits: 256 KiB for all the heads of one exchange, however they are split.
    cases.add(fails("header block over 256 KiB",
        OK + ("X-Filler: " + "f".repeat(1000) + "\r\n").repeat(270) + "\r\n",
        ProtocolException.class, "Response header block exceeds 262144 bytes"));
    cases.add(fails("one header line over 256 KiB",
        OK + "X-Filler: " + "f".repeat(300 * 1024) + "\r\n\r\n",
        ProtocolException.class, "Response header block exceeds 262144 bytes"));
    cases.add(fails("1xx flood",
        "HTTP/1.1 102 Processing\r\n\r\n".repeat(40) + OK + "Content-Length: 0\r\n\r\n",
        ProtocolException.class, "Too many interim (1xx) responses: more than 32"));
    cases.add(fails("few 1xx responses with huge headers",
        ("HTTP/1.1 103 Early Hints\r\nLink: " + "l".repeat(20_000) + "\r\n\r\n").repeat(20)
            + OK + "Content-Length: 0\r\n\r\n",
        ProtocolException.class, "Response header block exceeds 262144 bytes"));
    cases.add(parses("a few 1xx responses are skipped",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
            + OK + "Content-Length: 1\r\n\r\nz", 200, "z", true));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void hostileResponse(Case hostile) throws IOException {
    server.enqueue(hostile.response().getBytes(StandardCharsets.ISO_8859_1), hostile.closeAfter());
    if (hostile.outcome() instanceof Parses parses) {
      try (Response response = get()) {
        assertThat(response.code()).isEqualTo(parses.code());
        assertThat(response.body().string()).isEqualTo(parses.body());
      }
      server.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
      try (Response response = get()) {
        assertThat(response.body().string()).isEqualTo("next");
      }
      assertThat(server.connectionCount()).isEqualTo(parses.reused() ? 1 : 2);
    } else {
      Fails fails = (Fails) hostile.outcome();
      if (fails.retried()) {
        server.enqueue(hostile.response().getBytes(StandardCharsets.ISO_8859_1),
            hostile.closeAfter());
      }
      assertThatThrownBy(() -> {
        try (Response response = get()) {
          response.body().string();
        }
      }).isInstanceOf(fails.type()).hasMessageStartingWith(fails.message());
      // A protocol error would happen again: never retried.
      int connections = fails.retried() ? 2 : 1;
      assertThat(server.connectionCount()).isEqualTo(connections);
      assertConnectionDiscardedAndNextCallWorks(connections + 1);
    }
  }

  private Response get() throws IOException {
    return client.newCall(new Request.Builder().url(server.url("/")).build()).execute();
  }

  private void assertConnectionDiscardedAndNextCallWorks(int connections) throws IOException {
    assertThat(client.connectionPool().connectionCount()).isZero();
    server.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    try (Response response = get()) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
    assertThat(server.connectionCount()).isEqualTo(connections);
  }

  /**
   * A server that answers before reading the request body (a 413, say) and then closes as
   * servers do, draining what the client still sends: the caller gets the answer, not a write
   * failure, and the connection is discarded.
   */
  @Test
  void responseBeforeTheRequestBody() throws Exception {
    try (ServerSocket early = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serverThread = new Thread(() -> answerEarly(early), "early-answer-server");
      serverThread.start();
      Request post = new Request.Builder()
          .url("http://127.0.0.1:" + early.getLocalPort() + "/upload")
          .post(RequestBody.create(new byte[4 * 1024 * 1024], MediaType.get("image/png")))
          .build();
      try (Response response = client.newCall(post).execute()) {
        assertThat(response.code()).isEqualTo(413);
        assertThat(response.body().string()).isEqualTo("too big");
      }
      assertThat(client.connectionPool().connectionCount()).isZero();
      serverThread.join();
    }
  }

  private static void answerEarly(ServerSocket serverSocket) {
    try (Socket socket = serverSocket.accept()) {
      InputStream in = socket.getInputStream();
      int matched = 0;
      while (matched < 4) { // Up to the end of the head, not a byte of the body.
        int b = in.read();
        if (b == -1) return;
        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      OutputStream out = socket.getOutputStream();
      out.write(("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 7\r\nConnection: close\r\n"
          + "\r\ntoo big").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      in.transferTo(OutputStream.nullOutputStream()); // A lingering close, as nginx does.
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
