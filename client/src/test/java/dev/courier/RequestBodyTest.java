package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RecordingSocketFactory;
import dev.courier.testing.RecordingSocketFactory.Io;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies held in memory, which the engine writes from the caller's array: every size
 * arrives whole with its length, large ones leave from the caller's own array, small ones share
 * one write with the headers, and they can be sent again on a redirect.
 */
class RequestBodyTest {
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingSocketFactory sockets = new RecordingSocketFactory();
  private final CourierClient client = courier.newClient(builder -> builder.socketFactory(sockets));

  private static byte[] randomBytes(int size) {
    byte[] result = new byte[size];
    new Random(size).nextBytes(result);
    return result;
  }

  private Response post(RequestBody body) throws IOException {
    return client.newCall(new Request.Builder().url(server.url("/").toString()).post(body)
        .build()).execute();
  }

  /** Sizes around Okio's segment, the one-write limit and the scratch array. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7_000, 8192, 12_000, 16_384, 16_385, 65_536, 1024 * 1024 + 3})
  void arrayBodyArrivesWholeAtEverySize(int size) throws Exception {
    byte[] body = randomBytes(size);
    server.enqueue(new MockResponse.Builder().body("ok").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (Response response = post(RequestBody.create(body, OCTETS))) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
    // The connection carries the next exchange: the body was exactly as long as declared.
    try (Response response = post(RequestBody.create(new byte[] {1}, OCTETS))) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Content-Length")).isEqualTo(Integer.toString(size));
    assertThat(recorded.getBody()).isEqualTo(ByteString.of(body));
    assertThat(server.takeRequest().getConnectionIndex()).isEqualTo(recorded.getConnectionIndex());
  }

  @Test
  void sliceOfAnArrayArrivesWhole() throws Exception {
    byte[] array = randomBytes(100_000);
    server.enqueue(new MockResponse.Builder().build());
    post(RequestBody.create(array, OCTETS, 1_000, 70_000)).close();
    assertThat(server.takeRequest().getBody()).isEqualTo(ByteString.of(array, 1_000, 70_000));
  }

  @Test
  void textBodyArrivesEncoded() throws Exception {
    String text = "naïve café ".repeat(10_000);
    server.enqueue(new MockResponse.Builder().build());
    post(RequestBody.create(text, MediaType.get("text/plain"))).close();
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getBody().utf8()).isEqualTo(text);
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void largeArrayBodyIsWrittenFromTheCallersArray() throws Exception {
    byte[] body = randomBytes(64 * 1024);
    server.enqueue(new MockResponse.Builder().build());
    post(RequestBody.create(body, OCTETS)).close();
    assertThat(server.takeRequest().getBody()).isEqualTo(ByteString.of(body));
    List<Io> fromBody = new ArrayList<>();
    for (Io write : sockets.writes()) {
      if (write.array() == body) fromBody.add(write);
    }
    assertThat(fromBody).singleElement().satisfies(write -> {
      assertThat(write.offset()).isZero();
      assertThat(write.byteCount()).isEqualTo(body.length);
    });
  }

  @Test
  void smallerBodyGoesOutWithTheHeadersInOneWrite() throws Exception {
    byte[] body = randomBytes(12_000); // More than one Okio segment.
    server.enqueue(new MockResponse.Builder().build());
    post(RequestBody.create(body, OCTETS)).close();
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getBody()).isEqualTo(ByteString.of(body));
    assertThat(sockets.writes()).singleElement()
        .satisfies(write -> assertThat(write.byteCount()).isGreaterThan(body.length));
  }

  @Test
  void arrayBodyIsSentAgainWhenRedirected() throws Exception {
    byte[] body = randomBytes(200_000);
    server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "/again").build());
    server.enqueue(new MockResponse.Builder().body("done").build());
    try (Response response = post(RequestBody.create(body, OCTETS))) {
      assertThat(response.body().string()).isEqualTo("done");
    }
    assertThat(server.takeRequest().getBody()).isEqualTo(ByteString.of(body));
    RecordedRequest redirected = server.takeRequest();
    assertThat(redirected.getUrl().encodedPath()).isEqualTo("/again");
    assertThat(redirected.getBody()).isEqualTo(ByteString.of(body));
  }

  @Test
  void bodyEventsReportTheLength() throws Exception {
    List<String> events = new ArrayList<>();
    CourierClient listening = courier.newClient(builder -> builder.eventListener(
        new EventListener() {
          @Override
          public void requestBodyStart(Call call) {
            events.add("requestBodyStart");
          }

          @Override
          public void requestBodyEnd(Call call, long byteCount) {
            events.add("requestBodyEnd " + byteCount);
          }
        }));
    server.enqueue(new MockResponse.Builder().build());
    listening.newCall(new Request.Builder().url(server.url("/").toString())
        .post(RequestBody.create(randomBytes(70_000), OCTETS)).build()).execute().close();
    assertThat(events).containsExactly("requestBodyStart", "requestBodyEnd 70000");
  }

  @Test
  void largeBodyWaitsForOneHundredContinue() throws Exception {
    byte[] body = randomBytes(70_000);
    server.enqueue(new MockResponse.Builder().add100Continue().build());
    client.newCall(new Request.Builder().url(server.url("/").toString())
        .header("Expect", "100-continue").post(RequestBody.create(body, OCTETS)).build())
        .execute().close();
    assertThat(server.takeRequest().getBody()).isEqualTo(ByteString.of(body));
  }

  @Test
  void chunkedCodingSetByANetworkInterceptorFramesTheArray() throws Exception {
    byte[] body = randomBytes(70_000);
    CourierClient chunking = courier.newClient(builder -> builder.addNetworkInterceptor(
        chain -> chain.proceed(chain.request().newBuilder()
            .removeHeader("Content-Length").header("Transfer-Encoding", "chunked").build())));
    server.enqueue(new MockResponse.Builder().build());
    chunking.newCall(new Request.Builder().url(server.url("/").toString())
        .post(RequestBody.create(body, OCTETS)).build()).execute().close();
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getChunkSizes()).isNotEmpty();
    assertThat(recorded.getBody()).isEqualTo(ByteString.of(body));
  }
}
