package dev.courier.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import dev.courier.CourierClient;
import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.logging.LoggingInterceptor.Level;
import dev.courier.testing.CourierExtension;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LoggingInterceptor} logs what was asked and never a secret. */
class LoggingInterceptorTest {
  private static final MediaType JSON = MediaType.get("application/json");

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final CourierClient client = courier.newClient();

  private LoggingInterceptor.Builder logging(Level level) {
    return new LoggingInterceptor.Builder().level(level).logger(messages::add);
  }

  private CourierClient withNetworkLogging(LoggingInterceptor interceptor) {
    return client.newBuilder().addNetworkInterceptor(interceptor).build();
  }

  private String log() {
    return String.join("\n", messages);
  }

  @Test
  void basicLogsOneMessageEachWay() throws Exception {
    server.enqueue(new MockResponse.Builder().body("hello").build());
    CourierClient logged = withNetworkLogging(logging(Level.BASIC).build());
    try (Response response = logged.newCall(new Request.Builder()
        .url(server.url("/greeting").toString()).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("hello");
    }
    String url = server.url("/greeting").toString();
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0)).isEqualTo("--> GET " + url + " http/1.1");
    assertThat(messages.get(1)).matches("<-- 200 OK " + url.replace("?", "\\?")
        + " \\(\\d+ms, 5-byte body\\)");
  }

  @Test
  void noneLogsNothing() throws Exception {
    server.enqueue(new MockResponse.Builder().body("hello").build());
    CourierClient logged = withNetworkLogging(logging(Level.NONE).build());
    try (Response response = logged.newCall(new Request.Builder()
        .url(server.url("/").toString()).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("hello");
    }
    assertThat(messages).isEmpty();
  }

  @Test
  void sensitiveAndConfiguredHeadersAreMaskedBothWays() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Set-Cookie", "session=response-secret")
        .addHeader("X-Trace", "visible-response")
        .body("ok").build());
    CourierClient logged = withNetworkLogging(logging(Level.HEADERS)
        .redactHeader("X-Api-Key").build());
    Request request = new Request.Builder().url(server.url("/").toString())
        .header("Authorization", "Bearer request-secret")
        .header("Proxy-Authorization", "Basic proxy-secret")
        .header("Cookie", "session=cookie-secret")
        .header("x-api-key", "key-secret")
        .header("X-Visible", "visible-request")
        .build();
    logged.newCall(request).execute().close();

    assertThat(log()).doesNotContain("request-secret", "proxy-secret", "cookie-secret",
        "key-secret", "response-secret");
    assertThat(log()).contains("Authorization: ██", "Proxy-Authorization: ██", "Cookie: ██",
        "x-api-key: ██", "Set-Cookie: ██", "X-Visible: visible-request",
        "X-Trace: visible-response", "--> END GET", "<-- END HTTP (2-byte body)");
  }

  @Test
  void configuredQueryParametersAndCredentialsAreMasked() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    CourierClient logged = withNetworkLogging(logging(Level.BASIC)
        .redactQueryParameter("Token").build());
    String url = server.url("/search?token=query-secret&page=2").toString()
        .replace("://", "://user:password-secret@");
    logged.newCall(new Request.Builder().url(url).build()).execute().close();

    assertThat(log()).doesNotContain("query-secret", "password-secret", "user:");
    assertThat(messages.get(0)).endsWith("/search?token=██&page=2 http/1.1");
  }

  @Test
  void configuredQueryParametersAreMaskedInUrlValuedHeadersToo() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302)
        .setHeader("Location", "/next?token=location-secret&page=2")
        .setHeader("Content-Location", "http://other.test/doc?TOKEN=content-location-secret")
        .build());
    server.enqueue(new MockResponse.Builder().code(302)
        .setHeader("Location", "app://callback?token=custom-scheme-secret").build());
    CourierClient logged = client.newBuilder().followRedirects(false)
        .addNetworkInterceptor(logging(Level.HEADERS).redactQueryParameter("token").build())
        .build();
    logged.newCall(new Request.Builder().url(server.url("/").toString())
        .header("Referer", "https://user:pw@referrer.test/from?token=referer-secret#top")
        .build()).execute().close();
    logged.newCall(new Request.Builder().url(server.url("/").toString()).build()).execute()
        .close();

    assertThat(log()).doesNotContain("location-secret", "content-location-secret",
        "referer-secret", "custom-scheme-secret", "pw@");
    String origin = "http://" + server.getHostName() + ":" + server.getPort();
    assertThat(messages.get(0)).contains("\nReferer: https://referrer.test/from?token=██\n");
    assertThat(messages.get(1)).contains("\nLocation: " + origin + "/next?token=██&page=2\n",
        "\nContent-Location: http://other.test/doc?TOKEN=██\n");
    assertThat(messages.get(3)).contains("\nLocation: ██\n");
  }

  @Test
  void textBodiesAreLoggedAtBodyLevel() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body("{\"id\":42}").build());
    CourierClient logged = withNetworkLogging(logging(Level.BODY).build());
    Request request = new Request.Builder().url(server.url("/items").toString())
        .post(RequestBody.create("{\"name\":\"pen\"}", JSON)).build();
    try (Response response = logged.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("{\"id\":42}");
    }
    assertThat(messages.get(0)).endsWith("--> END POST (14-byte body)\n{\"name\":\"pen\"}");
    assertThat(messages.get(1)).endsWith("<-- END HTTP (9-byte body)\n{\"id\":42}");
  }

  @Test
  void applicationInterceptorShowsTheBodysTypeAndLength() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    CourierClient logged = client.newBuilder()
        .addInterceptor(logging(Level.HEADERS).build()).build();
    logged.newCall(new Request.Builder().url(server.url("/").toString())
        .post(RequestBody.create("abc", JSON)).build()).execute().close();
    assertThat(messages.get(0)).contains("Content-Type: application/json; charset=utf-8",
        "Content-Length: 3", "--> END POST (3-byte body)");
  }

  @Test
  void binaryBodiesAreOmitted() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "application/octet-stream")
        .body(new Buffer().write(new byte[] {0, 1, 2, 3})).build());
    CourierClient logged = withNetworkLogging(logging(Level.BODY).build());
    try (Response response = logged.newCall(new Request.Builder()
        .url(server.url("/").toString()).build()).execute()) {
      assertThat(response.body().bytes()).containsExactly(0, 1, 2, 3);
    }
    assertThat(messages.get(1)).endsWith("<-- END HTTP (binary 4-byte body omitted)");
  }

  @Test
  void textThatHoldsControlCharactersIsTreatedAsBinary() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "text/plain")
        .body(new Buffer().writeUtf8("a\u0000b")).build());
    CourierClient logged = withNetworkLogging(logging(Level.BODY).build());
    logged.newCall(new Request.Builder().url(server.url("/").toString()).build())
        .execute().close();
    assertThat(messages.get(1)).endsWith("(binary 3-byte body omitted)");
  }

  @Test
  void bodiesOverTheCapAreOmittedAndStillReachTheCaller() throws Exception {
    String large = "x".repeat(100);
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "text/plain")
        .body(large).build());
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "text/plain")
        .chunkedBody(large, 7).build());
    CourierClient logged = withNetworkLogging(logging(Level.BODY).maxBodySize(10).build());
    for (int i = 0; i < 2; i++) {
      try (Response response = logged.newCall(new Request.Builder()
          .url(server.url("/").toString()).build()).execute()) {
        assertThat(response.body().string()).isEqualTo(large);
      }
    }
    assertThat(messages.get(1)).endsWith("(100-byte body over the 10-byte limit omitted)");
    assertThat(messages.get(3)).endsWith("(body over the 10-byte limit omitted)");
    assertThat(log()).doesNotContain("xxxxxxxxxx");
  }

  @Test
  void encodedBodiesAreOmittedOnTheWireAndDecodedForTheCaller() throws Exception {
    Buffer gzipped = new Buffer();
    try (okio.BufferedSink sink = Okio.buffer(new GzipSink(gzipped))) {
      sink.writeUtf8("compressed text");
    }
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Type", "text/plain")
        .addHeader("Content-Encoding", "gzip")
        .body(gzipped).build());
    CourierClient logged = withNetworkLogging(logging(Level.BODY).build());
    try (Response response = logged.newCall(new Request.Builder()
        .url(server.url("/").toString()).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("compressed text");
    }
    assertThat(messages.get(1)).endsWith("(encoded body omitted)");
  }

  @Test
  void failuresAreLoggedAndRethrown() {
    server.enqueue(new MockResponse.Builder()
        .onRequestStart(new SocketEffect.CloseSocket(true, false, false)).build());
    CourierClient logged = client.newBuilder().retryOnConnectionFailure(false)
        .addInterceptor(logging(Level.BASIC).build()).build();
    Request request = new Request.Builder().url(server.url("/fails").toString()).build();
    assertThatThrownBy(() -> logged.newCall(request).execute()).isInstanceOf(IOException.class);
    assertThat(messages).hasSize(2);
    assertThat(messages.get(1)).startsWith("<-- HTTP FAILED: ")
        .endsWith(server.url("/fails").toString());
  }

  @Test
  void systemLoggerWritesThroughJavaUtilLoggingByDefault() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    java.util.logging.Logger julLogger =
        java.util.logging.Logger.getLogger(LoggingInterceptor.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override public void publish(LogRecord record) {
        records.add(record);
      }

      @Override public void flush() {
      }

      @Override public void close() {
      }
    };
    julLogger.addHandler(handler);
    try {
      CourierClient logged = withNetworkLogging(new LoggingInterceptor.Builder().build());
      logged.newCall(new Request.Builder().url(server.url("/").toString())
          .header("Authorization", "jul-secret").build()).execute().close();
    } finally {
      julLogger.removeHandler(handler);
    }
    assertThat(records).hasSize(2);
    assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.INFO);
    assertThat(records.get(0).getMessage()).startsWith("--> GET ").doesNotContain("jul-secret");
  }

  @Test
  void builderRejectsBadValuesAndCopiesSettings() {
    assertThatThrownBy(() -> new LoggingInterceptor.Builder().maxBodySize(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBodySize < 0: -1");
    assertThatThrownBy(() -> new LoggingInterceptor.Builder().redactHeader(" "))
        .isInstanceOf(IllegalArgumentException.class);
    LoggingInterceptor interceptor = logging(Level.HEADERS).redactHeader("X-Key")
        .redactQueryParameter("sig").maxBodySize(5).build();
    LoggingInterceptor copy = interceptor.newBuilder().build();
    assertThat(copy.level()).isEqualTo(Level.HEADERS);
    assertThat(copy.redactedHeaders()).containsExactly("x-key");
    assertThat(copy.redactedQueryParameters()).containsExactly("sig");
    assertThat(copy.maxBodySize()).isEqualTo(5);
  }
}
