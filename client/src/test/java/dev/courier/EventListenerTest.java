package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.RawServer;
import dev.courier.testing.Loopback;
import dev.courier.testing.RecordingEventListener;
import dev.courier.testing.RecordingSocketFactory;
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
  void aCallToAServicePicksAnInstanceBeforeItConnects() throws Exception {
    server.enqueue(new MockResponse.Builder().body("abc").build());
    CourierClient routing = courier.newClient(builder -> builder.service(
        ServiceInstances.of("catalog", url())));
    try (Response response = routing.newCall(new Request.Builder().url("http://catalog/")
        .build()).execute()) {
      response.body().string();
    }
    assertThat(listener.events()).containsExactly(
        "callStart", "instancePicked", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "connectEnd", "connectionAcquired",
        "requestHeadersStart", "requestHeadersEnd",
        "responseHeadersStart", "responseHeadersEnd",
        "followUpDecision",
        "responseBodyStart", "responseBodyEnd", "connectionReleased", "callEnd");
    assertThat(listener.instances()).containsExactly("picked " + HttpUrl.get(url()));
  }

  @Test
  void anEjectionAndAReturnAreHeardByTheCallsThatCausedThem() throws Exception {
    int port = server.getPort();
    server.close();
    AtomicLong nanos = new AtomicLong();
    ServiceInstances catalog = new ServiceInstances.Builder("catalog")
        .instances(url())
        .outlierDetection(new OutlierDetection.Builder().consecutiveLocalOriginFailure(1).build())
        .clock(nanos::get)
        .build();
    CourierClient routing = courier.newClient(builder -> builder.service(catalog));
    Request request = new Request.Builder().url("http://catalog/").build();
    assertThatThrownBy(() -> routing.newCall(request).execute())
        .isInstanceOf(IOException.class);
    assertThat(listener.events()).containsExactly(
        "callStart", "instancePicked", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "connectFailed", "instanceEjected", "retryDecision", "callFailed");
    assertThat(listener.instances()).containsExactly("picked " + HttpUrl.get(url()),
        "ejected " + HttpUrl.get(url()) + " for PT30S: consecutive connect failures, resets or "
            + "timeouts");

    listener.clear();
    MockWebServer back = courier.newServer(Loopback.address(1), port);
    back.enqueue(new MockResponse.Builder().body("back").build());
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    routing.newCall(request).execute().close();
    assertThat(listener.events()).startsWith("callStart", "instanceReturned", "instancePicked",
        "proxySelectStart").endsWith("connectionReleased", "callEnd");
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

  @Test
  void responseHeadersStartWaitsForTheFirstByteOfTheResponse() throws Exception {
    RecordingSocketFactory sockets = new RecordingSocketFactory();
    CourierClient watched = courier.newClient(builder -> builder.socketFactory(sockets));
    try (RawServer raw = new RawServer()) {
      CompletableFuture<String> body = new CompletableFuture<>();
      watched.newCall(new Request.Builder().url(raw.url("/")).build()).enqueue(new Callback() {
        @Override public void onFailure(Call call, IOException e) {
          body.completeExceptionally(e);
        }

        @Override public void onResponse(Call call, Response response) throws IOException {
          try (response) {
            body.complete(response.body().string());
          }
        }
      });
      raw.takeRequest();
      // The server thinks: the client waits in a read, and nothing of the response has come.
      Await.until("the client reads the connection", () -> sockets.readsStarted() > 0);
      assertThat(listener.events()).endsWith("requestHeadersStart", "requestHeadersEnd");
      raw.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      assertThat(body.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
    }
    assertThat(listener.events()).containsSubsequence(
        "requestHeadersEnd", "responseHeadersStart", "responseHeadersEnd");
  }

  @Test
  void noResponseHeadersStartWhenTheServerClosesWithoutAnswering() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    CourierClient noRetries = courier.newClient(builder -> builder.retryOnConnectionFailure(false));
    assertThatThrownBy(() -> noRetries.newCall(new Request.Builder().url(url()).build())
        .execute()).isInstanceOf(IOException.class);
    assertThat(listener.events()).containsSubsequence(
        "requestHeadersStart", "requestHeadersEnd", "responseFailed", "callFailed");
    assertThat(listener.events()).doesNotContain("responseHeadersStart");
  }
}
