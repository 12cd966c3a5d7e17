package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events arrive in the documented order. */
class EventListenerTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingEventListener listener = courier.eventListener();
  private final CourierClient client = courier.newClient();

  private String url() {
    return "http://localhost:" + server.getPort() + "/";
  }

  @Test
  void freshConnection() throws Exception {
    server.enqueue(new MockResponse.Builder().body("abc").build());
    try (Response response = client.newCall(new Request.Builder().url(url()).build())
        .execute()) {
      response.body().string();
    }
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "connectEnd", "connectionAcquired",
        "requestHeadersStart", "requestHeadersEnd",
        "responseHeadersStart", "responseHeadersEnd",
        "followUpDecision",
        "responseBodyStart", "responseBodyEnd", "connectionReleased", "callEnd");
  }

  @Test
  void pooledConnectionWithRequestBody() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().body("abc").build());
    client.newCall(new Request.Builder().url(url()).build()).execute().close();
    listener.clear();
    Request post = new Request.Builder().url(url())
        .post(RequestBody.create("body", MediaType.get("text/plain"))).build();
    try (Response response = client.newCall(post).execute()) {
      response.body().string();
    }
    assertThat(listener.events()).containsExactly(
        "callStart", "connectionAcquired",
        "requestHeadersStart", "requestHeadersEnd", "requestBodyStart", "requestBodyEnd",
        "responseHeadersStart", "responseHeadersEnd",
        "followUpDecision",
        "responseBodyStart", "responseBodyEnd", "connectionReleased", "callEnd");
  }

  @Test
  void bodyClosedUnreadStillEndsTheCall() throws Exception {
    server.enqueue(new MockResponse.Builder().body("unread").build());
    client.newCall(new Request.Builder().url(url()).build()).execute().close();
    assertThat(listener.events()).endsWith("responseBodyEnd", "connectionReleased", "callEnd");
  }

  @Test
  void failedConnectEndsWithCallFailed() throws Exception {
    int port = server.getPort();
    server.close();
    assertThatThrownBy(() -> client.newCall(new Request.Builder()
        .url("http://127.0.0.1:" + port + "/").build()).execute())
        .isInstanceOf(IOException.class);
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd",
        "connectStart", "connectFailed", "retryDecision", "callFailed");
    assertThat(listener.decisions()).containsExactly("retry=false: no more routes to try");
  }

  @Test
  void failureReadingTheBodyEndsWithResponseFailedAndCallFailed() throws Exception {
    server.enqueue(new MockResponse.Builder().body("abc").setHeader("Content-Length", "100")
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build());
    try (Response response = client.newCall(new Request.Builder().url(url()).build())
        .execute()) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
    }
    assertThat(listener.events()).endsWith("responseBodyStart", "responseFailed",
        "connectionReleased", "callFailed");
  }
}
