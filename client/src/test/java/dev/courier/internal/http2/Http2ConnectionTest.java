package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.courier.MediaType;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.testing.Await;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Http2Connection} and {@link Http2ExchangeCodec} against OkHttp's MockWebServer speaking
 * HTTP/2, in cleartext with prior knowledge and over TLS with ALPN, on one connection opened by
 * the test.
 */
class Http2ConnectionTest {
  private final MockWebServer server = new MockWebServer();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private Http2TestClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    server.start();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (client != null) client.close();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private Http2TestClient client() throws IOException {
    if (client == null) client = Http2TestClient.connect("127.0.0.1", server.getPort());
    return client;
  }

  private Request get(String path) {
    return new Request.Builder().url(server.url(path).toString()).build();
  }

  @Test
  void get() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "text/plain")
        .addHeader("X-Custom", "value")
        .body("hello")
        .build());

    Request request = new Request.Builder().url(server.url("/path?q=1").toString())
        .header("Accept", "text/plain")
        .header("Host", "example.test:8080")
        .header("Connection", "Keep-Alive")
        .header("Keep-Alive", "timeout=5")
        .header("Transfer-Encoding", "chunked")
        .header("Upgrade", "websocket")
        .header("TE", "gzip")
        .build();
    try (Response response = client().execute(request)) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("x-custom")).isEqualTo("value");
      assertThat(response.header("Content-Type")).isEqualTo("text/plain");
      assertThat(response.body().string()).isEqualTo("hello");
    }

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("GET");
    assertThat(recorded.getTarget()).isEqualTo("/path?q=1");
    assertThat(recorded.getHeaders().get(":authority")).isEqualTo("example.test:8080");
    assertThat(recorded.getHeaders().get("accept")).isEqualTo("text/plain");
    assertThat(recorded.getHeaders().names()).doesNotContain("host", "connection", "keep-alive",
        "transfer-encoding", "upgrade", "te");
  }

  @Test
  void postWithBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).body("created").build());

    Request request = new Request.Builder().url(server.url("/items").toString())
        .post(RequestBody.create("{\"a\":1}", MediaType.get("application/json")))
        .header("Content-Type", "application/json")
        .build();
    try (Response response = client().execute(request)) {
      assertThat(response.code()).isEqualTo(201);
      assertThat(response.body().string()).isEqualTo("created");
    }

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getBody().utf8()).isEqualTo("{\"a\":1}");
    assertThat(recorded.getHeaders().get("content-type")).isEqualTo("application/json");
  }

  @Test
  void largeDownloadFlowsThroughWindowUpdates() throws Exception {
    byte[] bytes = randomBytes(8 * 1024 * 1024 + 123);
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(bytes)).build());

    try (Response response = client().execute(get("/large"))) {
      assertThat(ByteString.of(response.body().bytes())).isEqualTo(ByteString.of(bytes));
    }
  }

  @Test
  void largeDownloadWithMinimalWindows() throws Exception {
    client = Http2TestClient.connect("127.0.0.1", server.getPort(),
        builder -> builder.streamWindowSize(65_535).connectionWindowSize(65_535));
    byte[] bytes = randomBytes(3 * 1024 * 1024);
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(bytes)).build());

    try (Response response = client.execute(get("/large"))) {
      assertThat(ByteString.of(response.body().bytes())).isEqualTo(ByteString.of(bytes));
    }
  }

  @Test
  void largeUpload() throws Exception {
    byte[] bytes = randomBytes(5 * 1024 * 1024);
    server.enqueue(new MockResponse.Builder().body("ok").build());

    Request request = new Request.Builder().url(server.url("/upload").toString())
        .post(RequestBody.create(bytes, MediaType.get("application/octet-stream")))
        .build();
    try (Response response = client().execute(request)) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
    assertThat(server.takeRequest().getBody()).isEqualTo(ByteString.of(bytes));
  }

  @Test
  void manyConcurrentStreamsShareOneConnection() throws Exception {
    int count = 50;
    for (int i = 0; i < count; i++) {
      server.enqueue(new MockResponse.Builder().body("body").build());
    }
    Http2TestClient shared = client();
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = i;
      results.add(executor.submit(() -> {
        try (Response response = shared.execute(get("/" + n))) {
          return response.body().string();
        }
      }));
    }
    for (Future<String> result : results) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("body");
    }
    for (int i = 0; i < count; i++) {
      assertThat(server.takeRequest().getConnectionIndex()).isZero();
    }
    Await.until("streams end", () -> shared.connection.activeStreamCount() == 0);
  }

  @Test
  void cancelingOneStreamLeavesTheOthersAlone() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .body(new Buffer().write(randomBytes(1024 * 1024)))
        .throttleBody(16 * 1024, 100, TimeUnit.MILLISECONDS)
        .build());
    server.enqueue(new MockResponse.Builder().body("other").build());

    Http2ExchangeCodec slow = client().newCodec();
    Response slowResponse = Http2TestClient.execute(get("/slow"), slow);
    BufferedSource slowBody = slowResponse.body().source();
    slowBody.require(1);

    slow.cancel();
    assertThatThrownBy(() -> slowBody.readByteString())
        .isInstanceOf(StreamResetException.class)
        .hasMessage("stream was reset: CANCEL");

    try (Response other = client.execute(get("/other"))) {
      assertThat(other.body().string()).isEqualTo("other");
    }
    assertThat(client.connection.isShutdown()).isFalse();
    slowResponse.close();
  }

  @Test
  void closingABodyEarlyGivesItsBytesBackToTheConnectionWindow() throws Exception {
    client = Http2TestClient.connect("127.0.0.1", server.getPort(),
        builder -> builder.streamWindowSize(256 * 1024).connectionWindowSize(256 * 1024));
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder()
          .body(new Buffer().write(randomBytes(200 * 1024)))
          .build());
    }
    for (int i = 0; i < 3; i++) {
      Response response = client.execute(get("/abandoned"));
      response.body().source().require(1);
      response.close(); // The rest of the body was, or will be, discarded unread.
    }
    try (Response response = client.execute(get("/complete"))) {
      assertThat(response.body().bytes()).hasSize(200 * 1024);
    }
  }

  @Test
  void trailers() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .body("abc")
        .trailers(okhttp3.Headers.of("grpc-status", "0", "checksum", "xyz"))
        .build());

    try (Response response = client().execute(get("/trailers"))) {
      assertThatThrownBy(response::trailers).isInstanceOf(IllegalStateException.class);
      assertThat(response.body().string()).isEqualTo("abc");
      assertThat(response.trailers().get("grpc-status")).isEqualTo("0");
      assertThat(response.trailers().get("checksum")).isEqualTo("xyz");
    }
  }

  @Test
  void noTrailersReadAsEmpty() throws Exception {
    server.enqueue(new MockResponse.Builder().body("abc").build());

    try (Response response = client().execute(get("/"))) {
      assertThat(response.body().string()).isEqualTo("abc");
      assertThat(response.trailers().size()).isZero();
    }
  }

  @Test
  void interimResponsesPrecedeTheFinalOne() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .addInformationalResponse(new MockResponse.Builder().code(103)
            .addHeader("Link", "</style.css>; rel=preload").build())
        .body("final")
        .build());

    try (Response response = client().execute(get("/"))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("final");
    }
  }

  @Test
  void expectContinueSendsTheBodyAfter100() throws Exception {
    server.enqueue(new MockResponse.Builder().add100Continue().body("accepted").build());

    Request request = new Request.Builder().url(server.url("/upload").toString())
        .header("Expect", "100-continue")
        .post(RequestBody.create("payload", MediaType.get("text/plain")))
        .build();
    try (Response response = client().execute(request)) {
      assertThat(response.body().string()).isEqualTo("accepted");
    }
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("payload");
  }

  @Test
  void refusedStreamIsUnprocessed() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .onRequestStart(new SocketEffect.CloseStream(ErrorCode.REFUSED_STREAM.code()))
        .build());
    server.enqueue(new MockResponse.Builder().body("second").build());

    assertThatThrownBy(() -> client().execute(get("/refused")))
        .isInstanceOf(UnprocessedStreamException.class)
        .hasMessageContaining("REFUSED_STREAM");
    try (Response response = client.execute(get("/again"))) {
      assertThat(response.body().string()).isEqualTo("second");
    }
  }

  @Test
  void resetStreamFailsOnlyThatCall() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .onRequestStart(new SocketEffect.CloseStream(ErrorCode.INTERNAL_ERROR.code()))
        .build());
    server.enqueue(new MockResponse.Builder().body("second").build());

    assertThatThrownBy(() -> client().execute(get("/reset")))
        .isInstanceOf(StreamResetException.class)
        .hasMessage("stream was reset: INTERNAL_ERROR");
    try (Response response = client.execute(get("/again"))) {
      assertThat(response.body().string()).isEqualTo("second");
    }
  }

  @Test
  void goAwayStopsNewStreams() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .body("last")
        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
        .build());

    try (Response response = client().execute(get("/"))) {
      assertThat(response.body().string()).isEqualTo("last");
    }
    Await.until("GOAWAY arrives", client.connection::isShutdown);
    assertThat(client.connection.canTakeNewStream()).isFalse();
    assertThatThrownBy(() -> client.execute(get("/after")))
        .isInstanceOf(UnprocessedStreamException.class)
        .hasMessageContaining("GOAWAY");
  }

  @Test
  void readTimeoutNamesItselfAndSparesTheConnection() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .body("late")
        .headersDelay(2, TimeUnit.SECONDS)
        .build());
    server.enqueue(new MockResponse.Builder().body("prompt").build());

    client().readTimeoutMillis = 200;
    assertThatThrownBy(() -> client.execute(get("/slow")))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessage("Read timed out after 200 ms (readTimeout)");
    client.readTimeoutMillis = 10_000;
    try (Response response = client.execute(get("/prompt"))) {
      assertThat(response.body().string()).isEqualTo("prompt");
    }
  }

  @Test
  void headRequestHasNoBody() throws Exception {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Length", "10").build());

    Request request = new Request.Builder().url(server.url("/").toString()).head().build();
    try (Response response = client().execute(request)) {
      assertThat(response.body().contentLength()).isZero();
      assertThat(response.body().string()).isEmpty();
    }
  }

  @Test
  void pingIsAcknowledged() throws Exception {
    assertThat(client().connection.awaitPong(5_000)).isTrue();
    assertThat(client.connection.isHealthy(true)).isTrue();
  }

  @Test
  void tlsWithAlpn() throws Exception {
    server.close();
    try (MockWebServer tlsServer = new MockWebServer()) {
      tlsServer.useHttps(TlsFixtures.SERVER.sslSocketFactory());
      tlsServer.setProtocols(List.of(okhttp3.Protocol.HTTP_2, okhttp3.Protocol.HTTP_1_1));
      tlsServer.start();
      tlsServer.enqueue(new MockResponse.Builder().body("secure").build());

      client = Http2TestClient.connectTls(TlsFixtures.CLIENT.sslSocketFactory(), "localhost",
          tlsServer.getPort());
      Request request = new Request.Builder()
          .url("https://localhost:" + tlsServer.getPort() + "/").build();
      try (Response response = client.execute(request)) {
        assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
        assertThat(response.body().string()).isEqualTo("secure");
      }
      assertThat(tlsServer.takeRequest().getHeaders().get(":scheme")).isEqualTo("https");
    }
  }

  @Test
  void closeEndsTheReaderThread() throws Exception {
    server.enqueue(new MockResponse.Builder().body("x").build());
    try (Response response = client().execute(get("/"))) {
      response.body().string();
    }
    String threadName = "courier-http2-" + client.connection.name();
    assertThat(Await.liveThreads(threadName)).hasSize(1);
    client.close();
    Await.until("the reader thread exits", () -> Await.liveThreads(threadName).isEmpty());
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @SuppressWarnings("unused")
  private <T> Future<T> submit(Callable<T> task) {
    return executor.submit(task);
  }
}
