package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Host names resolve through the client's {@link Dns}, one route per address. */
class DnsTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingEventListener listener = courier.eventListener();

  private Request request(String host) {
    return new Request.Builder().url("http://" + host + ":" + server.getPort() + "/").build();
  }

  @Test
  void resolvesThroughTheConfiguredDns() throws Exception {
    server.enqueue(new MockResponse.Builder().body("found").build());
    CourierClient client = courier.newClient(builder -> builder
        .dns(host -> {
          assertThat(host).isEqualTo("service.internal");
          return List.of(InetAddress.getByName("127.0.0.1"));
        })
        .fastFallback(false));
    try (Response response = client.newCall(request("service.internal")).execute()) {
      assertThat(response.body().string()).isEqualTo("found");
    }
    assertThat(listener.events()).containsSubsequence("dnsStart", "dnsEnd", "connectStart");
    assertThat(server.takeRequest().getHeaders().get("Host"))
        .isEqualTo("service.internal:" + server.getPort());
  }

  @Test
  void triesTheNextAddressWhenAConnectFails() throws Exception {
    server.enqueue(new MockResponse.Builder().body("second address").build());
    // Nothing listens on 127.0.0.2 at the server's port: that connect is refused.
    CourierClient client = courier.newClient(builder -> builder
        .dns(host -> List.of(InetAddress.getByName("127.0.0.2"),
            InetAddress.getByName("127.0.0.1")))
        .fastFallback(false));
    try (Response response = client.newCall(request("service.internal")).execute()) {
      assertThat(response.body().string()).isEqualTo("second address");
    }
    assertThat(listener.events()).containsSubsequence("connectStart", "connectFailed",
        "connectStart", "connectEnd");
  }

  @Test
  void unknownHostFailsTheCall() {
    CourierClient client = courier.newClient(builder -> builder
        .dns(host -> {
          throw new UnknownHostException("no such host: " + host);
        }));
    assertThatThrownBy(() -> client.newCall(request("nowhere.internal")).execute())
        .isInstanceOf(UnknownHostException.class)
        .hasMessage("no such host: nowhere.internal");
  }

  @Test
  void emptyAnswerFailsTheCallNamingTheHost() {
    CourierClient client = courier.newClient(builder -> builder.dns(host -> List.of()));
    assertThatThrownBy(() -> client.newCall(request("empty.internal")).execute())
        .isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("returned no addresses for empty.internal");
  }

  @Test
  void ipLiteralsSkipTheDns() throws Exception {
    server.enqueue(new MockResponse.Builder().body("literal").build());
    CourierClient client = courier.newClient(builder -> builder
        .dns(host -> {
          throw new AssertionError("DNS asked for " + host);
        }));
    try (Response response = client.newCall(request("127.0.0.1")).execute()) {
      assertThat(response.body().string()).isEqualTo("literal");
    }
  }
}
