package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.net.ssl.SSLPeerUnverifiedException;

import dev.courier.testing.Await;
import dev.courier.testing.FaultProxy;
import dev.courier.testing.RawServer;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Security properties seen from outside: nothing a caller builds can add a line to the request,
 * certificate failures are neither retried nor downgraded to a weaker spec or cleartext, and
 * secrets (credentials in URLs, credential and cookie headers) never reach the engine's log
 * output or its exception messages, which end up in logs. The secret is one string, searched for
 * in everything captured.
 */
class SecurityTest {
  private static final String SECRET = "s3cr3t-7f2a";

  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
      if (record.getParameters() != null) {
        for (Object parameter : record.getParameters()) text.append(' ').append(parameter);
      }
      if (record.getThrown() != null) text.append(' ').append(stackTrace(record.getThrown()));
      logged.add(text.toString());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private final Logger engineLogger = Logger.getLogger("dev.courier");
  private Level previousLevel;
  private final RawServer rawServer;
  private CourierClient client;

  SecurityTest() throws IOException {
    rawServer = new RawServer();
  }

  @BeforeEach
  void setUp() {
    previousLevel = engineLogger.getLevel();
    engineLogger.setLevel(Level.ALL); // DEBUG and TRACE included: secrets stay out of all of it.
    engineLogger.addHandler(capture);
    client = new CourierClient();
  }

  @AfterEach
  void tearDown() throws IOException {
    client.close();
    rawServer.close();
    engineLogger.removeHandler(capture);
    engineLogger.setLevel(previousLevel);
  }

  private static String stackTrace(Throwable t) {
    StringWriter result = new StringWriter();
    t.printStackTrace(new PrintWriter(result));
    return result.toString();
  }

  /** A URL on {@code port} carrying the secret as user info and in the query. */
  private static String secretUrl(int port) {
    return "http://user:" + SECRET + "@127.0.0.1:" + port + "/account?token=" + SECRET;
  }

  private static Request secretRequest(String url) {
    return new Request.Builder().url(url)
        .header("Authorization", "Bearer " + SECRET)
        .header("Cookie", "session=" + SECRET)
        .header("Proxy-Authorization", "Basic " + SECRET)
        .build();
  }

  @Test
  void headerInjectionIsRefusedWhenTheRequestIsBuilt() throws Exception {
    String injection = "x\r\nInjected: yes";
    Request.Builder builder = new Request.Builder().url(rawServer.url("/"));
    assertThatThrownBy(() -> builder.header("X-Value", injection))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.addHeader("X-Value", "x\nInjected: yes"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.header("X-Value", "x\rInjected: yes"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.header("X-Value", "x\u0000y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.header("Injected: yes\r\nX", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.method("GET / HTTP/1.1\r\nInjected: yes\r\n", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Headers.of("X-Value", injection))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CourierClient.Builder().userAgent(injection))
        .isInstanceOf(IllegalArgumentException.class);

    // A URL may hold line breaks only percent-encoded: what reaches the wire is one line.
    Request fromUrl;
    try {
      fromUrl = new Request.Builder()
          .url(rawServer.url("/a\r\nInjected: yes\r\n?q=\r\nInjected: yes")).build();
    } catch (IllegalArgumentException refused) {
      return;
    }
    rawServer.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    client.newCall(fromUrl).execute().close();
    String head = rawServer.takeRequest();
    assertThat(head.split("\r\n")).noneMatch(line -> line.startsWith("Injected:"));
    assertThat(head.split("\r\n")[0]).startsWith("GET /a").endsWith(" HTTP/1.1");
  }

  @Test
  void certificateFailuresAreNeitherRetriedNorDowngraded() throws Exception {
    try (MockWebServer secure = new MockWebServer()) {
      secure.useHttps(TlsFixtures.SERVER.sslSocketFactory());
      secure.start(InetAddress.getLoopbackAddress(), 0);
      FaultProxy proxy = new FaultProxy(secure.getPort());
      try (proxy) {
        // Every fallback on offer: a second TLS spec to fall back to, and cleartext.
        CourierClient lenient = new CourierClient.Builder()
            .dns(TlsFixtures.LOOPBACK_DNS)
            .sslSocketFactory(TlsFixtures.CLIENT.sslSocketFactory(),
                TlsFixtures.CLIENT.trustManager())
            .connectionSpecs(List.of(ConnectionSpec.RESTRICTED_TLS, ConnectionSpec.MODERN_TLS,
                ConnectionSpec.CLEARTEXT))
            .build();
        assertThatThrownBy(() -> lenient.newCall(new Request.Builder()
            .url("https://wrong.test:" + proxy.port() + "/").build()).execute())
            .isInstanceOf(IOException.class)
            .hasMessageContaining("wrong.test");
        assertThat(proxy.connectionCount()).isEqualTo(1);

        CourierClient pinned = lenient.newBuilder()
            .certificatePinner(new CertificatePinner.Builder()
                .add("localhost", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").build())
            .build();
        assertThatThrownBy(() -> pinned.newCall(new Request.Builder()
            .url("https://localhost:" + proxy.port() + "/").build()).execute())
            .isInstanceOf(SSLPeerUnverifiedException.class)
            .hasMessageStartingWith("Certificate pinning failure for localhost!");
        assertThat(proxy.connectionCount()).isEqualTo(2); // One more, not retried.
        assertThat(secure.getRequestCount()).isZero(); // No request, encrypted or not.
        assertThat(lenient.connectionPool().connectionCount()).isZero();
        lenient.close();
      }
    }
  }

  @Test
  void secretsStayOutOfLogsAndExceptionMessages() throws Exception {
    List<String> messages = new ArrayList<>();

    // A callback that throws is logged with the call's URL.
    rawServer.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    CountDownLatch callbackRan = new CountDownLatch(1);
    client.newCall(secretRequest(secretUrl(rawServer.port()))).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        callbackRan.countDown();
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          callbackRan.countDown();
          throw new IOException("the application failed");
        }
      }
    });
    assertThat(callbackRan.await(10, TimeUnit.SECONDS)).isTrue();
    Await.until("the callback failure is logged",
        () -> logged.stream().anyMatch(line -> line.contains("Callback failure")));

    // A response body left open is reported as a leak, with the URL.
    CourierClient leaking = client.newBuilder()
        .connectionPool(new ConnectionPool(5, Duration.ofMillis(100))).build();
    rawServer.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nleak!");
    WeakReference<Call> leaked = leakOneCall(leaking, secretUrl(rawServer.port()));
    Await.until("the leaked call is garbage collected", () -> {
      System.gc();
      return leaked.get() == null;
    });
    Await.until("the leak is logged",
        () -> logged.stream().anyMatch(line -> line.contains("was leaked")));
    leaking.connectionPool().evictAll();

    // Failures: refused, the server hanging up, and malformed secrets coming back. Each on a
    // connection of its own, which the server closes after its answer.
    client.connectionPool().evictAll();
    int closedPort;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = closed.getLocalPort();
    }
    messages.add(failure(secretRequest(secretUrl(closedPort))));
    rawServer.enqueueAndClose("");
    messages.add(failure(secretRequest(secretUrl(rawServer.port()))));
    rawServer.enqueueAndClose("HTTP/1.1 200 OK\r\nSet-Cookie: session=" + SECRET + "\u0000\r\n\r\n");
    messages.add(failure(secretRequest(secretUrl(rawServer.port()))));
    rawServer.enqueueAndClose("HTTP/1.1 200 OK\r\nSet-Cookie: session=" + SECRET + "\rX\r\n\r\n");
    messages.add(failure(secretRequest(secretUrl(rawServer.port()))));
    rawServer.enqueueAndClose("HTTP/1.1 200 OK\r\nSet-Cookie: session=" + SECRET);
    messages.add(failure(secretRequest(secretUrl(rawServer.port()))));
    messages.add(secretRequest(secretUrl(rawServer.port())).toString());

    assertThat(logged).isNotEmpty();
    assertThat(logged).allSatisfy(line -> assertThat(line).doesNotContain(SECRET));
    assertThat(messages).allSatisfy(message -> assertThat(message).doesNotContain(SECRET));
  }

  private static WeakReference<Call> leakOneCall(CourierClient client, String url)
      throws IOException {
    Call call = client.newCall(secretRequest(url));
    call.execute(); // The response is dropped without being closed.
    return new WeakReference<>(call);
  }

  /** Runs {@code request}, which must fail, and returns the whole stack trace of its failure. */
  private String failure(Request request) {
    try (Response response = client.newCall(request).execute()) {
      response.body().string();
    } catch (IOException e) {
      return stackTrace(e);
    }
    throw new AssertionError("expected " + request + " to fail");
  }
}
