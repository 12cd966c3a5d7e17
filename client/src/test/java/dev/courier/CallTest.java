package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.courier.testing.CourierExtension;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final CourierClient client = courier.newClient();

  private String url(String path) {
    return server.url(path).toString();
  }

  @Test
  void getReturnsStatusHeadersAndBody() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .status("HTTP/1.1 200 Sweet")
        .addHeader("Content-Type", "text/plain; charset=utf-8")
        .addHeader("X-Multi", "a")
        .addHeader("X-Multi", "b")
        .body("abc")
        .build());
    Request request = new Request.Builder().url(url("/items?id=1")).header("Accept", "text/plain").build();

    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.message()).isEqualTo("Sweet");
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_1_1);
      assertThat(response.isSuccessful()).isTrue();
      assertThat(response.headers("X-Multi")).containsExactly("a", "b");
      assertThat(response.body().contentType()).isEqualTo(MediaType.get("text/plain; charset=utf-8"));
      assertThat(response.body().contentLength()).isEqualTo(3);
      assertThat(response.body().string()).isEqualTo("abc");
      assertThat(response.request()).isSameAs(request);
      assertThat(response.sentRequestAtMillis()).isPositive();
      assertThat(response.receivedResponseAtMillis())
          .isGreaterThanOrEqualTo(response.sentRequestAtMillis());
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getRequestLine()).isEqualTo("GET /items?id=1 HTTP/1.1");
    assertThat(recorded.getHeaders().get("Accept")).isEqualTo("text/plain");
    assertThat(recorded.getHeaders().get("Host"))
        .isEqualTo(server.getHostName() + ":" + server.getPort());
    assertThat(recorded.getHeaders().get("Connection")).isEqualTo("Keep-Alive");
    assertThat(recorded.getHeaders().get("Accept-Encoding")).isEqualTo("gzip");
  }

  @Test
  void eachOriginGetsItsOwnHostHeaderWhenCallsAlternate() throws Exception {
    MockWebServer other = courier.newServer();
    for (MockWebServer each : new MockWebServer[] {server, other, server, other}) {
      each.enqueue(new MockResponse.Builder().body("ok").build());
      try (Response response = client.newCall(new Request.Builder()
          .url(each.url("/").toString()).build()).execute()) {
        assertThat(response.body().string()).isEqualTo("ok");
      }
      assertThat(each.takeRequest().getHeaders().get("Host"))
          .isEqualTo(each.getHostName() + ":" + each.getPort());
    }
  }

  @Test
  void errorStatusIsAResponseNotAnException() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
    try (Response response = client.newCall(new Request.Builder().url(url("/")).build())
        .execute()) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(response.isSuccessful()).isFalse();
      assertThat(response.body().string()).isEqualTo("busy");
    }
  }

  @Test
  void postWithKnownLengthBody() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    Request request = new Request.Builder().url(url("/post"))
        .post(RequestBody.create("{\"a\":1}", MediaType.get("application/json")))
        .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getHeaders().get("Content-Type"))
        .isEqualTo("application/json; charset=utf-8");
    assertThat(recorded.getHeaders().get("Content-Length")).isEqualTo("7");
    assertThat(recorded.getBody().utf8()).isEqualTo("{\"a\":1}");
  }

  @Test
  void postWithUnknownLengthBodyIsChunked() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    RequestBody streaming = new RequestBody() {
      @Override public MediaType contentType() {
        return MediaType.get("text/plain");
      }

      @Override public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("first ");
        sink.flush();
        sink.writeUtf8("second");
      }
    };
    Request request = new Request.Builder().url(url("/")).put(streaming).build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(recorded.getHeaders().get("Content-Length")).isNull();
    assertThat(recorded.getBody().utf8()).isEqualTo("first second");
  }

  @ParameterizedTest(name = "{0} with {1}: {2}")
  @CsvSource({
      "GET, Transfer-Encoding, chunked",
      "GET, Content-Length, 5",
      "DELETE, Transfer-Encoding, chunked",
      "DELETE, Content-Length, 5",
      "DELETE, Content-Length, 0",
  })
  void framingHeadersOfARequestWithoutABodyNeverReachTheWire(String method, String name,
      String value) throws Exception {
    // Were they sent, the server would wait for a body that never comes, or take the next
    // request for it.
    CourierClient impatient =
        courier.newClient(builder -> builder.readTimeout(Duration.ofSeconds(2)));
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(new MockResponse.Builder().body("second").build());
    Request request = new Request.Builder().url(url("/")).method(method, null)
        .header(name, value).build();
    try (Response response = impatient.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("first");
    }
    try (Response response = impatient.newCall(new Request.Builder().url(url("/")).build())
        .execute()) {
      assertThat(response.body().string()).isEqualTo("second");
    }
    RecordedRequest first = server.takeRequest();
    assertThat(first.getMethod()).isEqualTo(method);
    assertThat(first.getHeaders().get("Transfer-Encoding")).isNull();
    assertThat(first.getHeaders().get("Content-Length")).isNull();
    assertThat(first.getBodySize()).isZero();
    assertThat(server.takeRequest().getExchangeIndex()).isEqualTo(1);
  }

  @Test
  void networkInterceptorAddingFramingToARequestWithoutABodyIsRefused() {
    CourierClient framing = client.newBuilder().addNetworkInterceptor(chain -> chain.proceed(
        chain.request().newBuilder().header("Transfer-Encoding", "chunked").build())).build();
    assertThatThrownBy(() -> framing.newCall(new Request.Builder().url(url("/")).build())
        .execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("GET request without a body has framing header Transfer-Encoding: chunked; "
            + "the engine frames requests, interceptors must not");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void headHasNoBodyEvenWithContentLength() throws Exception {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Length", "100").build());
    server.enqueue(new MockResponse.Builder().body("next").build());
    try (Response response = client.newCall(new Request.Builder().url(url("/")).head().build())
        .execute()) {
      assertThat(response.header("Content-Length")).isEqualTo("100");
      assertThat(response.body().bytes()).isEmpty();
    }
    // The connection is still in step: the next response is read from it correctly.
    try (Response response = client.newCall(new Request.Builder().url(url("/")).build())
        .execute()) {
      assertThat(response.body().string()).isEqualTo("next");
    }
    assertThat(server.takeRequest().getConnectionIndex())
        .isEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void noContentAndNotModifiedHaveNoBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    for (int expected : new int[] {204, 304}) {
      try (Response response = client.newCall(new Request.Builder().url(url("/")).build())
          .execute()) {
        assertThat(response.code()).isEqualTo(expected);
        assertThat(response.body().contentLength()).isZero();
        assertThat(response.body().string()).isEmpty();
      }
    }
  }

  @Test
  void informationalResponsesAreSkipped() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .addInformationalResponse(new MockResponse.Builder().code(103)
            .addHeader("Link", "</style.css>; rel=preload").build())
        .addInformationalResponse(new MockResponse.Builder().code(102).build())
        .body("final")
        .build());
    try (Response response = client.newCall(new Request.Builder().url(url("/")).build())
        .execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Link")).isNull();
      assertThat(response.body().string()).isEqualTo("final");
    }
  }

  @Test
  void expectContinueSendsTheBodyAfter100() throws Exception {
    server.enqueue(new MockResponse.Builder().add100Continue().body("thanks").build());
    Request request = new Request.Builder().url(url("/upload"))
        .header("Expect", "100-continue")
        .post(RequestBody.create("payload", MediaType.get("text/plain")))
        .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("thanks");
    }
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("payload");
  }

  @Test
  void expectContinueAnsweredWithAFinalStatusSkipsTheBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(413).doNotReadRequestBody().body("too big").build());
    Request request = new Request.Builder().url(url("/upload"))
        .header("Expect", "100-continue")
        .post(RequestBody.create(new byte[1024], MediaType.get("application/octet-stream")))
        .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(413);
      assertThat(response.body().string()).isEqualTo("too big");
    }
    // The connection can't be trusted afterwards: it is closed, not pooled.
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void chunkedResponseExposesTrailers() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .chunkedBody("abcdefghij", 3)
        .trailers(okhttp3.Headers.of("Checksum", "xyz"))
        .build());
    try (Response response = client.newCall(new Request.Builder().url(url("/")).build())
        .execute()) {
      assertThatThrownBy(response::trailers)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("read to the end");
      assertThat(response.body().string()).isEqualTo("abcdefghij");
      assertThat(response.trailers().get("Checksum")).isEqualTo("xyz");
    }
  }

  @Test
  void fixedLengthResponseHasEmptyTrailers() throws Exception {
    server.enqueue(new MockResponse.Builder().body("abc").build());
    try (Response response = client.newCall(new Request.Builder().url(url("/")).build())
        .execute()) {
      assertThat(response.body().string()).isEqualTo("abc");
      assertThat(response.trailers().size()).isZero();
    }
  }

  @Test
  void gzipIsRequestedAndDecodedTransparently() throws Exception {
    Buffer gzipped = new Buffer();
    try (BufferedSink sink = Okio.buffer(new GzipSink(gzipped))) {
      sink.writeUtf8("compressed ".repeat(100));
    }
    server.enqueue(new MockResponse.Builder()
        .addHeader("Content-Encoding", "gzip")
        .body(gzipped)
        .build());
    try (Response response = client.newCall(new Request.Builder().url(url("/")).build())
        .execute()) {
      assertThat(response.header("Content-Encoding")).isNull();
      assertThat(response.header("Content-Length")).isNull();
      assertThat(response.body().contentLength()).isEqualTo(-1);
      assertThat(response.body().string()).isEqualTo("compressed ".repeat(100));
      // The network response is what came off the wire, before decompression.
      assertThat(response.networkResponse().header("Content-Encoding")).isEqualTo("gzip");
      assertThat(response.networkResponse().body()).isNull();
      assertThat(response.cacheResponse()).isNull();
    }
    assertThat(server.takeRequest().getHeaders().get("Accept-Encoding")).isEqualTo("gzip");
  }

  @Test
  void callerAskingForAnEncodingGetsTheRawBytes() throws Exception {
    Buffer gzipped = new Buffer();
    try (BufferedSink sink = Okio.buffer(new GzipSink(gzipped))) {
      sink.writeUtf8("raw");
    }
    long gzippedSize = gzipped.size();
    server.enqueue(new MockResponse.Builder().addHeader("Content-Encoding", "gzip")
        .body(gzipped).build());
    Request request = new Request.Builder().url(url("/"))
        .header("Accept-Encoding", "gzip").build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(response.body().bytes()).hasSize((int) gzippedSize);
    }
  }

  @Test
  void rangeRequestsAreNotGzipped() throws Exception {
    server.enqueue(new MockResponse.Builder().code(206).body("bc").build());
    Request request = new Request.Builder().url(url("/")).header("Range", "bytes=1-2").build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("bc");
    }
    assertThat(server.takeRequest().getHeaders().get("Accept-Encoding")).isNull();
  }

  @Test
  void userAgentDefaultsAndCanBeSet() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().build());
    client.newCall(new Request.Builder().url(url("/")).build()).execute().close();
    CourierClient custom = client.newBuilder().userAgent("my-service/1.0").build();
    custom.newCall(new Request.Builder().url(url("/")).build()).execute().close();
    custom.newCall(new Request.Builder().url(url("/")).header("User-Agent", "explicit").build())
        .execute().close();
    assertThat(server.takeRequest().getHeaders().get("User-Agent")).matches("courier/.+");
    assertThat(server.takeRequest().getHeaders().get("User-Agent")).isEqualTo("my-service/1.0");
    assertThat(server.takeRequest().getHeaders().get("User-Agent")).isEqualTo("explicit");
  }

  @Test
  void cookiesGoOutAndComeBackThroughTheJar() throws Exception {
    InMemoryCookieJar jar = new InMemoryCookieJar();
    CourierClient withCookies = client.newBuilder().cookieJar(jar).build();
    server.enqueue(new MockResponse.Builder().addHeader("Set-Cookie", "session=s1; Path=/")
        .build());
    server.enqueue(new MockResponse.Builder().build());
    withCookies.newCall(new Request.Builder().url(url("/login")).build()).execute().close();
    withCookies.newCall(new Request.Builder().url(url("/next")).build()).execute().close();

    assertThat(server.takeRequest().getHeaders().get("Cookie")).isNull();
    assertThat(server.takeRequest().getHeaders().get("Cookie")).isEqualTo("session=s1");
  }

  @Test
  void executeTwiceFails() throws Exception {
    server.enqueue(new MockResponse.Builder().body("once").build());
    Call call = client.newCall(new Request.Builder().url(url("/")).build());
    call.execute().close();
    assertThat(call.isExecuted()).isTrue();
    assertThatThrownBy(call::execute).isInstanceOf(IllegalStateException.class)
        .hasMessage("Already Executed");
    assertThatThrownBy(() -> call.enqueue(new FutureCallback()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Already Executed");
  }

  @Test
  void cloneRunsTheSameRequestAgain() throws Exception {
    server.enqueue(new MockResponse.Builder().body("a").build());
    server.enqueue(new MockResponse.Builder().body("b").build());
    Call call = client.newCall(new Request.Builder().url(url("/")).build());
    try (Response response = call.execute()) {
      assertThat(response.body().string()).isEqualTo("a");
    }
    Call clone = call.clone();
    assertThat(clone.isExecuted()).isFalse();
    assertThat(clone.request()).isSameAs(call.request());
    try (Response response = clone.execute()) {
      assertThat(response.body().string()).isEqualTo("b");
    }
  }

  @Test
  void enqueueDeliversTheResponseOnADispatcherThread() throws Exception {
    server.enqueue(new MockResponse.Builder().body("async").build());
    FutureCallback callback = new FutureCallback();
    client.newCall(new Request.Builder().url(url("/")).build()).enqueue(callback);
    FutureCallback.Result result = callback.result.get(10, TimeUnit.SECONDS);
    assertThat(result.body).isEqualTo("async");
    assertThat(result.threadName).startsWith("courier-dispatcher-");
  }

  @Test
  void enqueueReportsFailuresToOnFailure() throws Exception {
    int port = server.getPort();
    server.close();
    FutureCallback callback = new FutureCallback();
    client.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/").build())
        .enqueue(callback);
    FutureCallback.Result result = callback.result.get(10, TimeUnit.SECONDS);
    assertThat(result.failure).isInstanceOf(IOException.class)
        .hasMessageContaining("Failed to connect to 127.0.0.1");
  }

  @Test
  void responseBodyCanBeReadAsAStream() throws Exception {
    server.enqueue(new MockResponse.Builder().body("streamed").build());
    try (Response response = client.newCall(new Request.Builder().url(url("/")).build())
        .execute()) {
      assertThat(new String(response.body().byteStream().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("streamed");
    }
  }

  @Test
  void peekBodyLeavesTheBodyReadable() throws Exception {
    server.enqueue(new MockResponse.Builder().body("abcdef").build());
    try (Response response = client.newCall(new Request.Builder().url(url("/")).build())
        .execute()) {
      assertThat(response.peekBody(3).string()).isEqualTo("abc");
      assertThat(response.body().string()).isEqualTo("abcdef");
    }
  }

  /** Collects the outcome of an asynchronous call. */
  static final class FutureCallback implements Callback {
    static final class Result {
      String body;
      IOException failure;
      String threadName;
    }

    final CompletableFuture<Result> result = new CompletableFuture<>();

    @Override
    public void onFailure(Call call, IOException e) {
      Result r = new Result();
      r.failure = e;
      r.threadName = Thread.currentThread().getName();
      result.complete(r);
    }

    @Override
    public void onResponse(Call call, Response response) throws IOException {
      Result r = new Result();
      try (response) {
        r.body = response.body().string();
      }
      r.threadName = Thread.currentThread().getName();
      result.complete(r);
    }
  }
}
