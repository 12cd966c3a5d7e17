package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RecordingEventListener;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which protocol a connection speaks: HTTP/2 or HTTP/1.1 chosen by ALPN over TLS, HTTP/2 with
 * prior knowledge in cleartext, and the builder's rules for the list of protocols.
 */
class ProtocolNegotiationTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final RecordingEventListener listener = courier.eventListener();

  private CourierClient tlsClient(List<Protocol> protocols) {
    return courier.newClient(builder -> builder
        .sslSocketFactory(TlsFixtures.CLIENT.sslSocketFactory(), TlsFixtures.CLIENT.trustManager())
        .protocols(protocols));
  }

  private MockWebServer httpsServer(okhttp3.Protocol... protocols) {
    MockWebServer server = courier.newHttpsServer(TlsFixtures.SERVER.sslSocketFactory());
    server.setProtocols(Arrays.asList(protocols));
    return server;
  }

  private static Request get(MockWebServer server, String scheme) {
    return new Request.Builder()
        .url(scheme + "://localhost:" + server.getPort() + "/").build();
  }

  @Test
  void theDefaultProtocolsAreHttp2ThenHttp11() {
    CourierClient client = courier.newClient();
    assertThat(client.protocols()).containsExactly(Protocol.HTTP_2, Protocol.HTTP_1_1);
    assertThat(client.pingIntervalMillis()).isZero();
  }

  @Test
  void alpnChoosesHttp2WhenTheServerSpeaksIt() throws Exception {
    MockWebServer server = httpsServer(okhttp3.Protocol.HTTP_2, okhttp3.Protocol.HTTP_1_1);
    server.enqueue(new MockResponse.Builder().body("over h2").build());
    List<Protocol> seenByInterceptor = new ArrayList<>();
    CourierClient client = tlsClient(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)).newBuilder()
        .addNetworkInterceptor(chain -> {
          seenByInterceptor.add(chain.connection().protocol());
          return chain.proceed(chain.request());
        })
        .build();
    try (Response response = client.newCall(get(server, "https")).execute()) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      assertThat(response.message()).isEmpty();
      assertThat(response.body().string()).isEqualTo("over h2");
    }
    assertThat(seenByInterceptor).containsExactly(Protocol.HTTP_2);
    assertThat(server.takeRequest().getVersion()).isEqualTo("HTTP/2");
    assertThat(client.connectionPool().snapshot()).singleElement()
        .satisfies(connection -> assertThat(connection.protocol()).isEqualTo(Protocol.HTTP_2));
  }

  @Test
  void http2CallsReportTheSameEventsAsHttp11() throws Exception {
    MockWebServer server = httpsServer(okhttp3.Protocol.HTTP_2, okhttp3.Protocol.HTTP_1_1);
    server.enqueue(new MockResponse.Builder().body("a").build());
    server.enqueue(new MockResponse.Builder().body("b").build());
    CourierClient client = tlsClient(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    try (Response response = client.newCall(get(server, "https")).execute()) {
      assertThat(response.body().string()).isEqualTo("a");
    }
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "secureConnectStart", "secureConnectEnd", "connectEnd",
        "connectionAcquired", "requestHeadersStart", "requestHeadersEnd",
        "responseHeadersStart", "responseHeadersEnd", "followUpDecision",
        "responseBodyStart", "responseBodyEnd", "connectionReleased", "callEnd");
    listener.clear();
    try (Response response = client.newCall(get(server, "https")).execute()) {
      assertThat(response.body().string()).isEqualTo("b");
    }
    assertThat(listener.events()).containsExactly(
        "callStart", "connectionAcquired", "requestHeadersStart", "requestHeadersEnd",
        "responseHeadersStart", "responseHeadersEnd", "followUpDecision",
        "responseBodyStart", "responseBodyEnd", "connectionReleased", "callEnd");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void alpnFallsBackToHttp11WhenTheServerDoesNotSpeakHttp2() throws Exception {
    MockWebServer server = httpsServer(okhttp3.Protocol.HTTP_1_1);
    server.enqueue(new MockResponse.Builder().body("over http/1.1").build());
    CourierClient client = tlsClient(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    try (Response response = client.newCall(get(server, "https")).execute()) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_1_1);
      assertThat(response.body().string()).isEqualTo("over http/1.1");
    }
    assertThat(server.takeRequest().getVersion()).isEqualTo("HTTP/1.1");
  }

  @Test
  void aServerWithoutAlpnGetsHttp11() throws Exception {
    MockWebServer server = httpsServer(okhttp3.Protocol.HTTP_2, okhttp3.Protocol.HTTP_1_1);
    server.setProtocolNegotiationEnabled(false);
    server.enqueue(new MockResponse.Builder().body("no alpn").build());
    CourierClient client = tlsClient(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    try (Response response = client.newCall(get(server, "https")).execute()) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_1_1);
      assertThat(response.body().string()).isEqualTo("no alpn");
    }
  }

  @Test
  void aClientWithoutHttp2OffersOnlyHttp11() throws Exception {
    MockWebServer server = httpsServer(okhttp3.Protocol.HTTP_2, okhttp3.Protocol.HTTP_1_1);
    server.enqueue(new MockResponse.Builder().body("http/1.1 only").build());
    CourierClient client = tlsClient(List.of(Protocol.HTTP_1_1));
    try (Response response = client.newCall(get(server, "https")).execute()) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_1_1);
    }
    assertThat(server.takeRequest().getVersion()).isEqualTo("HTTP/1.1");
  }

  @Test
  void priorKnowledgeSpeaksHttp2InCleartext() throws Exception {
    MockWebServer server = courier.newServer();
    server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    server.enqueue(new MockResponse.Builder().body("h2c").build());
    List<Protocol> seenByInterceptor = new ArrayList<>();
    CourierClient client = courier.newClient(builder -> builder
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .addNetworkInterceptor(chain -> {
          seenByInterceptor.add(chain.connection().protocol());
          return chain.proceed(chain.request());
        }));
    try (Response response = client.newCall(get(server, "http")).execute()) {
      assertThat(response.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
      assertThat(response.body().string()).isEqualTo("h2c");
    }
    assertThat(seenByInterceptor).containsExactly(Protocol.H2_PRIOR_KNOWLEDGE);
    assertThat(server.takeRequest().getVersion()).isEqualTo("HTTP/2");
  }

  @Test
  void cleartextWithTheDefaultProtocolsIsHttp11() throws Exception {
    MockWebServer server = courier.newServer();
    server.enqueue(new MockResponse.Builder().body("plain").build());
    CourierClient client = courier.newClient();
    try (Response response = client.newCall(get(server, "http")).execute()) {
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_1_1);
    }
  }

  @Test
  void protocolsMustHoldHttp11OrPriorKnowledge() {
    CourierClient.Builder builder = new CourierClient.Builder();
    assertThatThrownBy(() -> builder.protocols(List.of(Protocol.HTTP_2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols must contain h2_prior_knowledge or http/1.1: [h2]");
    assertThatThrownBy(() -> builder.protocols(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols must contain h2_prior_knowledge or http/1.1: []");
  }

  @Test
  void priorKnowledgeMustBeAlone() {
    CourierClient.Builder builder = new CourierClient.Builder();
    assertThatThrownBy(() -> builder.protocols(
        List.of(Protocol.H2_PRIOR_KNOWLEDGE, Protocol.HTTP_1_1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols containing h2_prior_knowledge cannot use other protocols: "
            + "[h2_prior_knowledge, http/1.1]");
  }

  @Test
  void protocolsRefuseHttp10NullAndDuplicates() {
    CourierClient.Builder builder = new CourierClient.Builder();
    assertThatThrownBy(() -> builder.protocols(List.of(Protocol.HTTP_1_1, Protocol.HTTP_1_0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols must not contain http/1.0: [http/1.1, http/1.0]");
    assertThatThrownBy(() -> builder.protocols(Arrays.asList(Protocol.HTTP_1_1, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols must not contain null: [http/1.1, null]");
    assertThatThrownBy(() -> builder.protocols(
        List.of(Protocol.HTTP_2, Protocol.HTTP_1_1, Protocol.HTTP_2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols holds h2 twice: [h2, http/1.1, h2]");
    assertThatThrownBy(() -> builder.protocols(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocols == null");
  }

  @Test
  void aValidListIsKeptInOrder() {
    CourierClient client = new CourierClient.Builder()
        .protocols(List.of(Protocol.HTTP_1_1, Protocol.HTTP_2))
        .build();
    assertThat(client.protocols()).containsExactly(Protocol.HTTP_1_1, Protocol.HTTP_2);
    assertThat(client.newBuilder().build().protocols())
        .containsExactly(Protocol.HTTP_1_1, Protocol.HTTP_2);
  }

  @Test
  void pingIntervalIsValidatedLikeATimeout() {
    CourierClient.Builder builder = new CourierClient.Builder();
    assertThatThrownBy(() -> builder.pingInterval(java.time.Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pingInterval < 0");
    assertThat(builder.pingInterval(java.time.Duration.ofSeconds(30)).build().pingIntervalMillis())
        .isEqualTo(30_000);
  }
}
