package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.JettyHttp2Server;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import okio.ByteString;
import okio.GzipSink;
import okio.Okio;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls over HTTP/2 behave as they do over HTTP/1.1: the cache, the bridge (gzip, cookies,
 * headers), redirects, authentication and retries; and what one exchange does to its stream
 * (a reset, {@code Connection: close}, an unanswered {@code Expect: 100-continue}) leaves the
 * connection to the next call. Against MockWebServer over TLS, where ALPN chooses h2, and Jetty.
 */
class Http2CallTest {
  /** RFC 9113's REFUSED_STREAM and INTERNAL_ERROR codes. */
  private static final int REFUSED_STREAM = 0x7;
  private static final int INTERNAL_ERROR = 0x2;

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newHttpsServer(TlsFixtures.SERVER.sslSocketFactory());
  private CourierClient client = courier.newClient(builder -> builder
      .sslSocketFactory(TlsFixtures.CLIENT.sslSocketFactory(), TlsFixtures.CLIENT.trustManager()));
  private JettyHttp2Server jetty;

  @AfterEach
  void stopJetty() {
    if (jetty != null) jetty.close();
  }

  private Request.Builder request(String path) {
    return new Request.Builder().url("https://localhost:" + server.getPort() + path);
  }

  private Response execute(Request request) throws IOException {
    return client.newCall(request).execute();
  }

  private String body(Request request) throws IOException {
    try (Response response = execute(request)) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      return response.body().string();
    }
  }

  @Test
  void theBridgeSendsHeadersAsHttp2FieldsAndDecodesGzip() throws Exception {
    Buffer gzipped = new Buffer();
    try (okio.BufferedSink sink = Okio.buffer(new GzipSink(gzipped))) {
      sink.writeUtf8("inflated over h2");
    }
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Encoding", "gzip")
        .body(gzipped)
        .build());
    try (Response response = execute(request("/gzip").build())) {
      assertThat(response.body().string()).isEqualTo("inflated over h2");
      assertThat(response.header("Content-Encoding")).isNull();
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getVersion()).isEqualTo("HTTP/2");
    assertThat(recorded.getUrl().host()).isEqualTo("localhost");
    assertThat(recorded.getHeaders().get("accept-encoding")).isEqualTo("gzip");
    assertThat(recorded.getHeaders().get("user-agent")).startsWith("courier/");
    // Connection-specific fields have no place in HTTP/2 (RFC 9113 §8.2.2).
    assertThat(recorded.getHeaders().get("connection")).isNull();
    assertThat(recorded.getHeaders().get("host")).isNull();
  }

  @Test
  void cachedResponsesAndRevalidationsWorkOverHttp2(@TempDir Path cacheDirectory)
      throws Exception {
    client = client.newBuilder().cache(new Cache(cacheDirectory, 1024 * 1024)).build();
    server.enqueue(new MockResponse.Builder()
        .addHeader("Cache-Control", "max-age=60")
        .body("fresh")
        .build());
    server.enqueue(new MockResponse.Builder()
        .addHeader("Cache-Control", "no-cache")
        .addHeader("ETag", "\"v1\"")
        .body("validated")
        .build());
    server.enqueue(new MockResponse.Builder().code(304).build());

    assertThat(body(request("/fresh").build())).isEqualTo("fresh");
    try (Response cached = execute(request("/fresh").build())) {
      assertThat(cached.body().string()).isEqualTo("fresh");
      assertThat(cached.networkResponse()).isNull();
      assertThat(cached.cacheResponse().protocol()).isEqualTo(Protocol.HTTP_2);
    }
    assertThat(body(request("/etag").build())).isEqualTo("validated");
    try (Response revalidated = execute(request("/etag").build())) {
      assertThat(revalidated.body().string()).isEqualTo("validated");
      assertThat(revalidated.networkResponse().code()).isEqualTo(304);
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    server.takeRequest();
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("if-none-match")).isEqualTo("\"v1\"");
    client.cache().close();
  }

  @Test
  void redirectsCookiesAndAuthenticationShareTheConnection() throws Exception {
    InMemoryCookieJar cookies = new InMemoryCookieJar();
    client = client.newBuilder()
        .cookieJar(cookies)
        .authenticator((route, response) -> response.request().newBuilder()
            .header("Authorization", "Bearer token").build())
        .build();
    server.enqueue(new MockResponse.Builder()
        .code(302)
        .addHeader("Location", "/target")
        .addHeader("Set-Cookie", "session=abc; Path=/")
        .build());
    server.enqueue(new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "Bearer").build());
    server.enqueue(new MockResponse.Builder().body("welcome").build());

    assertThat(body(request("/start").build())).isEqualTo("welcome");

    RecordedRequest start = server.takeRequest();
    RecordedRequest redirected = server.takeRequest();
    RecordedRequest authenticated = server.takeRequest();
    assertThat(redirected.getUrl().encodedPath()).isEqualTo("/target");
    assertThat(redirected.getHeaders().get("cookie")).isEqualTo("session=abc");
    assertThat(authenticated.getHeaders().get("authorization")).isEqualTo("Bearer token");
    assertThat(List.of(start.getConnectionIndex(), redirected.getConnectionIndex(),
        authenticated.getConnectionIndex())).containsOnly(start.getConnectionIndex());
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void aRefusedStreamIsRetriedEvenForAPost() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .onRequestStart(new SocketEffect.CloseStream(REFUSED_STREAM))
        .build());
    server.enqueue(new MockResponse.Builder().body("accepted").build());
    RequestBody body = RequestBody.create("order #1", MediaType.get("text/plain"));

    assertThat(body(request("/orders").post(body).build())).isEqualTo("accepted");

    server.takeRequest();
    RecordedRequest retried = server.takeRequest();
    assertThat(retried.getMethod()).isEqualTo("POST");
    assertThat(retried.getBody()).isEqualTo(ByteString.encodeUtf8("order #1"));
    assertThat(courier.eventListener().decisions())
        .contains("retry=true: retrying: the server did not process the request");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void aOneShotBodyIsNeverSentTwiceEvenIfRefused() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .onRequestStart(new SocketEffect.CloseStream(REFUSED_STREAM))
        .build());
    RequestBody oneShot = new RequestBody() {
      @Override
      public MediaType contentType() {
        return MediaType.get("text/plain");
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws IOException {
        sink.writeUtf8("once");
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
    assertThatThrownBy(() -> execute(request("/once").post(oneShot).build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("REFUSED_STREAM");
    assertThat(courier.eventListener().decisions())
        .contains("retry=false: request body is one-shot");
  }

  @Test
  void aResetStreamIsRetriedOnceForAGetAndTheConnectionCarriesOn() throws Exception {
    server.enqueue(new MockResponse.Builder().body("warm up").build());
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseStream(INTERNAL_ERROR))
        .build());
    server.enqueue(new MockResponse.Builder().body("second try").build());

    assertThat(body(request("/warm").build())).isEqualTo("warm up");
    assertThat(body(request("/flaky").build())).isEqualTo("second try");
    assertThat(courier.eventListener().decisions())
        .contains("retry=true: retrying once after the HTTP/2 stream failed");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void aResetStreamOfAPostIsNotRetried() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseStream(INTERNAL_ERROR))
        .build());
    server.enqueue(new MockResponse.Builder().body("after").build());
    RequestBody body = RequestBody.create("pay", MediaType.get("text/plain"));

    assertThatThrownBy(() -> execute(request("/pay").post(body).build()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("INTERNAL_ERROR");
    assertThat(courier.eventListener().decisions())
        .contains("retry=false: request may have been sent and POST is not idempotent");
    // The reset ended one stream; the connection serves the next call.
    assertThat(body(request("/after").build())).isEqualTo("after");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void connectionCloseAsksNothingOfAnHttp2Connection() throws Exception {
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(new MockResponse.Builder().body("second").build());
    assertThat(body(request("/").header("Connection", "close").build())).isEqualTo("first");
    assertThat(body(request("/").build())).isEqualTo("second");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void aFinalAnswerToExpectContinueKeepsTheConnection() throws Exception {
    server.enqueue(new MockResponse.Builder().code(417).doNotReadRequestBody().build());
    server.enqueue(new MockResponse.Builder().body("next").build());
    RequestBody body = RequestBody.create("large upload", MediaType.get("text/plain"));
    try (Response response = execute(request("/upload")
        .header("Expect", "100-continue").post(body).build())) {
      assertThat(response.code()).isEqualTo(417);
    }
    assertThat(body(request("/next").build())).isEqualTo("next");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void aCallTimeoutResetsItsStreamAndTheConnectionServesTheNextCall() throws Exception {
    server.enqueue(new MockResponse.Builder().body("warm up").build());
    server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body("late")
        .build());
    server.enqueue(new MockResponse.Builder().body("next").build());
    assertThat(body(request("/warm").build())).isEqualTo("warm up");

    Call slow = client.newCall(request("/slow").build());
    slow.timeout().timeout(300, TimeUnit.MILLISECONDS);
    assertThatThrownBy(slow::execute)
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("Call timed out after 300 ms (callTimeout)");

    assertThat(body(request("/next").build())).isEqualTo("next");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void aReadTimeoutNamesItselfAndSparesTheConnection() throws Exception {
    server.enqueue(new MockResponse.Builder().body("warm up").build());
    server.enqueue(new MockResponse.Builder().bodyDelay(5, TimeUnit.SECONDS).body("late")
        .build());
    server.enqueue(new MockResponse.Builder().body("next").build());
    assertThat(body(request("/warm").build())).isEqualTo("warm up");

    CourierClient impatient = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
    try (Response response = impatient.newCall(request("/stalled").build()).execute()) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      assertThatThrownBy(() -> response.body().string())
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage("Read timed out after 300 ms (readTimeout)");
    }

    assertThat(body(request("/next").build())).isEqualTo("next");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void largeBodiesStreamBothWaysThroughJettyOverTls() throws Exception {
    jetty = JettyHttp2Server.tls(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request,
          org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback)
          throws Exception {
        ByteBuffer body = Content.Source.asByteBuffer(request);
        response.getHeaders().put("x-protocol", request.getConnectionMetaData().getProtocol());
        response.write(true, body, callback);
        return true;
      }
    }, 100);
    byte[] large = new byte[5 * 1024 * 1024 + 3];
    new Random(2).nextBytes(large);
    try (Response response = execute(new Request.Builder().url(jetty.url("/echo"))
        .post(RequestBody.create(large, MediaType.get("application/octet-stream"))).build())) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      assertThat(response.header("x-protocol")).isEqualTo("HTTP/2.0");
      assertThat(response.body().bytes()).isEqualTo(large);
    }
  }
}
