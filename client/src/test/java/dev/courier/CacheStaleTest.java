package dev.courier;

import static dev.courier.CacheTest.ok;
import static dev.courier.CacheTest.response;
import static dev.courier.CacheTest.secondsAgo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RawServer;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving stale responses per RFC 5861: {@code stale-while-revalidate}, which answers from the
 * cache and refreshes it with a background call on the dispatcher, and {@code stale-if-error},
 * which answers from the cache when the server fails. Stored responses are made stale by a
 * {@code Date} in the past, so no test waits for time to pass.
 */
class CacheStaleTest {
  @TempDir
  Path directory;
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingEventListener listener = courier.eventListener();
  private Cache cache;
  private CourierClient client;

  @BeforeEach
  void setUp() {
    cache = new Cache(directory, 10L * 1024 * 1024);
    client = courier.newClient(builder -> builder.cache(cache));
  }

  @Test
  void staleWhileRevalidateAnswersAtOnceAndRevalidatesInTheBackground() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60, stale-while-revalidate=3600",
        "Date: " + secondsAgo(120), "ETag: \"v1\""));
    assertThat(getBody("/")).isEqualTo("A");

    server.enqueue(new MockResponse.Builder().code(304)
        .addHeader("Date", secondsAgo(0))
        .addHeader("Cache-Control", "max-age=60, stale-while-revalidate=3600")
        .addHeader("X-Refreshed", "yes")
        .build());
    CountDownLatch idle = new CountDownLatch(1);
    client.dispatcher().setIdleCallback(idle::countDown);
    listener.clear();
    try (Response stale = get("/")) {
      assertThat(stale.body().string()).isEqualTo("A");
      assertThat(stale.networkResponse()).isNull();
      assertThat(stale.cacheResponse()).isNotNull();
      assertThat(Long.parseLong(stale.header("Age"))).isGreaterThanOrEqualTo(120);
    }
    assertThat(idle.await(10, TimeUnit.SECONDS)).isTrue();
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("\"v1\"");

    try (Response refreshed = get("/")) {
      assertThat(refreshed.body().string()).isEqualTo("A");
      assertThat(refreshed.header("X-Refreshed")).isEqualTo("yes");
      assertThat(refreshed.networkResponse()).isNull();
      assertThat(Long.parseLong(refreshed.header("Age"))).isLessThan(60);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(cache.requestCount()).isEqualTo(3);
    assertThat(cache.networkCount()).isEqualTo(2);
    assertThat(cache.hitCount()).isEqualTo(2);
  }

  @Test
  void backgroundRevalidationStoresANewResponse() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60, stale-while-revalidate=3600",
        "Date: " + secondsAgo(120)));
    assertThat(getBody("/")).isEqualTo("A");
    server.enqueue(ok("B", "Cache-Control: max-age=60"));
    CountDownLatch idle = new CountDownLatch(1);
    client.dispatcher().setIdleCallback(idle::countDown);
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(idle.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(getBody("/")).isEqualTo("B");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void backgroundRevalidationRunsTheNetworkInterceptorsButNotTheApplicationOnes()
      throws Exception {
    AtomicInteger application = new AtomicInteger();
    AtomicInteger network = new AtomicInteger();
    client = client.newBuilder()
        .addInterceptor(chain -> {
          application.incrementAndGet();
          return chain.proceed(chain.request());
        })
        .addNetworkInterceptor(chain -> {
          network.incrementAndGet();
          return chain.proceed(chain.request());
        })
        .build();
    server.enqueue(ok("A", "Cache-Control: max-age=60, stale-while-revalidate=3600",
        "Date: " + secondsAgo(120), "ETag: \"v1\""));
    server.enqueue(new MockResponse.Builder().code(304).addHeader("Date", secondsAgo(0)).build());
    assertThat(getBody("/")).isEqualTo("A");
    CountDownLatch idle = new CountDownLatch(1);
    client.dispatcher().setIdleCallback(idle::countDown);
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(idle.await(10, TimeUnit.SECONDS)).isTrue();

    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo("\"v1\"");
    // Application interceptors shaped the request of the call that was served stale; the
    // revalidation goes to the network, so network interceptors see it.
    assertThat(application).hasValue(2);
    assertThat(network).hasValue(2);
  }

  @Test
  void onlyOneBackgroundRevalidationPerUrlAtATime() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger revalidations = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getHeaders().get("If-None-Match") == null) {
          return ok("A", "Cache-Control: max-age=60, stale-while-revalidate=3600",
              "Date: " + secondsAgo(120), "ETag: \"v1\"");
        }
        revalidations.incrementAndGet();
        release.await(10, TimeUnit.SECONDS); // Holds the revalidation open.
        return new MockResponse.Builder().code(304).build();
      }
    });
    assertThat(getBody("/")).isEqualTo("A");
    CountDownLatch idle = new CountDownLatch(1);
    client.dispatcher().setIdleCallback(idle::countDown);
    for (int i = 0; i < 3; i++) assertThat(getBody("/")).isEqualTo("A");
    release.countDown();
    assertThat(idle.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(revalidations.get()).isEqualTo(1);
  }

  @Test
  void beyondTheStaleWhileRevalidateWindowTheCallWaitsForValidation() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60, stale-while-revalidate=30",
        "Date: " + secondsAgo(120), "ETag: \"v1\""));
    server.enqueue(new MockResponse.Builder().code(304).build());
    assertThat(getBody("/")).isEqualTo("A");
    try (Response validated = get("/")) {
      assertThat(validated.body().string()).isEqualTo("A");
      assertThat(validated.networkResponse().code()).isEqualTo(304);
    }
    assertThat(client.dispatcher().runningCallsCount()).isZero();
  }

  @Test
  void staleIfErrorServesTheStoredResponseWhenTheServerFails() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60, stale-if-error=3600",
        "Date: " + secondsAgo(120)));
    server.enqueue(response(503, "busy"));
    assertThat(getBody("/")).isEqualTo("A");
    listener.clear();
    try (Response stale = get("/")) {
      assertThat(stale.code()).isEqualTo(200);
      assertThat(stale.body().string()).isEqualTo("A");
      assertThat(stale.cacheResponse()).isNotNull();
      assertThat(stale.networkResponse().code()).isEqualTo(503);
      assertThat(Long.parseLong(stale.header("Age"))).isGreaterThanOrEqualTo(120);
    }
    assertThat(listener.events()).contains("cacheMiss", "cacheHit");
    assertThat(cache.hitCount()).isEqualTo(1);
  }

  @Test
  void staleIfErrorServesTheStoredResponseWhenTheNetworkFails() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60, stale-if-error=3600",
        "Date: " + secondsAgo(120), "ETag: \"v1\""));
    assertThat(getBody("/")).isEqualTo("A");
    server.close(); // Connections are refused from now on.
    try (Response stale = get("/")) {
      assertThat(stale.body().string()).isEqualTo("A");
      assertThat(stale.networkResponse()).isNull();
      assertThat(stale.cacheResponse()).isNotNull();
    }
  }

  @Test
  void staleIfErrorAfterAFailedExchangeReleasesItsConnection() throws Exception {
    try (RawServer raw = new RawServer()) {
      raw.enqueue("HTTP/1.1 200 OK\r\nCache-Control: max-age=60, stale-if-error=3600\r\n"
          + "Date: " + secondsAgo(120) + "\r\nContent-Length: 1\r\n\r\nA");
      raw.enqueueAndClose(""); // Reads the request, then hangs up without answering.
      String url = raw.url("/");
      assertThat(bodyOf(new Request.Builder().url(url).build())).isEqualTo("A");
      listener.clear();
      try (Response stale = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertThat(stale.body().string()).isEqualTo("A");
        assertThat(stale.cacheResponse()).isNotNull();
      }
      assertThat(listener.events()).contains("responseFailed", "cacheHit", "connectionReleased")
          .endsWith("callEnd");
      assertThat(client.connectionPool().connectionCount()).isZero();
    }
  }

  @Test
  void staleIfErrorFromTheRequest() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60", "Date: " + secondsAgo(120)));
    server.enqueue(response(500, "oops"));
    assertThat(getBody("/")).isEqualTo("A");
    Request tolerant = new Request.Builder().url(server.url("/").toString())
        .header("Cache-Control", "stale-if-error=3600").build();
    try (Response stale = client.newCall(tolerant).execute()) {
      assertThat(stale.body().string()).isEqualTo("A");
    }
  }

  @Test
  void errorsAreReturnedOutsideTheStaleIfErrorWindow() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60, stale-if-error=30",
        "Date: " + secondsAgo(120)));
    server.enqueue(ok("B", "Cache-Control: max-age=60, stale-if-error=3600, must-revalidate",
        "Date: " + secondsAgo(120)));
    server.enqueue(ok("C", "Cache-Control: max-age=60", "Date: " + secondsAgo(120)));
    server.enqueue(response(503, "busy"));
    server.enqueue(response(503, "busy"));
    server.enqueue(response(503, "busy"));
    assertThat(getBody("/a")).isEqualTo("A");
    assertThat(getBody("/b")).isEqualTo("B");
    assertThat(getBody("/c")).isEqualTo("C");
    for (String path : new String[] {"/a", "/b", "/c"}) {
      try (Response response = get(path)) {
        assertThat(response.code()).as(path).isEqualTo(503);
        assertThat(response.body().string()).isEqualTo("busy");
      }
    }
    server.close();
    assertThatThrownBy(() -> get("/c")).isInstanceOf(IOException.class);
  }

  private Response get(String path) throws IOException {
    return client.newCall(new Request.Builder().url(server.url(path).toString()).build())
        .execute();
  }

  private String getBody(String path) throws IOException {
    try (Response response = get(path)) {
      return response.body().string();
    }
  }

  private String bodyOf(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }
}
