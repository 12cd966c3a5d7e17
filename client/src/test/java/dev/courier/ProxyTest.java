package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.Loopback;
import dev.courier.testing.RecordingEventListener;
import dev.courier.testing.SocksProxy;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proxies: HTTP proxies for http (absolute-form requests), {@code CONNECT} tunnels for https,
 * SOCKS, and proxy selectors. The mock server plays the proxy.
 */
class ProxyTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingEventListener listener = courier.eventListener();
  private final List<String> challenges = Collections.synchronizedList(new ArrayList<>());
  private final Proxy proxy =
      new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.getPort()));
  private final CourierClient client = courier.newClient(builder -> builder
      .proxy(proxy)
      .dns(host -> {
        throw new AssertionError("only the proxy resolves names, but asked for " + host);
      })
      .sslSocketFactory(TlsFixtures.CLIENT.sslSocketFactory(), TlsFixtures.CLIENT.trustManager()));

  /** Answers every proxy challenge with the same credentials, recording what it saw. */
  private final Authenticator basicProxyAuth = (route, response) -> {
    challenges.add(response.request().method() + " " + response.code() + " via "
        + route.proxy().type());
    return response.request().newBuilder()
        .header("Proxy-Authorization", "Basic dXNlcjpwYXNz")
        .build();
  };

  @Test
  void httpProxyGetsTheWholeUrl() throws Exception {
    server.enqueue(new MockResponse.Builder().body("proxied").build());
    server.enqueue(new MockResponse.Builder().body("again").build());
    for (String expected : List.of("proxied", "again")) {
      try (Response response = client.newCall(new Request.Builder()
          .url("http://origin.test/path?q=1#fragment").build()).execute()) {
        assertThat(response.body().string()).isEqualTo(expected);
      }
    }
    RecordedRequest first = server.takeRequest();
    assertThat(first.getRequestLine()).isEqualTo("GET http://origin.test/path?q=1 HTTP/1.1");
    assertThat(first.getHeaders().get("Host")).isEqualTo("origin.test");
    assertThat(server.takeRequest().getConnectionIndex()).isEqualTo(first.getConnectionIndex());
    assertThat(listener.events()).startsWith(
        "callStart", "proxySelectStart", "proxySelectEnd", "connectStart", "connectEnd",
        "connectionAcquired", "requestHeadersStart");
  }

  @Test
  void proxySelectorChoosesAndHearsOfFailures() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, Loopback.address(1))) {
      closedPort = socket.getLocalPort();
    }
    Proxy dead = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", closedPort));
    List<String> selectorLog = Collections.synchronizedList(new ArrayList<>());
    ProxySelector selector = new ProxySelector() {
      @Override public List<Proxy> select(URI uri) {
        selectorLog.add("select " + uri);
        return List.of(dead, proxy);
      }

      @Override public void connectFailed(URI uri, SocketAddress address, IOException e) {
        selectorLog.add("failed " + uri + " at " + address);
      }
    };
    server.enqueue(new MockResponse.Builder().body("second proxy").build());
    CourierClient selecting = client.newBuilder().proxy(null).proxySelector(selector).build();
    try (Response response = selecting.newCall(new Request.Builder()
        .url("http://origin.test/").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("second proxy");
    }
    assertThat(selectorLog).containsExactly("select http://origin.test/",
        "failed http://origin.test/ at " + dead.address());
    assertThat(listener.events()).startsWith(
        "callStart", "proxySelectStart", "proxySelectEnd",
        "connectStart", "connectFailed", "connectStart", "connectEnd", "connectionAcquired");
  }

  @Test
  void httpsGoesThroughAConnectTunnel() throws Exception {
    server.useHttps(TlsFixtures.SERVER.sslSocketFactory());
    server.enqueue(new MockResponse.Builder().inTunnel().build());
    server.enqueue(new MockResponse.Builder().body("tunnelled").build());
    try (Response response = client.newCall(new Request.Builder()
        .url("https://localhost/secret").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("tunnelled");
      assertThat(response.handshake().peerPrincipal().getName()).isEqualTo("CN=localhost");
    }
    RecordedRequest connect = server.takeRequest();
    assertThat(connect.getRequestLine()).isEqualTo("CONNECT localhost:443 HTTP/1.1");
    assertThat(connect.getHeaders().get("Host")).isEqualTo("localhost:443");
    assertThat(connect.getHeaders().get("Proxy-Connection")).isEqualTo("Keep-Alive");
    assertThat(connect.getHeaders().get("User-Agent")).startsWith("courier/");
    RecordedRequest get = server.takeRequest();
    // ALPN inside the tunnel chose HTTP/2, which the server speaks.
    assertThat(get.getRequestLine()).isEqualTo("GET /secret HTTP/2");
    assertThat(get.getHandshake()).isNotNull();
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd",
        "connectStart", "secureConnectStart", "secureConnectEnd", "connectEnd",
        "connectionAcquired", "requestHeadersStart", "requestHeadersEnd",
        "responseHeadersStart", "responseHeadersEnd", "followUpDecision",
        "responseBodyStart", "responseBodyEnd", "connectionReleased", "callEnd");
  }

  @Test
  void tunnelChallengeIsAnsweredOnTheSameConnection() throws Exception {
    server.useHttps(TlsFixtures.SERVER.sslSocketFactory());
    // The challenge's body has a length, so it can be skipped and the connection kept.
    server.enqueue(new MockResponse.Builder().inTunnel().code(407)
        .setHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")
        .body("Proxy authentication required").build());
    server.enqueue(new MockResponse.Builder().inTunnel().build());
    server.enqueue(new MockResponse.Builder().body("authorized").build());
    CourierClient authenticating = client.newBuilder().proxyAuthenticator(basicProxyAuth).build();
    try (Response response = authenticating.newCall(new Request.Builder()
        .url("https://localhost/").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("authorized");
    }
    RecordedRequest first = server.takeRequest();
    assertThat(first.getHeaders().get("Proxy-Authorization")).isNull();
    RecordedRequest second = server.takeRequest();
    assertThat(second.getRequestLine()).isEqualTo("CONNECT localhost:443 HTTP/1.1");
    assertThat(second.getHeaders().get("Proxy-Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(second.getConnectionIndex()).isEqualTo(first.getConnectionIndex());
    // The credentials are for the proxy: they never reach the origin inside the tunnel.
    assertThat(server.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
    assertThat(challenges).containsExactly("CONNECT 407 via HTTP");
  }

  @Test
  void tunnelChallengeIsAnsweredOnANewConnectionWhenTheProxyCloses() throws Exception {
    server.useHttps(TlsFixtures.SERVER.sslSocketFactory());
    server.enqueue(new MockResponse.Builder().inTunnel().code(407)
        .setHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")
        .setHeader("Connection", "close")
        .body("Proxy authentication required")
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build());
    server.enqueue(new MockResponse.Builder().inTunnel().build());
    server.enqueue(new MockResponse.Builder().body("authorized").build());
    CourierClient authenticating = client.newBuilder().proxyAuthenticator(basicProxyAuth).build();
    try (Response response = authenticating.newCall(new Request.Builder()
        .url("https://localhost/").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("authorized");
    }
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(second.getHeaders().get("Proxy-Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(second.getConnectionIndex()).isNotEqualTo(first.getConnectionIndex());
    assertThat(listener.events()).startsWith(
        "callStart", "proxySelectStart", "proxySelectEnd",
        "connectStart", "connectStart", "secureConnectStart", "secureConnectEnd", "connectEnd",
        "connectionAcquired");
  }

  @Test
  void tunnelChallengeWithoutALengthIsAnsweredOnANewConnection() throws Exception {
    // Without Content-Length the challenge's body runs until the proxy closes (RFC 9112 §6.3).
    server.useHttps(TlsFixtures.SERVER.sslSocketFactory());
    server.enqueue(new MockResponse.Builder().inTunnel().code(407).build());
    server.enqueue(new MockResponse.Builder().inTunnel().build());
    server.enqueue(new MockResponse.Builder().body("authorized").build());
    CourierClient authenticating = client.newBuilder().proxyAuthenticator(basicProxyAuth).build();
    try (Response response = authenticating.newCall(new Request.Builder()
        .url("https://localhost/").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("authorized");
    }
    assertThat(server.takeRequest().getConnectionIndex())
        .isNotEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void tunnelRefusalNamesTheHost() throws Exception {
    server.useHttps(TlsFixtures.SERVER.sslSocketFactory());
    server.enqueue(new MockResponse.Builder().inTunnel().code(403).build());
    assertThatThrownBy(() -> client.newCall(new Request.Builder()
        .url("https://localhost/").build()).execute())
        .isInstanceOf(IOException.class)
        .hasMessage("Proxy " + proxy + " refused CONNECT localhost:443: 403 Client Error");
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "connectStart", "connectFailed",
        "retryDecision", "callFailed");
    assertThat(listener.decisions()).containsExactly("retry=false: no more routes to try");
  }

  @Test
  void tunnelChallengeWithoutAuthenticatorFails() throws Exception {
    server.useHttps(TlsFixtures.SERVER.sslSocketFactory());
    server.enqueue(new MockResponse.Builder().inTunnel().code(407).build());
    assertThatThrownBy(() -> client.newCall(new Request.Builder()
        .url("https://localhost/").build()).execute())
        .isInstanceOf(IOException.class)
        .hasMessage("Failed to authenticate with proxy " + proxy + " for localhost:443: 407 "
            + "Client Error and the proxy authenticator gave up");
  }

  @Test
  void tunnelChallengesAreAnsweredAtMostThreeTimes() throws Exception {
    server.useHttps(TlsFixtures.SERVER.sslSocketFactory());
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().inTunnel().code(407).build());
    }
    CourierClient authenticating = client.newBuilder().proxyAuthenticator(basicProxyAuth).build();
    assertThatThrownBy(() -> authenticating.newCall(new Request.Builder()
        .url("https://localhost/").build()).execute())
        .isInstanceOf(IOException.class)
        .hasMessage("Failed to authenticate with proxy " + proxy + " for localhost:443: still "
            + "407 after 3 attempts");
    assertThat(challenges).hasSize(3);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void socksProxyResolvesTheHostName() throws Exception {
    server.enqueue(new MockResponse.Builder().body("via socks").build());
    try (SocksProxy socks = new SocksProxy()) {
      CourierClient viaSocks = client.newBuilder().proxy(socks.proxy()).build();
      try (Response response = viaSocks.newCall(new Request.Builder()
          .url("http://origin.test:" + server.getPort() + "/").build()).execute()) {
        assertThat(response.body().string()).isEqualTo("via socks");
      }
      assertThat(socks.targets()).containsExactly("origin.test:" + server.getPort());
    }
    assertThat(server.takeRequest().getRequestLine()).isEqualTo("GET / HTTP/1.1");
    assertThat(listener.events()).startsWith(
        "callStart", "proxySelectStart", "proxySelectEnd", "connectStart", "connectEnd",
        "connectionAcquired");
  }
}
