package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.courier.testing.CourierExtension;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a response says where it came from: {@link Response#networkResponse()},
 * {@link Response#cacheResponse()} and {@link Response#priorResponse()} and their requests, with
 * and without a cache or network interceptors, across redirects and transparent gzip. Each
 * described response has no body and describes nothing further itself.
 */
class ResponseTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  @TempDir Path cacheDirectory;
  private final MockWebServer server = courier.newServer();

  private Request get(String path) {
    return new Request.Builder().url(server.url(path).toString()).build();
  }

  @Test
  void withoutACacheTheNetworkResponseIsTheWireResponseForTheWireRequest() throws Exception {
    CourierClient client = courier.newClient();
    server.enqueue(new MockResponse.Builder().addHeader("X-Id", "1").body("abc").build());
    Request request = get("/a");

    try (Response response = client.newCall(request).execute()) {
      assertThat(response.request()).isSameAs(request);
      assertThat(response.cacheResponse()).isNull();
      assertThat(response.priorResponse()).isNull();
      Response network = response.networkResponse();
      assertThat(network).isNotNull();
      assertThat(network.body()).isNull();
      assertThat(network.code()).isEqualTo(200);
      assertThat(network.headers()).isEqualTo(response.headers());
      assertThat(network.sentRequestAtMillis()).isEqualTo(response.sentRequestAtMillis());
      assertThat(network.receivedResponseAtMillis())
          .isEqualTo(response.receivedResponseAtMillis());
      // The request the bridge sent, with the headers it added; the caller's has none of them.
      assertThat(network.request().header("Accept-Encoding")).isEqualTo("gzip");
      assertThat(network.request().header("Host")).isNotNull();
      assertThat(request.header("Host")).isNull();
      assertThat(network.networkResponse()).isNull();
      assertThat(network.cacheResponse()).isNull();
      assertThat(network.priorResponse()).isNull();
      assertThat(response.body().string()).isEqualTo("abc");
    }
  }

  @Test
  void networkResponseShowsWhatANetworkInterceptorReturned() throws Exception {
    CourierClient client = courier.newClient(builder -> builder.addNetworkInterceptor(chain -> {
      Response response = chain.proceed(chain.request());
      // What a network interceptor sees has not been described yet.
      assertThat(response.networkResponse()).isNull();
      return response.newBuilder().header("X-Seen", "yes").build();
    }));
    server.enqueue(new MockResponse.Builder().body("abc").build());

    try (Response response = client.newCall(get("/")).execute()) {
      assertThat(response.header("X-Seen")).isEqualTo("yes");
      Response network = response.networkResponse();
      assertThat(network.header("X-Seen")).isEqualTo("yes");
      assertThat(network.body()).isNull();
      assertThat(network.networkResponse()).isNull();
      assertThat(network.request().header("Accept-Encoding")).isEqualTo("gzip");
      assertThat(response.body().string()).isEqualTo("abc");
    }
  }

  @Test
  void networkResponseOfAChunkedBodyReadsTheTrailersToo() throws Exception {
    CourierClient client = courier.newClient();
    server.enqueue(new MockResponse.Builder()
        .chunkedBody("abcdefghij", 3)
        .trailers(okhttp3.Headers.of("Checksum", "xyz"))
        .build());

    try (Response response = client.newCall(get("/")).execute()) {
      assertThat(response.body().string()).isEqualTo("abcdefghij");
      assertThat(response.networkResponse().trailers().get("Checksum")).isEqualTo("xyz");
    }
  }

  @Test
  void gzipIsDecodedForTheCallerWhileTheNetworkResponseKeepsTheWireHeaders() throws Exception {
    CourierClient client = courier.newClient();
    Buffer gzipped = new Buffer();
    try (BufferedSink sink = Okio.buffer(new GzipSink(gzipped))) {
      sink.writeUtf8("zipped");
    }
    long gzippedSize = gzipped.size();
    server.enqueue(new MockResponse.Builder().addHeader("Content-Encoding", "gzip")
        .body(gzipped).build());
    Request request = get("/");

    try (Response response = client.newCall(request).execute()) {
      assertThat(response.request()).isSameAs(request);
      assertThat(response.header("Content-Encoding")).isNull();
      assertThat(response.header("Content-Length")).isNull();
      Response network = response.networkResponse();
      assertThat(network.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(network.header("Content-Length")).isEqualTo(Long.toString(gzippedSize));
      assertThat(network.body()).isNull();
      assertThat(network.networkResponse()).isNull();
      assertThat(response.body().string()).isEqualTo("zipped");
    }
  }

  @Test
  void aRedirectIsThePriorResponseWithItsOwnNetworkResponse() throws Exception {
    CourierClient client = courier.newClient();
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/b")
        .body("moved").build());
    server.enqueue(new MockResponse.Builder().body("here").build());
    Request request = get("/a");

    try (Response response = client.newCall(request).execute()) {
      assertThat(response.request().url().encodedPath()).isEqualTo("/b");
      assertThat(response.networkResponse().request().url().encodedPath()).isEqualTo("/b");
      assertThat(response.networkResponse().networkResponse()).isNull();
      assertThat(response.networkResponse().priorResponse()).isNull();
      Response prior = response.priorResponse();
      assertThat(prior.code()).isEqualTo(302);
      assertThat(prior.body()).isNull();
      assertThat(prior.request()).isSameAs(request);
      assertThat(prior.priorResponse()).isNull();
      assertThat(prior.networkResponse().code()).isEqualTo(302);
      assertThat(prior.networkResponse().body()).isNull();
      assertThat(prior.networkResponse().request().url().encodedPath()).isEqualTo("/a");
      assertThat(prior.networkResponse().networkResponse()).isNull();
      assertThat(response.body().string()).isEqualTo("here");
    }
  }

  @Test
  void withACacheEachResponseSaysWhetherTheNetworkTheCacheOrBothAnswered() throws Exception {
    CourierClient client = courier.newClient(builder ->
        builder.cache(new Cache(cacheDirectory, 1024 * 1024)));
    server.enqueue(new MockResponse.Builder().addHeader("Cache-Control", "max-age=0")
        .addHeader("ETag", "\"v1\"").body("abc").build());
    server.enqueue(new MockResponse.Builder().code(304).addHeader("ETag", "\"v1\"")
        .addHeader("X-Revalidated", "yes").build());

    try (Response miss = client.newCall(get("/")).execute()) {
      assertThat(miss.body().string()).isEqualTo("abc");
      assertThat(miss.cacheResponse()).isNull();
      Response network = miss.networkResponse();
      assertThat(network.code()).isEqualTo(200);
      assertThat(network.body()).isNull();
      assertThat(network.networkResponse()).isNull();
      assertThat(network.cacheResponse()).isNull();
    }
    try (Response revalidated = client.newCall(get("/")).execute()) {
      assertThat(revalidated.code()).isEqualTo(200);
      assertThat(revalidated.body().string()).isEqualTo("abc");
      Response network = revalidated.networkResponse();
      assertThat(network.code()).isEqualTo(304);
      assertThat(network.body()).isNull();
      assertThat(network.networkResponse()).isNull();
      assertThat(network.request().header("If-None-Match")).isEqualTo("\"v1\"");
      Response cached = revalidated.cacheResponse();
      assertThat(cached.code()).isEqualTo(200);
      assertThat(cached.body()).isNull();
      assertThat(cached.networkResponse()).isNull();
    }
  }

  @Test
  void withACacheAHitHasNoNetworkResponse() throws Exception {
    CourierClient client = courier.newClient(builder ->
        builder.cache(new Cache(cacheDirectory, 1024 * 1024)));
    server.enqueue(new MockResponse.Builder().addHeader("Cache-Control", "max-age=60")
        .body("abc").build());

    try (Response miss = client.newCall(get("/")).execute()) {
      assertThat(miss.body().string()).isEqualTo("abc");
      assertThat(miss.networkResponse().networkResponse()).isNull();
    }
    try (Response hit = client.newCall(get("/")).execute()) {
      assertThat(hit.body().string()).isEqualTo("abc");
      assertThat(hit.networkResponse()).isNull();
      assertThat(hit.cacheResponse().body()).isNull();
      assertThat(hit.cacheResponse().networkResponse()).isNull();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
