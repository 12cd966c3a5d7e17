package dev.courier;

import static dev.courier.CacheTest.ok;
import static dev.courier.CacheTest.response;
import static dev.courier.CacheTest.secondsAgo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared cache (RFC 9111 §3.5, §5.2.2) serves every caller of a client, so it must not hand
 * one caller's response to another: {@code private} is never stored, responses to requests with
 * {@code Authorization} or {@code Cookie} only when the server says they may be shared, and
 * {@code s-maxage} and {@code proxy-revalidate} apply. Each rule is checked in both modes, since
 * a private cache (the engine's default) must keep behaving as one.
 */
class SharedCacheTest {
  @TempDir
  Path directory;
  private final MockWebServer server = new MockWebServer();
  private CourierClient shared;
  private CourierClient privateClient;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    shared = new CourierClient.Builder()
        .cache(new Cache.Builder(directory.resolve("shared"), 1024 * 1024).shared(true).build())
        .build();
    privateClient = new CourierClient.Builder()
        .cache(new Cache(directory.resolve("private"), 1024 * 1024))
        .build();
  }

  @AfterEach
  void tearDown() {
    shared.close();
    privateClient.close();
    server.close();
  }

  @Test
  void cacheIsPrivateUnlessBuiltShared() {
    assertThat(privateClient.cache().isShared()).isFalse();
    assertThat(new Cache.Builder(directory, 1).build().isShared()).isFalse();
    assertThat(shared.cache().isShared()).isTrue();
    assertThat(shared.cache()).hasToString(
        "Cache{directory=" + directory.resolve("shared") + ", maxSize=1048576, shared}");
    assertThatThrownBy(() -> new Cache.Builder(null, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("directory == null");
    assertThatThrownBy(() -> new Cache.Builder(directory, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSize <= 0: 0");
  }

  @Test
  void privateResponseToAliceIsNotServedToBobOrToAnonymousCallers() throws Exception {
    server.enqueue(ok("alice's", "Cache-Control: private, max-age=60"));
    server.enqueue(ok("bob's", "Cache-Control: private, max-age=60"));
    server.enqueue(ok("anonymous", "Cache-Control: private, max-age=60"));

    assertThat(body(shared, get("/me").header("Authorization", "Bearer alice"))).isEqualTo("alice's");
    assertThat(body(shared, get("/me").header("Authorization", "Bearer bob"))).isEqualTo("bob's");
    assertThat(body(shared, get("/me"))).isEqualTo("anonymous");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(shared.cache().size()).isZero();
  }

  @Test
  void privateCacheStoresPrivateResponses() throws Exception {
    server.enqueue(ok("mine", "Cache-Control: private, max-age=60"));
    assertThat(body(privateClient, get("/me"))).isEqualTo("mine");
    assertThat(body(privateClient, get("/me"))).isEqualTo("mine");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void responseToAuthorizedRequestIsStoredOnlyWhenTheServerAllowsSharing() throws Exception {
    // RFC 9111 §3.5: must-revalidate, public or s-maxage let a shared cache store it.
    assertSharedReuse("max-age=60", false);
    assertSharedReuse("public, max-age=60", true);
    assertSharedReuse("s-maxage=60", true);
    assertSharedReuse("must-revalidate, max-age=60", true);
  }

  @Test
  void privateCacheStoresResponsesToAuthorizedRequests() throws Exception {
    server.enqueue(ok("secret", "Cache-Control: max-age=60"));
    assertThat(body(privateClient, get("/a").header("Authorization", "Bearer alice")))
        .isEqualTo("secret");
    assertThat(body(privateClient, get("/a").header("Authorization", "Bearer alice")))
        .isEqualTo("secret");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void responseToRequestWithCookieIsStoredOnlyWhenPublicOrWithSMaxAge() throws Exception {
    assertCookieReuse("max-age=60", false);
    assertCookieReuse("must-revalidate, max-age=60", false);
    assertCookieReuse("public, max-age=60", true);
    assertCookieReuse("s-maxage=60", true);
  }

  @Test
  void responseWithoutCookieOrAuthorizationIsSharedAsUsual() throws Exception {
    server.enqueue(ok("everyone's", "Cache-Control: max-age=60"));
    assertThat(body(shared, get("/all"))).isEqualTo("everyone's");
    assertThat(body(shared, get("/all").header("Authorization", "Bearer bob")))
        .isEqualTo("everyone's");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void sMaxAgeOverridesMaxAgeInASharedCacheOnly() throws Exception {
    server.enqueue(ok("short", "Cache-Control: max-age=3600, s-maxage=0"));
    server.enqueue(ok("short again", "Cache-Control: max-age=3600, s-maxage=0"));
    assertThat(body(shared, get("/short"))).isEqualTo("short");
    assertThat(body(shared, get("/short"))).isEqualTo("short again");

    server.enqueue(ok("long", "Cache-Control: max-age=0, s-maxage=3600",
        "Expires: " + secondsAgo(60)));
    assertThat(body(shared, get("/long"))).isEqualTo("long");
    assertThat(body(shared, get("/long"))).isEqualTo("long");

    server.enqueue(ok("private long", "Cache-Control: max-age=3600, s-maxage=0"));
    assertThat(body(privateClient, get("/private"))).isEqualTo("private long");
    assertThat(body(privateClient, get("/private"))).isEqualTo("private long");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void proxyRevalidateForbidsStaleResponsesInASharedCacheOnly() throws Exception {
    String[] stale = {"Cache-Control: max-age=60, proxy-revalidate", "Date: " + secondsAgo(120)};
    server.enqueue(ok("first", stale));
    server.enqueue(ok("second", stale));
    assertThat(body(shared, get("/p"))).isEqualTo("first");
    assertThat(body(shared, acceptingStale("/p"))).isEqualTo("second");

    server.enqueue(ok("private first", stale));
    assertThat(body(privateClient, get("/p"))).isEqualTo("private first");
    assertThat(body(privateClient, acceptingStale("/p"))).isEqualTo("private first");
  }

  @Test
  void sMaxAgeImpliesProxyRevalidate() throws Exception {
    server.enqueue(ok("first", "Cache-Control: s-maxage=60, stale-if-error=3600",
        "Date: " + secondsAgo(120)));
    server.enqueue(response(503, "down"));
    server.enqueue(ok("third", "Cache-Control: s-maxage=60", "Date: " + secondsAgo(120)));
    assertThat(body(shared, get("/s"))).isEqualTo("first");
    try (Response failed = shared.newCall(get("/s").build()).execute()) {
      assertThat(failed.code()).isEqualTo(503); // Not the stale copy, despite stale-if-error.
    }
    assertThat(body(shared, acceptingStale("/s"))).isEqualTo("third");
  }

  /**
   * Asks for a fresh path as alice, then as bob; the server answers each with their name and
   * {@code cacheControl}. Asserts whether bob got alice's stored response.
   */
  private void assertSharedReuse(String cacheControl, boolean reused) throws Exception {
    assertReuse("Authorization", "Bearer ", cacheControl, reused);
  }

  private void assertCookieReuse(String cacheControl, boolean reused) throws Exception {
    assertReuse("Cookie", "session=", cacheControl, reused);
  }

  private void assertReuse(String field, String prefix, String cacheControl, boolean reused)
      throws Exception {
    String path = "/" + field + "/" + cacheControl.replaceAll("[^a-z0-9]", "");
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String who = request.getHeaders().get(field).substring(prefix.length());
        return ok("for " + who, "Cache-Control: " + cacheControl);
      }
    });
    assertThat(body(shared, get(path).header(field, prefix + "alice"))).isEqualTo("for alice");
    assertThat(body(shared, get(path).header(field, prefix + "bob")))
        .as(field + " with " + cacheControl).isEqualTo(reused ? "for alice" : "for bob");
  }

  private Request acceptingStale(String path) {
    return get(path)
        .cacheControl(new CacheControl.Builder().maxStale(Duration.ofHours(1)).build())
        .build();
  }

  private Request.Builder get(String path) {
    return new Request.Builder().url(server.url(path).toString());
  }

  private static String body(CourierClient client, Request.Builder request) throws IOException {
    return body(client, request.build());
  }

  private static String body(CourierClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }
}
