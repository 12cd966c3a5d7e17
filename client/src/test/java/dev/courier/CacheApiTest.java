package dev.courier;

import static dev.courier.CacheTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the public API promises around the cache: {@link CacheControl#FORCE_CACHE} on a client
 * without a cache answers 504 at once, and {@link Response#cacheResponse()} carries the request
 * the stored response was made for, not the one it now answers.
 */
class CacheApiTest {
  @TempDir
  Path directory;
  private final MockWebServer server = new MockWebServer();
  private final RecordingEventListener listener = new RecordingEventListener();
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    client = new CourierClient.Builder()
        .cache(new Cache(directory, 1024 * 1024))
        .eventListener(listener)
        .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void onlyIfCachedWithoutACacheGives504WithoutTheNetwork() throws Exception {
    CourierClient uncached = client.newBuilder().cache(null).build();
    Request request = new Request.Builder().url(server.url("/").toString())
        .cacheControl(CacheControl.FORCE_CACHE).build();
    try (Response response = uncached.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(504);
      assertThat(response.body().string()).isEmpty();
      assertThat(response.networkResponse()).isNull();
      assertThat(response.cacheResponse()).isNull();
      assertThat(response.request()).isSameAs(request);
    }
    assertThat(server.getRequestCount()).isZero();
    assertThat(listener.events()).contains("satisfactionFailure")
        .doesNotContain("connectStart", "requestHeadersStart");
  }

  @Test
  void cacheResponseCarriesTheRequestTheEntryWasStoredFor() throws Exception {
    server.enqueue(ok("bonjour", "Cache-Control: max-age=60", "Vary: Accept-Language"));
    Request first = new Request.Builder().url(server.url("/greeting").toString())
        .header("Accept-Language", "fr, de").header("X-Trace", "first").build();
    try (Response stored = client.newCall(first).execute()) {
      assertThat(stored.body().string()).isEqualTo("bonjour");
    }

    Request second = first.newBuilder()
        .header("Accept-Language", "de,fr").header("X-Trace", "second").build();
    try (Response cached = client.newCall(second).execute()) {
      assertThat(cached.body().string()).isEqualTo("bonjour");
      assertThat(cached.request().header("X-Trace")).isEqualTo("second");
      Request storedFor = cached.cacheResponse().request();
      assertThat(storedFor.url()).isEqualTo(first.url());
      assertThat(storedFor.method()).isEqualTo("GET");
      assertThat(storedFor.headers()).isEqualTo(Headers.of("Accept-Language", "fr, de"));
    }
  }

  @Test
  void storedRequestShowsSecretVaryingFieldsAsTheRequestThatMatchedThem() throws Exception {
    // On disk they are a digest; the request that matched it has the very value.
    server.enqueue(ok("mine", "Cache-Control: max-age=60", "Vary: Authorization"));
    Request request = new Request.Builder().url(server.url("/mine").toString())
        .header("Authorization", "Bearer token").build();
    try (Response stored = client.newCall(request).execute()) {
      stored.body().string();
    }
    try (Response cached = client.newCall(request).execute()) {
      assertThat(cached.cacheResponse().request().headers())
          .isEqualTo(Headers.of("Authorization", "Bearer token"));
    }
  }

  @Test
  void conditionalHitKeepsTheStoredRequestToo() throws Exception {
    server.enqueue(ok("v1", "Cache-Control: max-age=0", "ETag: \"v1\"", "Vary: Accept"));
    server.enqueue(new MockResponse.Builder().code(304).build());
    Request first = new Request.Builder().url(server.url("/doc").toString())
        .header("Accept", "text/plain").header("X-Trace", "first").build();
    try (Response stored = client.newCall(first).execute()) {
      stored.body().string();
    }
    Request second = first.newBuilder().header("X-Trace", "second").build();
    try (Response revalidated = client.newCall(second).execute()) {
      assertThat(revalidated.body().string()).isEqualTo("v1");
      assertThat(revalidated.networkResponse().request().header("If-None-Match"))
          .isEqualTo("\"v1\"");
      assertThat(revalidated.cacheResponse().request().headers())
          .isEqualTo(Headers.of("Accept", "text/plain"));
    }
  }
}
