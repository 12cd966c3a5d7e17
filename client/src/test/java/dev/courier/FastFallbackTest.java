package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import dev.courier.testing.Await;
import dev.courier.testing.BlackholeServer;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.Loopback;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Racing connects: with a host whose first address never answers, fast fallback reaches the
 * second one 250 ms later instead of after the connect timeout; without it, the first address
 * costs its timeout and is then remembered as failed.
 *
 * <p>The black hole listens on 127.0.0.1 and the server on 127.0.0.2, on the same port, so one
 * URL reaches both and DNS decides the order.
 */
class FastFallbackTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final RecordingEventListener listener = courier.eventListener();
  private final List<String> connectStarts = Collections.synchronizedList(new ArrayList<>());
  private BlackholeServer blackhole;
  private MockWebServer server;
  private CourierClient client;

  /**
   * Forwards the connect-related events to {@link #listener}, and records where each connect
   * went and on which thread.
   */
  @BeforeEach
  void setUp() throws IOException {
    blackhole = new BlackholeServer();
    server = courier.newServer(Loopback.address(2), blackhole.port());
    client = courier.newClient(builder -> builder
        .dns(host -> List.of(Loopback.address(1), Loopback.address(2)))
        .connectTimeout(Duration.ofSeconds(30)) // Longer than any test should take.
        .eventListenerFactory(call -> new EventListener() {
          @Override public void connectStart(Call c, InetSocketAddress address, Proxy proxy) {
            connectStarts.add(address.getAddress().getHostAddress() + " on "
                + Thread.currentThread().getName());
            listener.connectStart(c, address, proxy);
          }

          @Override public void callStart(Call c) { listener.callStart(c); }
          @Override public void proxySelectStart(Call c, HttpUrl url) {
            listener.proxySelectStart(c, url);
          }
          @Override public void proxySelectEnd(Call c, HttpUrl url, List<Proxy> proxies) {
            listener.proxySelectEnd(c, url, proxies);
          }
          @Override public void dnsStart(Call c, String name) { listener.dnsStart(c, name); }
          @Override public void dnsEnd(Call c, String name, List<java.net.InetAddress> a) {
            listener.dnsEnd(c, name, a);
          }
          @Override public void connectEnd(Call c, InetSocketAddress a, Proxy p, Protocol pr) {
            listener.connectEnd(c, a, p, pr);
          }
          @Override public void connectFailed(Call c, InetSocketAddress a, Proxy p, Protocol pr,
              IOException e) {
            listener.connectFailed(c, a, p, pr, e);
          }
          @Override public void connectionAcquired(Call c, Connection connection) {
            listener.connectionAcquired(c, connection);
          }
          @Override public void callEnd(Call c) { listener.callEnd(c); }
          @Override public void callFailed(Call c, IOException e) { listener.callFailed(c, e); }
          @Override public void retryDecision(Call c, IOException e, boolean retry, String r) {
            listener.retryDecision(c, e, retry, r);
          }
        }));
  }

  @AfterEach
  void tearDown() throws IOException {
    blackhole.close();
  }

  private Request request() {
    return new Request.Builder().url("http://origin.test:" + blackhole.port() + "/").build();
  }

  @Test
  void aBlackHoledFirstAddressLosesTheRace() throws Exception {
    server.enqueue(new MockResponse.Builder().body("second address").build());
    Set<Thread> before = Await.liveThreads("courier-connect-");
    try (Response response = client.newCall(request()).execute()) {
      assertThat(response.body().string()).isEqualTo("second address");
    }
    assertThat(connectStarts).containsExactly(
        "127.0.0.1 on courier-connect-origin.test", "127.0.0.2 on courier-connect-origin.test");
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "connectStart", "connectFailed", "connectEnd", "connectionAcquired",
        "callEnd");
    // The loser was canceled and its thread joined before the call went on.
    assertThat(Await.newLiveThreads("courier-connect-", before)).isEmpty();
  }

  @Test
  void withoutFastFallbackTheFirstAddressCostsItsTimeoutAndThenGoesLast() throws Exception {
    server.enqueue(new MockResponse.Builder().body("first call").build());
    server.enqueue(new MockResponse.Builder().body("second call").build());
    CourierClient sequential = client.newBuilder()
        .fastFallback(false)
        .connectTimeout(Duration.ofMillis(250))
        .build();
    try (Response response = sequential.newCall(request()).execute()) {
      assertThat(response.body().string()).isEqualTo("first call");
    }
    String thread = Thread.currentThread().getName();
    assertThat(connectStarts).containsExactly("127.0.0.1 on " + thread, "127.0.0.2 on " + thread);
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "connectFailed", "connectStart", "connectEnd", "connectionAcquired",
        "callEnd");

    // The route database remembers 127.0.0.1 failed: a new connection tries 127.0.0.2 first.
    sequential.connectionPool().evictAll();
    connectStarts.clear();
    listener.clear();
    try (Response response = sequential.newCall(request()).execute()) {
      assertThat(response.body().string()).isEqualTo("second call");
    }
    assertThat(connectStarts).containsExactly("127.0.0.2 on " + thread);
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "connectEnd", "connectionAcquired", "callEnd");
  }

  @Test
  void whenEveryAddressFailsNoConnectThreadOutlivesTheCall() throws Exception {
    server.close();
    CourierClient racing = client.newBuilder()
        .dns(host -> List.of(Loopback.address(1), Loopback.address(1)))
        .connectTimeout(Duration.ofMillis(400))
        .build();
    Set<Thread> before = Await.liveThreads("courier-connect-");
    assertThatThrownBy(() -> racing.newCall(request()).execute())
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessage("Connect timed out after 400 ms (connectTimeout) to origin.test (127.0.0.1):"
            + blackhole.port());
    assertThat(Await.newLiveThreads("courier-connect-", before)).isEmpty();
    assertThat(listener.decisions()).containsExactly("retry=false: no more routes to try");
  }
}
