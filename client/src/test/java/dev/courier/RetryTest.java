package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.List;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.Loopback;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries after connection failures: when they happen, when they must not, and their bounds. */
class RetryTest {
  private static final MediaType TEXT = MediaType.get("text/plain");

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingEventListener listener = courier.eventListener();
  private CourierClient client = courier.newClient();

  private String url() {
    return "http://origin.test:" + server.getPort() + "/";
  }

  /** Serves one response, then closes the connection without saying so: it goes stale. */
  private void enqueueThenGoStale(String body) {
    server.enqueue(new MockResponse.Builder().body(body)
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build());
  }

  private void warmUp() throws IOException {
    enqueueThenGoStale("warm");
    try (Response response = client.newCall(new Request.Builder().url(url()).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("warm");
    }
    assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(1);
    listener.clear();
  }

  @Test
  void staleConnectionIsRetriedTransparentlyForGet() throws Exception {
    warmUp();
    server.enqueue(new MockResponse.Builder().body("fresh").build());
    try (Response response = client.newCall(new Request.Builder().url(url()).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("fresh");
    }
    assertThat(listener.events()).containsExactly(
        "callStart", "connectionAcquired", "requestHeadersStart", "requestHeadersEnd",
        "responseFailed", "retryDecision", "connectionReleased",
        "connectStart", "connectEnd", "connectionAcquired",
        "requestHeadersStart", "requestHeadersEnd", "responseHeadersStart", "responseHeadersEnd",
        "followUpDecision", "responseBodyStart", "responseBodyEnd", "connectionReleased",
        "callEnd");
    assertThat(listener.decisions()).containsExactly(
        "retry=true: retrying on a fresh connection: the pooled connection failed",
        "followUp=false: final response 200");
  }

  @Test
  void staleConnectionIsNotRetriedForPost() throws Exception {
    warmUp();
    Request post = new Request.Builder().url(url())
        .post(RequestBody.create("order #1", TEXT)).build();
    assertThatThrownBy(() -> client.newCall(post).execute())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unexpected end of stream");
    assertThat(listener.events()).containsExactly(
        "callStart", "connectionAcquired", "requestHeadersStart", "requestHeadersEnd",
        "requestBodyStart", "requestBodyEnd", "responseFailed",
        "retryDecision", "connectionReleased", "callFailed");
    assertThat(listener.decisions()).containsExactly(
        "retry=false: request may have been sent and POST is not idempotent");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void lenientOptionRetriesPostLikeOkHttp() throws Exception {
    client = client.newBuilder().retryNonIdempotentRequests(true).build();
    warmUp();
    server.enqueue(new MockResponse.Builder().body("ordered").build());
    Request post = new Request.Builder().url(url())
        .post(RequestBody.create("order #1", TEXT)).build();
    try (Response response = client.newCall(post).execute()) {
      assertThat(response.body().string()).isEqualTo("ordered");
    }
    server.takeRequest(); // The warm-up.
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("order #1");
    assertThat(listener.decisions()).startsWith(
        "retry=true: retrying on a fresh connection: the pooled connection failed");
  }

  @Test
  void oneShotBodyIsNeverSentTwice() throws Exception {
    warmUp();
    Request put = new Request.Builder().url(url()).put(new RequestBody() {
      @Override public MediaType contentType() {
        return TEXT;
      }

      @Override public long contentLength() {
        return 6;
      }

      @Override public boolean isOneShot() {
        return true;
      }

      @Override public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("stream");
      }
    }).build();
    assertThatThrownBy(() -> client.newCall(put).execute()).isInstanceOf(IOException.class);
    assertThat(listener.decisions()).containsExactly("retry=false: request body is one-shot");
  }

  @Test
  void failureAfterSendingOnAFreshConnectionIsRetriedOnlyOnce() throws Exception {
    // Three addresses, each dropping the connection once it has read the request.
    MockWebServer second = courier.newServer(Loopback.address(2), server.getPort());
    MockWebServer third = courier.newServer(Loopback.address(3), server.getPort());
    for (MockWebServer each : List.of(server, second, third)) {
      each.enqueue(new MockResponse.Builder()
          .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    }
    CourierClient threeRoutes = client.newBuilder()
        .dns(host -> List.of(Loopback.address(1), Loopback.address(2), Loopback.address(3)))
        .build();
    IOException failure = null;
    try {
      threeRoutes.newCall(new Request.Builder().url(url()).build()).execute();
    } catch (IOException e) {
      failure = e;
    }
    assertThat(failure).hasMessageContaining("unexpected end of stream");
    assertThat(failure.getSuppressed()).hasSize(1);
    assertThat(failure.getSuppressed()[0]).hasMessageContaining("unexpected end of stream");
    assertThat(listener.decisions()).containsExactly(
        "retry=true: retrying once on another connection after a failure on a fresh connection",
        "retry=false: already retried once after a failure on a fresh connection");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(second.getRequestCount()).isEqualTo(1);
    assertThat(third.getRequestCount()).isZero();
  }

  @Test
  void getWhoseFreshConnectionClosesBeforeAnyResponseByteIsRetriedOnceOverTheOnlyRoute()
      throws Exception {
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    server.enqueue(new MockResponse.Builder().body("second try").build());
    try (Response response = client.newCall(new Request.Builder().url(url()).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("second try");
    }
    assertThat(listener.decisions()).containsExactly(
        "retry=true: retrying once on another connection after a failure on a fresh connection",
        "followUp=false: final response 200");
    assertThat(server.takeRequest().getConnectionIndex())
        .isNotEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void getWhoseFreshConnectionsBothCloseIsNotRetriedTwice() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder()
          .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    }
    assertThatThrownBy(() -> client.newCall(new Request.Builder().url(url()).build()).execute())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unexpected end of stream");
    assertThat(listener.decisions()).containsExactly(
        "retry=true: retrying once on another connection after a failure on a fresh connection",
        "retry=false: already retried once after a failure on a fresh connection");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void postWhoseFreshConnectionClosesBeforeAnyResponseByteIsNotRetried() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    Request post = new Request.Builder().url(url())
        .post(RequestBody.create("order #1", TEXT)).build();
    assertThatThrownBy(() -> client.newCall(post).execute())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unexpected end of stream");
    assertThat(listener.decisions()).containsExactly(
        "retry=false: request may have been sent and POST is not idempotent");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void everyRouteFailingNamesTheHostAndSuppressesTheOthers() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, Loopback.address(1))) {
      closedPort = socket.getLocalPort();
    }
    CourierClient twoRoutes = client.newBuilder()
        .dns(host -> List.of(Loopback.address(1), Loopback.address(2)))
        .build();
    IOException failure = null;
    try {
      twoRoutes.newCall(new Request.Builder().url("http://origin.test:" + closedPort + "/")
          .build()).execute();
    } catch (IOException e) {
      failure = e;
    }
    assertThat(failure).isInstanceOf(ConnectException.class)
        .hasMessage("Failed to connect to origin.test (127.0.0.2):" + closedPort);
    assertThat(failure.getSuppressed()).hasSize(1);
    assertThat(failure.getSuppressed()[0])
        .hasMessage("Failed to connect to origin.test (127.0.0.1):" + closedPort);
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "connectFailed", "connectStart", "connectFailed",
        "retryDecision", "callFailed");
    assertThat(listener.decisions()).containsExactly("retry=false: no more routes to try");
  }

  @Test
  void dnsWithoutAddressesNamesTheHost() {
    CourierClient nowhere = client.newBuilder().dns(host -> List.of()).build();
    assertThatThrownBy(() -> nowhere.newCall(new Request.Builder().url(url()).build()).execute())
        .isInstanceOf(UnknownHostException.class)
        .hasMessageEndingWith(" returned no addresses for origin.test");
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "retryDecision",
        "callFailed");
  }

  @Test
  void retriesCanBeTurnedOff() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, Loopback.address(1))) {
      closedPort = socket.getLocalPort();
    }
    CourierClient noRetries = client.newBuilder()
        .dns(host -> List.of(Loopback.address(1), Loopback.address(2)))
        .retryOnConnectionFailure(false)
        .build();
    assertThatThrownBy(() -> noRetries.newCall(new Request.Builder()
        .url("http://origin.test:" + closedPort + "/").build()).execute())
        .isInstanceOf(ConnectException.class)
        .hasMessage("Failed to connect to origin.test (127.0.0.1):" + closedPort);
    assertThat(listener.events()).containsOnlyOnce("connectStart");
    assertThat(listener.decisions()).containsExactly("retry=false: retryOnConnectionFailure is off");
  }

  @Test
  void requestTimeoutIsRetriedOnce() throws Exception {
    server.enqueue(new MockResponse.Builder().code(408).build());
    server.enqueue(new MockResponse.Builder().code(408).build());
    try (Response response = client.newCall(new Request.Builder().url(url()).build()).execute()) {
      assertThat(response.code()).isEqualTo(408);
      assertThat(response.priorResponse().code()).isEqualTo(408);
    }
    assertThat(listener.decisions()).containsExactly(
        "followUp=true: retrying after 408 Request Timeout", "followUp=false: 408 again: giving up");
  }

  @Test
  void serviceUnavailableIsRetriedOnlyWhenAskedToRetryAtOnce() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").build());
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "5").build());
    try (Response response = client.newCall(new Request.Builder().url(url()).build()).execute()) {
      assertThat(response.code()).isEqualTo(503);
    }
    assertThat(listener.decisions()).containsExactly(
        "followUp=true: retrying after 503 with Retry-After: 0",
        "followUp=false: 503 again: giving up");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void serviceUnavailableWithADateIsNotRetriedEvenIfTheDateHasPassed() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503)
        .setHeader("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT").build());
    try (Response response = client.newCall(new Request.Builder().url(url()).build()).execute()) {
      assertThat(response.code()).isEqualTo(503);
    }
    assertThat(listener.decisions()).containsExactly(
        "followUp=false: 503 without Retry-After: 0");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
