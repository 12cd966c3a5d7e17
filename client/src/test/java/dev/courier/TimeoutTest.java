package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.courier.testing.BlackholeServer;
import dev.courier.testing.CourierExtension;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each timeout fires where it should and names itself. */
class TimeoutTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();

  @Test
  void defaultsAreTenSecondsAndNoCallTimeout() {
    CourierClient client = new CourierClient();
    assertThat(client.connectTimeoutMillis()).isEqualTo(10_000);
    assertThat(client.readTimeoutMillis()).isEqualTo(10_000);
    assertThat(client.writeTimeoutMillis()).isEqualTo(10_000);
    assertThat(client.callTimeoutMillis()).isZero();
  }

  @Test
  void readTimeoutWhileWaitingForHeaders() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
        .build());
    CourierClient client =
        courier.newClient(builder -> builder.readTimeout(Duration.ofMillis(200)));
    assertThatThrownBy(() -> client.newCall(new Request.Builder()
        .url(server.url("/").toString()).build()).execute())
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessage("Read timed out after 200 ms (readTimeout)");
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void readTimeoutWhileReadingTheBody() throws Exception {
    server.enqueue(new MockResponse.Builder().body("abc").setHeader("Content-Length", "10")
        .onResponseEnd(SocketEffect.Stall.INSTANCE).build());
    CourierClient client =
        courier.newClient(builder -> builder.readTimeout(Duration.ofMillis(200)));
    try (Response response = client.newCall(new Request.Builder()
        .url(server.url("/").toString()).build()).execute()) {
      assertThatThrownBy(() -> response.body().string())
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("readTimeout");
    }
  }

  @Test
  void readTimeoutCanBeChangedPerCallByAnInterceptor() {
    server.enqueue(new MockResponse.Builder().headersDelay(500, TimeUnit.MILLISECONDS).build());
    CourierClient client = courier.newClient(builder -> builder
        .readTimeout(Duration.ofSeconds(10))
        .addInterceptor(chain -> chain.withReadTimeout(Duration.ofMillis(100))
            .proceed(chain.request())));
    assertThatThrownBy(() -> client.newCall(new Request.Builder()
        .url(server.url("/").toString()).build()).execute())
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessage("Read timed out after 100 ms (readTimeout)");
  }

  @Test
  void writeTimeoutWhenTheServerStopsReading() {
    server.enqueue(new MockResponse.Builder().onRequestStart(SocketEffect.Stall.INSTANCE)
        .build());
    CourierClient client =
        courier.newClient(builder -> builder.writeTimeout(Duration.ofMillis(300)));
    byte[] large = new byte[64 * 1024 * 1024]; // Far beyond what socket buffers absorb.
    assertThatThrownBy(() -> client.newCall(new Request.Builder()
        .url(server.url("/").toString())
        .post(RequestBody.create(large, MediaType.get("application/octet-stream")))
        .build()).execute())
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("Write timed out after 300 ms (writeTimeout)");
  }

  @Test
  void connectTimeoutNamesTheAddress() throws Exception {
    try (BlackholeServer blackhole = new BlackholeServer()) {
      CourierClient client = courier.newClient(builder -> builder
          .connectTimeout(Duration.ofMillis(200)));
      assertThatThrownBy(() -> client.newCall(new Request.Builder()
          .url(blackhole.url("/")).build()).execute())
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage("Connect timed out after 200 ms (connectTimeout) to 127.0.0.1:"
              + blackhole.port());
    }
  }

  @Test
  void callTimeoutCoversTheWholeCall() {
    server.enqueue(new MockResponse.Builder()
        .body(new okio.Buffer().write(new byte[64 * 1024]))
        .throttleBody(1024, 100, TimeUnit.MILLISECONDS)
        .build());
    CourierClient client =
        courier.newClient(builder -> builder.callTimeout(Duration.ofMillis(300)));
    assertThatThrownBy(() -> {
      try (Response response = client.newCall(new Request.Builder()
          .url(server.url("/").toString()).build()).execute()) {
        response.body().bytes();
      }
    })
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("Call timed out after 300 ms (callTimeout)");
  }

  @Test
  void callTimeoutCanBeSetOnOneCall() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
        .build());
    CourierClient client = courier.newClient();
    Call call = client.newCall(new Request.Builder().url(server.url("/").toString()).build());
    call.timeout().timeout(200, TimeUnit.MILLISECONDS);
    assertThatThrownBy(call::execute)
        .isInstanceOf(InterruptedIOException.class)
        .hasMessage("Call timed out after 200 ms (callTimeout)");
  }

  @Test
  void invalidTimeoutsAreRefusedNamingTheSetting() {
    CourierClient.Builder builder = new CourierClient.Builder();
    assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("connectTimeout < 0: PT-1S");
    assertThatThrownBy(() -> builder.readTimeout(Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("readTimeout too large: PT720H");
    assertThatThrownBy(() -> builder.writeTimeout(Duration.ofNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("writeTimeout too small");
    assertThatThrownBy(() -> builder.callTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("callTimeout too large");
    assertThatThrownBy(() -> builder.callTimeout(-5, TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callTimeout < 0: -5 SECONDS");
  }

  @Test
  void aDeadlineSetOnAResponseBodyEndsWithThatBody() throws Exception {
    CourierClient client = courier.newClient();
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(new MockResponse.Builder().body("second").build());
    try (Response response = client.newCall(get()).execute()) {
      BufferedSource source = response.body().source();
      assertThat(source.readUtf8()).isEqualTo("first");
      source.timeout().deadlineNanoTime(System.nanoTime() - 1); // Already passed.
    }
    try (Response response = client.newCall(get()).execute()) {
      assertThat(response.body().string()).isEqualTo("second");
    }
    assertThat(server.takeRequest().getConnectionIndex())
        .isEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void aDeadlineSetOnAFinishedResponseBodyDoesNotReachTheNextCallOnItsConnection()
      throws Exception {
    CourierClient client = courier.newClient();
    String large = "x".repeat(1024 * 1024); // Far more than one read takes with the headers.
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(new MockResponse.Builder().body(large).build());
    BufferedSource first;
    try (Response response = client.newCall(get()).execute()) {
      first = response.body().source();
      assertThat(first.readUtf8()).isEqualTo("first");
    }
    try (Response second = client.newCall(get()).execute()) {
      first.timeout().deadlineNanoTime(System.nanoTime() - 1); // The first body, long done.
      assertThat(second.body().string()).isEqualTo(large);
    }
    assertThat(server.takeRequest().getConnectionIndex())
        .isEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void aDeadlineSetOnARequestBodyEndsWithThatBody() throws Exception {
    CourierClient client = courier.newClient();
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(new MockResponse.Builder().body("second").build());
    RequestBody body = new RequestBody() {
      @Override public MediaType contentType() {
        return MediaType.get("text/plain");
      }

      @Override public long contentLength() {
        return 4;
      }

      @Override public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("sent").flush();
        sink.timeout().deadlineNanoTime(System.nanoTime() - 1); // Already passed.
      }
    };
    try (Response response = client.newCall(new Request.Builder().url(server.url("/").toString())
        .post(body).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("first");
    }
    try (Response response = client.newCall(get()).execute()) {
      assertThat(response.body().string()).isEqualTo("second");
    }
    assertThat(server.takeRequest().getConnectionIndex())
        .isEqualTo(server.takeRequest().getConnectionIndex());
  }

  private Request get() {
    return new Request.Builder().url(server.url("/").toString()).build();
  }
}
