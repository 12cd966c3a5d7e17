package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import okio.ByteString;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Http2Connection} against Jetty 12's HTTP/2 server in cleartext with prior knowledge: an
 * implementation independent of OkHttp's, and a strict one (it refuses connection-specific header
 * fields and checks flow control), so the client is not only tested against the library its API is
 * modelled on.
 */
class Http2JettyTest {
  private static final byte[] LARGE = new byte[6 * 1024 * 1024 + 17];
  private static Server server;
  private static int port;

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private Http2TestClient client;

  @BeforeAll
  static void startJetty() throws Exception {
    new Random(42).nextBytes(LARGE);
    server = new Server();
    ServerConnector connector =
        new ServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request,
          org.eclipse.jetty.server.Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        response.getHeaders().put("x-authority", request.getHttpURI().getAuthority());
        switch (path) {
          case "/hello" -> {
            response.getHeaders().put("content-type", "text/plain");
            Content.Sink.write(response, true, "hello from jetty", callback);
          }
          case "/echo" -> {
            ByteBuffer body = Content.Source.asByteBuffer(request);
            response.getHeaders().put("x-method", request.getMethod());
            response.write(true, body, callback);
          }
          case "/large" -> response.write(true, ByteBuffer.wrap(LARGE), callback);
          case "/slice" -> response.write(true, ByteBuffer.wrap(LARGE, 0, 256 * 1024), callback);
          case "/trailers" -> {
            response.setTrailersSupplier(() -> HttpFields.build().put("x-checksum", "c0ffee"));
            Content.Sink.write(response, true, "with trailers", callback);
          }
          default -> {
            response.setStatus(404);
            Content.Sink.write(response, true, "no " + path, callback);
          }
        }
        return true;
      }
    });
    server.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stopJetty() throws Exception {
    server.stop();
  }

  @BeforeEach
  void connect() throws Exception {
    client = Http2TestClient.connect("127.0.0.1", port);
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static Request.Builder request(String path) {
    return new Request.Builder().url("http://127.0.0.1:" + port + path);
  }

  @Test
  void get() throws Exception {
    // HTTP/1.1's connection-specific fields, as the bridge adds them: Jetty refuses a request
    // that still carries them, so this passes only if they are dropped.
    Request request = request("/hello")
        .header("Host", "jetty.test")
        .header("Connection", "Keep-Alive")
        .header("Keep-Alive", "timeout=5")
        .header("Accept-Encoding", "identity")
        .build();
    try (Response response = client.execute(request)) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Type")).isEqualTo("text/plain");
      assertThat(response.header("x-authority")).isEqualTo("jetty.test");
      assertThat(response.body().string()).isEqualTo("hello from jetty");
    }
  }

  @Test
  void postEchoesTheBody() throws Exception {
    byte[] body = new byte[300 * 1024];
    new Random(7).nextBytes(body);
    Request request = request("/echo")
        .post(RequestBody.create(body, MediaType.get("application/octet-stream")))
        .header("Content-Length", Integer.toString(body.length))
        .build();
    try (Response response = client.execute(request)) {
      assertThat(response.header("x-method")).isEqualTo("POST");
      assertThat(ByteString.of(response.body().bytes())).isEqualTo(ByteString.of(body));
    }
  }

  @Test
  void largeDownload() throws Exception {
    try (Response response = client.execute(request("/large").build())) {
      assertThat(ByteString.of(response.body().bytes())).isEqualTo(ByteString.of(LARGE));
    }
  }

  @Test
  void trailers() throws Exception {
    try (Response response = client.execute(request("/trailers").build())) {
      assertThat(response.body().string()).isEqualTo("with trailers");
      assertThat(response.trailers().get("x-checksum")).isEqualTo("c0ffee");
    }
  }

  @Test
  void notFound() throws Exception {
    try (Response response = client.execute(request("/missing").build())) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(response.body().string()).isEqualTo("no /missing");
    }
  }

  @Test
  void concurrentStreamsOnOneConnection() throws Exception {
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      results.add(executor.submit(() -> {
        Request request = request("/echo")
            .post(RequestBody.create("request " + n, MediaType.get("text/plain")))
            .build();
        try (Response response = client.execute(request)) {
          return new String(response.body().bytes(), StandardCharsets.UTF_8);
        }
      }));
    }
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("request " + i);
    }
    assertThat(client.connection.isShutdown()).isFalse();
  }

  @Test
  void cancelingRandomStreamsLeavesTheOthersIntact() throws Exception {
    Random random = new Random(3);
    ByteString expected = ByteString.of(LARGE, 0, 256 * 1024);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      boolean cancel = random.nextInt(3) == 0;
      results.add(executor.submit(() -> {
        Http2ExchangeCodec codec = client.newCodec();
        try (Response response = Http2TestClient.execute(request("/slice").build(), codec)) {
          if (!cancel) {
            return ByteString.of(response.body().bytes()).equals(expected) ? "intact" : "corrupt";
          }
          ByteString first = response.body().source().readByteString(1);
          codec.cancel();
          try {
            // A stream whose body had fully arrived has ended: canceling it changes nothing.
            ByteString rest = response.body().source().readByteString();
            return new okio.Buffer().write(first).write(rest).readByteString().equals(expected)
                ? "intact" : "corrupt";
          } catch (StreamResetException e) {
            return "canceled";
          }
        }
      }));
    }
    int intact = 0;
    for (Future<String> result : results) {
      String outcome = result.get(20, TimeUnit.SECONDS);
      assertThat(outcome).isIn("intact", "canceled");
      if (outcome.equals("intact")) intact++;
    }
    assertThat(intact).isGreaterThan(50);
    assertThat(client.connection.isShutdown()).isFalse();
    Await.until("every stream ends", () -> client.connection.activeStreamCount() == 0);
    try (Response response = client.execute(request("/hello").build())) {
      assertThat(response.body().string()).isEqualTo("hello from jetty");
    }
  }

  @Test
  void serverAcknowledgesPings() {
    assertThat(client.connection.awaitPong(5_000)).isTrue();
  }
}
