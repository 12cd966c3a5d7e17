package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.FaultProxy;
import dev.courier.testing.FaultProxy.Cut;
import dev.courier.testing.FaultProxy.Plan;
import dev.courier.testing.OpenFiles;
import dev.courier.testing.RawServer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The network failing at every step of an exchange, on real loopback sockets: a server that
 * closes or resets at each point, stalls, drips, refuses, drops idle connections or half-closes.
 * For each the test checks the exception, that the broken connection left the pool, that only
 * safe requests were repeated (counted at the server or the proxy), and that no socket outlived
 * the client (and, through {@link CourierExtension}, no connection or {@code courier-} thread).
 */
class FaultInjectionTest {
  /**
   * How many descriptors other than sockets the JVM may open during a test: jar files the class
   * loader opens the first time it loads a class from them, which stay open. Sockets, the only
   * descriptors the engine opens, are checked exactly.
   */
  private static final int NON_SOCKET_FD_ALLOWANCE = 4;

  private static final MediaType TEXT = MediaType.get("text/plain");

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private RawServer rawServer;
  private FaultProxy proxy;
  private CourierClient client;
  private OpenFiles.Snapshot filesBefore;

  @BeforeAll
  static void loadClasses() throws Exception {
    // One ordinary call first, so that loading the engine's classes (and opening their jars)
    // doesn't count against the first test's descriptor check.
    try (MockWebServer warmUp = new MockWebServer(); CourierClient client = new CourierClient()) {
      warmUp.start(InetAddress.getLoopbackAddress(), 0);
      warmUp.enqueue(new MockResponse.Builder().body("warm").build());
      try (Response response = client.newCall(new Request.Builder()
          .url(warmUp.url("/").toString()).build()).execute()) {
        response.body().string();
      }
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    filesBefore = OpenFiles.snapshot();
    rawServer = new RawServer();
    client = courier.newClient(builder -> builder.readTimeout(Duration.ofSeconds(5)));
  }

  /**
   * Every socket opened during the test is closed. The peers are closed here, before the
   * extension closes them, because the sockets can only be counted once both ends are; the
   * extension then checks the pool and the threads.
   */
  @AfterEach
  void everySocketIsClosed() throws IOException {
    client.close();
    if (proxy != null) proxy.close();
    rawServer.close();
    server.close();
    Await.until("every socket of the test is closed", () -> filesBefore.newSockets().isEmpty());
    assertThat(OpenFiles.snapshot().total())
        .isLessThanOrEqualTo(filesBefore.total() + NON_SOCKET_FD_ALLOWANCE);
  }

  private FaultProxy proxyTo(int port) throws IOException {
    proxy = new FaultProxy(port);
    return proxy;
  }

  private String proxyUrl() {
    return "http://127.0.0.1:" + proxy.port() + "/";
  }

  private Response execute(Request request) throws IOException {
    return client.newCall(request).execute();
  }

  private static Request get(String url) {
    return new Request.Builder().url(url).build();
  }

  private static Request post(String url, String body) {
    return new Request.Builder().url(url).post(RequestBody.create(body, TEXT)).build();
  }

  @Test
  void serverClosingAtStartFailsTheCallAfterOneRetry() throws IOException {
    // One route, and its fresh connection failed: a GET gets its one retry on a fresh connection
    // over the same route, which fails the same way.
    proxyTo(server.getPort())
        .enqueue(Plan.passThrough().cutRequestAfter(0, Cut.CLOSE))
        .enqueue(Plan.passThrough().cutRequestAfter(0, Cut.CLOSE));
    assertThatThrownBy(() -> execute(get(proxyUrl()))).isInstanceOf(IOException.class);
    assertThat(proxy.connectionCount()).isEqualTo(2);
    assertThat(server.getRequestCount()).isZero();
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void serverClosingAfterTheRequestFailsPostWithoutResending() throws IOException {
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    assertThatThrownBy(() -> execute(post(server.url("/").toString(), "order #1")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("unexpected end of stream on http://");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void serverClosingMidRequestBodyFailsPostWithoutResending() throws IOException {
    proxyTo(server.getPort()).enqueue(Plan.passThrough().cutRequestAfter(1_000, Cut.RESET));
    String body = "x".repeat(4 * 1024 * 1024);
    assertThatThrownBy(() -> execute(post(proxyUrl(), body))).isInstanceOf(IOException.class);
    assertThat(proxy.connectionCount()).isEqualTo(1);
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void pooledConnectionClosedMidRequestBodyRetriesPutWithItsReplayableBody() throws Exception {
    server.enqueue(new MockResponse.Builder().body("warm").build());
    server.enqueue(new MockResponse.Builder().body("stored").build());
    // The first connection carries the small GET, then is closed 2,000 bytes into the PUT.
    proxyTo(server.getPort()).enqueue(Plan.passThrough().cutRequestAfter(2_000, Cut.CLOSE));
    try (Response response = execute(get(proxyUrl()))) {
      assertThat(response.body().string()).isEqualTo("warm");
    }
    String body = "x".repeat(4 * 1024 * 1024);
    Request put = new Request.Builder().url(proxyUrl()).put(RequestBody.create(body, TEXT))
        .build();
    try (Response response = execute(put)) {
      assertThat(response.body().string()).isEqualTo("stored");
    }
    assertThat(proxy.connectionCount()).isEqualTo(2);
    // The server saw the warm-up, the cut PUT's head, and the PUT replayed whole.
    assertThat(server.getRequestCount()).isEqualTo(3);
    server.takeRequest();
    assertThat(server.takeRequest().getMethod()).isEqualTo("PUT");
    assertThat(server.takeRequest().getBody().size()).isEqualTo(body.length());
    assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
  }

  @Test
  void serverClosingMidFixedLengthBody() throws IOException {
    rawServer.enqueueAndClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd");
    try (Response response = execute(get(rawServer.url("/")))) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(ProtocolException.class)
          .hasMessage("unexpected end of stream: expected 10 bytes of body but received 4");
    }
    assertThat(client.connectionPool().connectionCount()).isZero();
    assertThat(rawServer.connectionCount()).isEqualTo(1); // A failed body is never retried.
  }

  @Test
  void serverResettingMidFixedLengthBody() throws IOException {
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
    rawServer.enqueue(head + "y".repeat(100_000));
    proxyTo(rawServer.port())
        .enqueue(Plan.passThrough().cutResponseAfter(head.length() + 10, Cut.RESET));
    try (Response response = execute(get(proxyUrl()))) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class)
          .hasMessageContaining("reset");
    }
    assertThat(client.connectionPool().connectionCount()).isZero();
    assertThat(proxy.connectionCount()).isEqualTo(1);
  }

  @Test
  void serverClosingMidChunk() throws IOException {
    rawServer.enqueueAndClose(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\na\r\nwor");
    try (Response response = execute(get(rawServer.url("/")))) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(ProtocolException.class)
          .hasMessage("unexpected end of stream: expected 7 more bytes of chunk");
    }
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void serverClosingBetweenChunks() throws IOException {
    rawServer.enqueueAndClose(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
    try (Response response = execute(get(rawServer.url("/")))) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(EOFException.class)
          .hasMessageStartingWith("Unexpected end of stream");
    }
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void serverClosingBeforeTrailers() throws IOException {
    rawServer.enqueueAndClose(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nChecksum: ab");
    try (Response response = execute(get(rawServer.url("/")))) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(EOFException.class)
          .hasMessageStartingWith("Unexpected end of stream")
          .hasMessageContaining("Checksum: ab");
      assertThatThrownBy(response::trailers).isInstanceOf(IllegalStateException.class);
    }
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void stallBeforeTheHeadersFiresTheReadTimeout() throws IOException {
    client = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
    proxyTo(server.getPort()).enqueue(Plan.passThrough().cutResponseAfter(0, Cut.STALL));
    server.enqueue(new MockResponse.Builder().body("never seen").build());
    assertThatThrownBy(() -> execute(get(proxyUrl())))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessage("Read timed out after 300 ms (readTimeout)");
    assertThat(proxy.connectionCount()).isEqualTo(1); // A timeout is not retried.
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void stallInsideAChunkedBodyFiresTheReadTimeout() throws IOException {
    client = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
    String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    rawServer.enqueue(head + "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n");
    proxyTo(rawServer.port())
        .enqueue(Plan.passThrough().cutResponseAfter(head.length() + 12, Cut.STALL));
    try (Response response = execute(get(proxyUrl()))) {
      assertThatThrownBy(() -> response.body().string())
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage("Read timed out after 300 ms (readTimeout)");
    }
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void dripFeedSlowerThanTheCallTimeout() throws IOException {
    // Each read gets a byte well within the read timeout; only the call timeout sees the total.
    client = client.newBuilder().callTimeout(Duration.ofMillis(500)).build();
    server.enqueue(new MockResponse.Builder().body("z".repeat(4_000)).build());
    proxyTo(server.getPort()).enqueue(Plan.passThrough().bandwidth(2_000));
    assertThatThrownBy(() -> {
      try (Response response = execute(get(proxyUrl()))) {
        response.body().string();
      }
    })
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("Call timed out after 500 ms (callTimeout)");
    assertThat(client.connectionPool().connectionCount()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void latencyAloneIsNotAFailure() throws IOException {
    server.enqueue(new MockResponse.Builder().body("slow but fine").build());
    proxyTo(server.getPort()).enqueue(Plan.passThrough().latency(50));
    try (Response response = execute(get(proxyUrl()))) {
      assertThat(response.body().string()).isEqualTo("slow but fine");
    }
    assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(1);
  }

  @Test
  void connectionRefusedNamesTheAddress() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    assertThatThrownBy(() -> execute(get("http://127.0.0.1:" + port + "/")))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("127.0.0.1:" + port);
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void idleConnectionClosedByTheServerIsReplacedForGet() throws IOException {
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(new MockResponse.Builder().body("second").build());
    proxyTo(server.getPort());
    try (Response response = execute(get(proxyUrl()))) {
      assertThat(response.body().string()).isEqualTo("first");
    }
    assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(1);
    proxy.disconnectAll(Cut.RESET);
    try (Response response = execute(get(proxyUrl()))) {
      assertThat(response.body().string()).isEqualTo("second");
    }
    assertThat(proxy.connectionCount()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
  }

  @Test
  void idleConnectionClosedByTheServerFailsPostWithoutResending() throws IOException {
    server.enqueue(new MockResponse.Builder().body("first").build());
    proxyTo(server.getPort());
    try (Response response = execute(get(proxyUrl()))) {
      assertThat(response.body().string()).isEqualTo("first");
    }
    proxy.disconnectAll(Cut.CLOSE);
    assertThatThrownBy(() -> execute(post(proxyUrl(), "order #1")))
        .isInstanceOf(IOException.class);
    assertThat(server.getRequestCount()).isEqualTo(1); // The POST never reached the server.
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void bodyEndingWithTheServersHalfCloseIsReadWhole() throws IOException {
    // No framing headers: the body ends when the server shuts its output down. It still reads,
    // so the socket is half-closed, not closed; the client must not wait for more.
    server.enqueue(new MockResponse.Builder().body("until close")
        .removeHeader("Content-Length")
        .onResponseEnd(new SocketEffect.CloseSocket(false, false, true)).build());
    try (Response response = execute(get(server.url("/").toString()))) {
      assertThat(response.body().string()).isEqualTo("until close");
    }
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void connectionHalfClosedByTheServerIsReplacedForGet() throws IOException {
    server.enqueue(new MockResponse.Builder().body("first")
        .onResponseEnd(new SocketEffect.CloseSocket(false, false, true)).build());
    server.enqueue(new MockResponse.Builder().body("second").build());
    try (Response response = execute(get(server.url("/").toString()))) {
      assertThat(response.body().string()).isEqualTo("first");
    }
    try (Response response = execute(get(server.url("/").toString()))) {
      assertThat(response.body().string()).isEqualTo("second");
    }
    assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
  }
}
