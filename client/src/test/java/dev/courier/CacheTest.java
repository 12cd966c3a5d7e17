package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.courier.internal.http.HttpDates;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.RawServer;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response cache seen from a caller, against a real server: what is stored and served, what
 * the server sees, how responses report where they came from, and the cache's counts and events.
 * Stale responses (RFC 5861) are in {@link CacheStaleTest}, faults (crashes, damaged files,
 * unusable directories) in {@link CacheFaultTest}, and the freshness arithmetic with a clock the
 * test controls in {@code CacheStrategyTest}.
 */
class CacheTest {
  @TempDir
  Path directory;
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingEventListener listener = courier.eventListener();
  private Cache cache;
  private CourierClient client;

  @BeforeEach
  void setUp() {
    cache = new Cache(directory.resolve("http"), 10L * 1024 * 1024);
    client = courier.newClient(builder -> builder.cache(cache));
  }

  @Test
  void freshResponseIsServedFromTheCache() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60"));

    try (Response first = get("/")) {
      assertThat(first.body().string()).isEqualTo("A");
      assertThat(first.networkResponse()).isNotNull();
      assertThat(first.cacheResponse()).isNull();
    }
    try (Response second = get("/")) {
      assertThat(second.body().string()).isEqualTo("A");
      assertThat(second.code()).isEqualTo(200);
      assertThat(second.networkResponse()).isNull();
      assertThat(second.cacheResponse()).isNotNull();
      assertThat(second.cacheResponse().body()).isNull();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertCounts(2, 1, 1, 0);
    assertThat(cacheEvents()).containsExactly("cacheMiss", "cacheHit");
    assertThat(cache.urls()).toIterable().containsExactly(url("/"));
  }

  @Test
  void servedResponseCarriesItsAgeIncludingTimeSinceTheServerSentIt() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=3600", "Age: 100",
        "Date: " + secondsAgo(30)));
    assertThat(getBody("/")).isEqualTo("A");
    try (Response cached = get("/")) {
      // The server's Age, or its Date, whichever says older: 100 s plus the transfer time.
      assertThat(Long.parseLong(cached.header("Age"))).isBetween(100L, 160L);
    }
    server.enqueue(ok("B", "Cache-Control: max-age=3600", "Date: " + secondsAgo(30)));
    assertThat(getBody("/dated")).isEqualTo("B");
    try (Response cached = get("/dated")) {
      assertThat(Long.parseLong(cached.header("Age"))).isBetween(30L, 90L);
    }
  }

  @Test
  void bodyIsCachedWhileTheCallerReadsIt() throws Exception {
    String large = "abcdefghij".repeat(100_000);
    server.enqueue(ok(large, "Cache-Control: max-age=60"));
    try (Response response = get("/")) {
      assertThat(response.body().source().readUtf8(500_000)).isEqualTo(large.substring(0, 500_000));
      assertThat(response.body().source().readUtf8()).isEqualTo(large.substring(500_000));
    }
    assertThat(getBody("/")).isEqualTo(large);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(cache.writeSuccessCount()).isEqualTo(1);
  }

  @Test
  void responseClosedWithoutReadingIsStoredIfTheRestArrivesPromptly() throws Exception {
    try (RawServer raw = new RawServer()) { // Sends each response in one write.
      raw.enqueue("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 6\r\n\r\n"
          + "unread");
      client.newCall(new Request.Builder().url(raw.url("/")).build()).execute().close();
      assertThat(bodyOf(new Request.Builder().url(raw.url("/")).build())).isEqualTo("unread");
      assertThat(cache.writeSuccessCount()).isEqualTo(1);
      assertThat(cache.hitCount()).isEqualTo(1);
    }
  }

  @Test
  void conditionalGetWith304MergesHeadersIntoTheStoredResponse() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=0", "ETag: \"v1\"", "X-Old: kept",
        "X-Replaced: old", "Content-Type: text/plain"));
    server.enqueue(new MockResponse.Builder().code(304)
        .addHeader("ETag", "\"v1\"")
        .addHeader("Cache-Control", "max-age=60")
        .addHeader("X-Replaced", "new")
        .addHeader("X-New", "added")
        .addHeader("Content-Type", "text/html; charset=utf-8")
        .addHeader("Content-Encoding", "br")
        .addHeader("Connection", "X-Hop")
        .addHeader("X-Hop", "hop-by-hop")
        .build());

    assertThat(getBody("/")).isEqualTo("A");
    try (Response validated = get("/")) {
      assertThat(validated.code()).isEqualTo(200);
      assertThat(validated.body().string()).isEqualTo("A");
      assertThat(validated.cacheResponse()).isNotNull();
      assertThat(validated.networkResponse().code()).isEqualTo(304);
      assertThat(validated.header("X-Old")).isEqualTo("kept");
      assertThat(validated.headers("X-Replaced")).containsExactly("new");
      assertThat(validated.header("X-New")).isEqualTo("added");
      assertThat(validated.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(validated.header("Content-Encoding")).isNull(); // Describes bytes not resent.
      assertThat(validated.header("Content-Length")).isEqualTo("1");
      assertThat(validated.header("X-Hop")).isNull();
    }
    RecordedRequest conditional = takeSecondRequest();
    assertThat(conditional.getHeaders().get("If-None-Match")).isEqualTo("\"v1\"");

    // The merged headers were stored: max-age=60 now makes the response fresh.
    try (Response cached = get("/")) {
      assertThat(cached.body().string()).isEqualTo("A");
      assertThat(cached.networkResponse()).isNull();
      assertThat(cached.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(cached.header("X-New")).isEqualTo("added");
      assertThat(cached.header("X-Hop")).isNull();
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertCounts(3, 2, 2, 1);
    assertThat(cacheEvents())
        .containsExactly("cacheMiss", "cacheConditionalHit", "cacheHit", "cacheHit");
  }

  @Test
  void conditionalGetUsesLastModified() throws Exception {
    String lastModified = secondsAgo(3600);
    server.enqueue(ok("A", "Cache-Control: max-age=0", "Last-Modified: " + lastModified));
    server.enqueue(new MockResponse.Builder().code(304).build());
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(takeSecondRequest().getHeaders().get("If-Modified-Since")).isEqualTo(lastModified);
  }

  @Test
  void conditionalGetAnsweredWithAFullResponseReplacesTheEntry() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=0", "ETag: \"v1\""));
    server.enqueue(ok("B", "Cache-Control: max-age=60", "ETag: \"v2\""));
    assertThat(getBody("/")).isEqualTo("A");
    try (Response replaced = get("/")) {
      assertThat(replaced.body().string()).isEqualTo("B");
      assertThat(replaced.cacheResponse()).isNotNull();
      assertThat(replaced.networkResponse().code()).isEqualTo(200);
    }
    assertThat(getBody("/")).isEqualTo("B");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(cacheEvents())
        .containsExactly("cacheMiss", "cacheConditionalHit", "cacheMiss", "cacheHit");
  }

  @Test
  void invalidAgeMakesAFreshLookingResponseStale() throws Exception {
    for (String age : new String[] {"-5", "1.5", "10s", "x, 10"}) {
      String path = "/" + age.hashCode();
      server.enqueue(ok("A", "Cache-Control: max-age=3600", "ETag: \"v1\"", "Age: " + age));
      server.enqueue(new MockResponse.Builder().code(304).build());
      assertThat(getBody(path)).isEqualTo("A");
      try (Response second = get(path)) {
        assertThat(second.body().string()).isEqualTo("A");
        assertThat(second.networkResponse()).as(age).isNotNull();
      }
    }
  }

  @Test
  void noStoreInTheResponseOrTheRequestIsNotStored() throws Exception {
    server.enqueue(ok("A", "Cache-Control: no-store, max-age=60"));
    server.enqueue(ok("B", "Cache-Control: max-age=60"));
    server.enqueue(ok("C", "Cache-Control: max-age=60"));
    assertThat(getBody("/")).isEqualTo("A");
    Request noStore = new Request.Builder().url(url("/")).header("Cache-Control", "no-store")
        .build();
    try (Response response = client.newCall(noStore).execute()) {
      assertThat(response.body().string()).isEqualTo("B");
    }
    assertThat(getBody("/")).isEqualTo("C");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void noCacheResponseIsRevalidatedEachTime() throws Exception {
    server.enqueue(ok("A", "Cache-Control: no-cache, max-age=3600", "ETag: \"v1\""));
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(cache.conditionalHitCount()).isEqualTo(2);
  }

  @Test
  void requestDirectivesForceValidation() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=3600", "ETag: \"v1\""));
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    assertThat(getBody("/")).isEqualTo("A");
    Request forceNetwork = new Request.Builder().url(url("/"))
        .cacheControl(CacheControl.FORCE_NETWORK).build();
    Request maxAgeZero = new Request.Builder().url(url("/")).header("Cache-Control", "max-age=0")
        .build();
    for (Request request : List.of(forceNetwork, maxAgeZero)) {
      try (Response response = client.newCall(request).execute()) {
        assertThat(response.body().string()).isEqualTo("A");
        assertThat(response.networkResponse().code()).isEqualTo(304);
      }
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void maxStaleAcceptsAStaleResponseUnlessItMustRevalidate() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60", "Date: " + secondsAgo(120)));
    server.enqueue(ok("B", "Cache-Control: max-age=60, must-revalidate",
        "Date: " + secondsAgo(120)));
    server.enqueue(ok("B2", "Cache-Control: max-age=60"));
    assertThat(getBody("/a")).isEqualTo("A");
    assertThat(getBody("/b")).isEqualTo("B");
    CacheControl maxStale = new CacheControl.Builder().maxStale(java.time.Duration.ofMinutes(5))
        .build();
    assertThat(bodyOf(new Request.Builder().url(url("/a")).cacheControl(maxStale).build()))
        .isEqualTo("A");
    assertThat(bodyOf(new Request.Builder().url(url("/b")).cacheControl(maxStale).build()))
        .isEqualTo("B2");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void onlyIfCachedWithNothingStoredIsA504WithoutTheNetwork() throws Exception {
    Request request = new Request.Builder().url(url("/")).cacheControl(CacheControl.FORCE_CACHE)
        .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(504);
      assertThat(response.body().string()).isEmpty();
      assertThat(response.networkResponse()).isNull();
      assertThat(response.cacheResponse()).isNull();
    }
    assertThat(server.getRequestCount()).isZero();
    assertThat(cacheEvents()).containsExactly("satisfactionFailure");
  }

  @Test
  void forceCacheServesAStaleResponse() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60", "Date: " + secondsAgo(3600)));
    assertThat(getBody("/")).isEqualTo("A");
    Request request = new Request.Builder().url(url("/")).cacheControl(CacheControl.FORCE_CACHE)
        .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("A");
      assertThat(Long.parseLong(response.header("Age"))).isGreaterThanOrEqualTo(3600);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void privateResponsesAreCachedByThisPrivateCache() throws Exception {
    server.enqueue(ok("A", "Cache-Control: private, max-age=60"));
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void immutableResponseIsNotRevalidatedOnReload() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=3600, immutable"));
    assertThat(getBody("/")).isEqualTo("A");
    Request reload = new Request.Builder().url(url("/")).header("Cache-Control", "max-age=0")
        .build();
    assertThat(bodyOf(reload)).isEqualTo("A");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void malformedCacheControlIsReadLeniently() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=\"60\", x-unknown, x-list=\"a, no-store\""));
    server.enqueue(ok("B", "Cache-Control: max-age=60s", "ETag: \"b\""));
    server.enqueue(ok("B2"));
    assertThat(getBody("/a")).isEqualTo("A");
    assertThat(getBody("/a")).isEqualTo("A");
    assertThat(getBody("/b")).isEqualTo("B");
    assertThat(getBody("/b")).isEqualTo("B2"); // An invalid max-age means stale, not fresh.
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void expiresInThePastOrInvalidIsStale() throws Exception {
    server.enqueue(ok("A", "Expires: " + secondsAgo(60), "ETag: \"a\""));
    server.enqueue(ok("B", "Expires: 0", "ETag: \"b\""));
    server.enqueue(ok("A2"));
    server.enqueue(ok("B2"));
    assertThat(getBody("/a")).isEqualTo("A");
    assertThat(getBody("/b")).isEqualTo("B");
    assertThat(getBody("/a")).isEqualTo("A2");
    assertThat(getBody("/b")).isEqualTo("B2");
  }

  @Test
  void lastModifiedGivesHeuristicFreshnessButNotWithAQuery() throws Exception {
    String lastModified = secondsAgo(100L * 24 * 3600);
    server.enqueue(ok("A", "Last-Modified: " + lastModified, "Date: " + secondsAgo(0)));
    server.enqueue(ok("Q", "Last-Modified: " + lastModified, "Date: " + secondsAgo(0)));
    server.enqueue(new MockResponse.Builder().code(304).build());
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(getBody("/?q=1")).isEqualTo("Q");
    assertThat(getBody("/?q=1")).isEqualTo("Q");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void heuristicallyCacheableStatusesAreStoredWithoutExplicitFreshness() throws Exception {
    client = client.newBuilder().followRedirects(false).build();
    String lastModified = secondsAgo(100L * 24 * 3600);
    for (int code : new int[] {200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501}) {
      assertStoredAndServed(code, "Last-Modified: " + lastModified);
    }
    for (int code : new int[] {302, 303, 307, 400, 403, 500, 503}) {
      assertNotStored(code, "Last-Modified: " + lastModified);
    }
  }

  @Test
  void anyFinalStatusWithExplicitFreshnessIsStored() throws Exception {
    client = client.newBuilder().followRedirects(false).build();
    for (int code : new int[] {204, 302, 307, 400, 403, 404, 500, 502, 503}) {
      assertStoredAndServed(code, "Cache-Control: max-age=60");
    }
    assertStoredAndServed(500, "Expires: " + HttpDates.format(Instant.now().plusSeconds(60)));
  }

  @Test
  void partialContentAndHeadAreNotStored() throws Exception {
    assertNotStored(206, "Cache-Control: max-age=60", "Content-Range: bytes 0-1/10");
    server.enqueue(ok("", "Cache-Control: max-age=60"));
    server.enqueue(ok("", "Cache-Control: max-age=60"));
    Request head = new Request.Builder().url(url("/head")).head().build();
    client.newCall(head).execute().close();
    client.newCall(head).execute().close();
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void varyMatchesOnlyTheSameRequestHeaderValues() throws Exception {
    server.enqueue(ok("en", "Cache-Control: max-age=60", "Vary: Accept-Language"));
    server.enqueue(ok("fr", "Cache-Control: max-age=60", "Vary: Accept-Language"));
    server.enqueue(ok("none", "Cache-Control: max-age=60", "Vary: Accept-Language"));
    assertThat(bodyOf(withHeader("/", "Accept-Language", "en"))).isEqualTo("en");
    assertThat(bodyOf(withHeader("/", "Accept-Language", "en"))).isEqualTo("en");
    assertThat(bodyOf(withHeader("/", "Accept-Language", "fr"))).isEqualTo("fr");
    assertThat(getBody("/")).isEqualTo("none");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void varyComparesValuesAfterNormalisingWhitespaceAndOrder() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60", "Vary: Accept, accept-language"));
    Request first = new Request.Builder().url(url("/"))
        .header("Accept", "text/html;q=0.9, application/json")
        .header("Accept-Language", "en,  fr").build();
    assertThat(bodyOf(first)).isEqualTo("A");
    Request reordered = new Request.Builder().url(url("/"))
        .header("Accept", "application/json,text/html ; q=0.9")
        .addHeader("Accept-Language", "fr")
        .addHeader("Accept-Language", "en").build();
    assertThat(bodyOf(reordered)).isEqualTo("A");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void varyStarIsNeverStored() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60", "Vary: *"));
    server.enqueue(ok("B", "Cache-Control: max-age=60", "Vary: *"));
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(getBody("/")).isEqualTo("B");
  }

  @Test
  void unsafeMethodsInvalidateTheUrlAndSameOriginLocations() throws Exception {
    for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE", "PURGE"}) {
      listener.clear();
      cache.evictAll();
      cacheForever("/a", "/b", "/c", "/d");
      server.enqueue(new MockResponse.Builder().code(201)
          .addHeader("Location", "/b")
          .addHeader("Content-Location", url("/c"))
          .build());
      RequestBody body = method.equals("DELETE") || method.equals("PURGE") ? null
          : RequestBody.create("x", MediaType.get("text/plain"));
      client.newCall(new Request.Builder().url(url("/a")).method(method, body).build())
          .execute().close();
      assertThat(cache.urls()).toIterable().as(method).containsExactly(url("/d"));
    }
  }

  @Test
  void crossOriginLocationIsNotInvalidated() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      other.enqueue(ok("other", "Cache-Control: max-age=60"));
      String otherUrl = other.url("/x").toString();
      assertThat(bodyOf(new Request.Builder().url(otherUrl).build())).isEqualTo("other");
      server.enqueue(new MockResponse.Builder().code(200).addHeader("Location", otherUrl)
          .addHeader("Content-Location", otherUrl).build());
      client.newCall(new Request.Builder().url(url("/a"))
          .post(RequestBody.create("x", MediaType.get("text/plain"))).build()).execute().close();
      assertThat(cache.urls()).toIterable().containsExactly(otherUrl);
    }
  }

  @Test
  void errorResponsesToUnsafeMethodsDoNotInvalidate() throws Exception {
    cacheForever("/a");
    for (int code : new int[] {400, 404, 409, 500, 503}) {
      server.enqueue(new MockResponse.Builder().code(code).build());
      client.newCall(new Request.Builder().url(url("/a"))
          .post(RequestBody.create("x", MediaType.get("text/plain"))).build()).execute().close();
    }
    assertThat(cache.urls()).toIterable().containsExactly(url("/a"));
  }

  @Test
  void applicationsConditionalRequestIsAnsweredFromAFreshEntry() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60", "ETag: \"v1\"",
        "Content-Type: text/plain"));
    assertThat(getBody("/")).isEqualTo("A");
    try (Response notModified = client.newCall(withHeader("/", "If-None-Match", "\"v1\""))
        .execute()) {
      assertThat(notModified.code()).isEqualTo(304);
      assertThat(notModified.body().string()).isEmpty();
      assertThat(notModified.header("ETag")).isEqualTo("\"v1\"");
      assertThat(notModified.header("Content-Type")).isNull();
      assertThat(notModified.cacheResponse()).isNotNull();
      assertThat(notModified.networkResponse()).isNull();
    }
    assertThat(bodyOf(withHeader("/", "If-None-Match", "\"v0\""))).isEqualTo("A");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(cacheEvents()).containsExactly("cacheMiss", "cacheHit", "cacheHit");
  }

  @Test
  void applicationsConditionalRequestOnAStaleEntryGoesToTheServerAsIs() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=0", "ETag: \"v1\""));
    server.enqueue(new MockResponse.Builder().code(304).addHeader("ETag", "\"v1\"")
        .addHeader("Cache-Control", "max-age=60").build());
    assertThat(getBody("/")).isEqualTo("A");
    try (Response response = client.newCall(withHeader("/", "If-None-Match", "\"v1\""))
        .execute()) {
      assertThat(response.code()).isEqualTo(304);
    }
    assertThat(takeSecondRequest().getHeaders().values("If-None-Match"))
        .containsExactly("\"v1\"");
    // The 304 named our entity tag, so it refreshed our copy too.
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void connectionListedFieldsAndCookiesAreNotStored() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60", "Connection: X-Hop, keep-alive",
        "X-Hop: one hop", "Set-Cookie: session=secret", "X-Kept: yes"));
    try (Response network = get("/")) {
      assertThat(network.header("X-Hop")).isEqualTo("one hop");
      network.body().string();
    }
    try (Response cached = get("/")) {
      assertThat(cached.header("X-Hop")).isNull();
      assertThat(cached.header("Set-Cookie")).isNull();
      assertThat(cached.header("Connection")).isNull();
      assertThat(cached.header("X-Kept")).isEqualTo("yes");
    }
  }

  @Test
  void gzippedResponseIsStoredCompressedAndServedDecompressed() throws Exception {
    Buffer gzipped = new Buffer();
    try (BufferedSink sink = Okio.buffer(new GzipSink(gzipped))) {
      sink.writeUtf8("compressed ".repeat(100));
    }
    server.enqueue(new MockResponse.Builder().addHeader("Cache-Control", "max-age=60")
        .addHeader("Content-Encoding", "gzip").body(gzipped).build());
    assertThat(getBody("/")).isEqualTo("compressed ".repeat(100));
    try (Response cached = get("/")) {
      assertThat(cached.header("Content-Encoding")).isNull();
      assertThat(cached.body().string()).isEqualTo("compressed ".repeat(100));
      assertThat(cached.cacheResponse().header("Content-Encoding")).isEqualTo("gzip");
    }
    assertThat(cache.size()).isLessThan(1000);
  }

  @Test
  void cachedRedirectIsFollowedFromTheCache() throws Exception {
    try (RawServer raw = new RawServer()) {
      // The redirect's body is closed unread by the redirect follower, and still stored.
      raw.enqueue("HTTP/1.1 301 Moved Permanently\r\nLocation: /b\r\n"
          + "Cache-Control: max-age=60\r\nContent-Length: 5\r\n\r\nmoved");
      raw.enqueue("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 1\r\n\r\nB");
      assertThat(bodyOf(new Request.Builder().url(raw.url("/a")).build())).isEqualTo("B");
      try (Response again = client.newCall(new Request.Builder().url(raw.url("/a")).build())
          .execute()) {
        assertThat(again.body().string()).isEqualTo("B");
        assertThat(again.priorResponse().code()).isEqualTo(301);
        assertThat(again.priorResponse().cacheResponse()).isNotNull();
        assertThat(again.cacheResponse()).isNotNull();
      }
      assertThat(cache.hitCount()).isEqualTo(2);
      assertThat(cache.networkCount()).isEqualTo(2);
    }
  }

  @Test
  void urlsIteratorRemovesEntries() throws Exception {
    cacheForever("/a", "/b");
    Iterator<String> urls = cache.urls();
    assertThat(urls.next()).isEqualTo(url("/a"));
    urls.remove();
    assertThat(urls.next()).isEqualTo(url("/b"));
    assertThat(urls.hasNext()).isFalse();
    assertThat(cache.urls()).toIterable().containsExactly(url("/b"));
  }

  @Test
  void evictAllAndSize() throws Exception {
    cacheForever("/a", "/b");
    assertThat(cache.size()).isPositive();
    cache.evictAll();
    assertThat(cache.size()).isZero();
    assertThat(cache.urls().hasNext()).isFalse();
    server.enqueue(ok("again"));
    assertThat(getBody("/a")).isEqualTo("again");
  }

  @Test
  void removeDropsOneUrl() throws Exception {
    cacheForever("/a", "/b");
    cache.remove(HttpUrl.get(url("/a")));
    assertThat(cache.urls()).toIterable().containsExactly(url("/b"));
  }

  @Test
  void closedOrDeletedCacheLetsCallsRunWithoutIt() throws Exception {
    cacheForever("/a");
    cache.delete();
    assertThat(cache.isClosed()).isTrue();
    server.enqueue(ok("network"));
    assertThat(getBody("/a")).isEqualTo("network");
    assertThat(directory.resolve("http")).doesNotExist();
  }

  @Test
  void entriesSurviveAnotherCacheOnTheSameDirectory() throws Exception {
    cacheForever("/a");
    client.close();
    Cache reopened = new Cache(cache.directory(), cache.maxSize());
    client = courier.newClient(builder -> builder.cache(reopened));
    assertThat(getBody("/a")).isEqualTo("/a");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(reopened.hitCount()).isEqualTo(1);
  }

  private void assertStoredAndServed(int code, String... headers) throws Exception {
    String path = "/stored-" + code + "-" + headers[0].hashCode();
    server.enqueue(response(code, code == 204 ? "" : "body " + code, headers));
    int before = server.getRequestCount();
    try (Response first = get(path)) {
      assertThat(first.code()).isEqualTo(code);
      first.body().string();
    }
    try (Response second = get(path)) {
      assertThat(second.code()).as("status " + code).isEqualTo(code);
      assertThat(second.body().string()).isEqualTo(code == 204 ? "" : "body " + code);
      assertThat(second.cacheResponse()).as("status " + code + " from cache").isNotNull();
    }
    assertThat(server.getRequestCount()).isEqualTo(before + 1);
  }

  private void assertNotStored(int code, String... headers) throws Exception {
    String path = "/not-stored-" + code;
    server.enqueue(response(code, "first", headers));
    server.enqueue(response(code, "second", headers));
    try (Response first = get(path)) {
      first.body().string();
    }
    try (Response second = get(path)) {
      assertThat(second.body().string()).as("status " + code).isEqualTo("second");
    }
  }

  /** Stores each path, with its path as its body, fresh for an hour. */
  private void cacheForever(String... paths) throws Exception {
    for (String path : paths) {
      server.enqueue(ok(path, "Cache-Control: max-age=3600"));
      assertThat(getBody(path)).isEqualTo(path);
    }
  }

  private RecordedRequest takeSecondRequest() throws InterruptedException {
    server.takeRequest();
    return server.takeRequest();
  }

  private List<String> cacheEvents() {
    List<String> result = new ArrayList<>();
    for (String event : listener.events()) {
      if (event.startsWith("cache") || event.equals("satisfactionFailure")) result.add(event);
    }
    return result;
  }

  private void assertCounts(int requests, int network, int hits, int conditionalHits) {
    assertThat(cache.requestCount()).as("requestCount").isEqualTo(requests);
    assertThat(cache.networkCount()).as("networkCount").isEqualTo(network);
    assertThat(cache.hitCount()).as("hitCount").isEqualTo(hits);
    assertThat(cache.conditionalHitCount()).as("conditionalHitCount").isEqualTo(conditionalHits);
  }

  static MockResponse ok(String body, String... headers) {
    return response(200, body, headers);
  }

  static MockResponse response(int code, String body, String... headers) {
    MockResponse.Builder builder = new MockResponse.Builder().code(code).body(body);
    for (String header : headers) builder.addHeader(header);
    return builder.build();
  }

  static String secondsAgo(long seconds) {
    return HttpDates.format(Instant.now().minusSeconds(seconds));
  }

  private String url(String path) {
    return server.url(path).toString();
  }

  private Request withHeader(String path, String name, String value) {
    return new Request.Builder().url(url(path)).header(name, value).build();
  }

  private Response get(String path) throws IOException {
    return client.newCall(new Request.Builder().url(url(path)).build()).execute();
  }

  private String getBody(String path) throws IOException {
    return bodyOf(new Request.Builder().url(url(path)).build());
  }

  private String bodyOf(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }
}
