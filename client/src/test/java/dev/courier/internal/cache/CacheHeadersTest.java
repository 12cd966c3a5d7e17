package dev.courier.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.internal.http.HttpDates;
import org.junit.jupiter.api.Test;

/** The header rules of RFC 9111 on their own: storing, updating with a 304, Vary, invalidation. */
class CacheHeadersTest {
  private static final long RECEIVED = 1_700_000_000_000L;

  @Test
  void mergeTakesTheNewValuesExceptFramingAndHopByHopFields() {
    Headers stored = Headers.of(
        "Content-Type", "text/plain",
        "Content-Length", "5",
        "Content-Encoding", "gzip",
        "ETag", "\"v1\"",
        "X-Multi", "a",
        "X-Multi", "b",
        "Age", "30",
        "Date", "Sun, 06 Nov 1994 08:49:37 GMT");
    Headers network = Headers.of(
        "Content-Type", "text/html",
        "Content-Length", "0",
        "Content-Encoding", "br",
        "Transfer-Encoding", "chunked",
        "Connection", "X-Private, Keep-Alive",
        "Keep-Alive", "timeout=5",
        "X-Private", "hop",
        "X-Multi", "c",
        "Date", "Mon, 07 Nov 1994 08:49:37 GMT");

    Headers merged = CacheHeaders.merge(stored, network, RECEIVED);

    assertThat(merged.values("Content-Type")).containsExactly("text/html");
    assertThat(merged.values("Content-Length")).containsExactly("5");
    assertThat(merged.values("Content-Encoding")).containsExactly("gzip");
    assertThat(merged.values("X-Multi")).containsExactly("c");
    assertThat(merged.values("ETag")).containsExactly("\"v1\"");
    assertThat(merged.values("Date")).containsExactly("Mon, 07 Nov 1994 08:49:37 GMT");
    assertThat(merged.get("Age")).isNull();
    assertThat(merged.get("Transfer-Encoding")).isNull();
    assertThat(merged.get("Connection")).isNull();
    assertThat(merged.get("Keep-Alive")).isNull();
    assertThat(merged.get("X-Private")).isNull();
  }

  @Test
  void mergeKeepsTheFieldsThatIdentifyTheStoredBytes() {
    // The 304 confirmed the stored body: its entity tag and digests still describe it.
    Headers stored = Headers.of("ETag", "\"v1\"", "Content-MD5", "old", "Digest", "md5=old",
        "Content-Digest", "sha-256=:old:", "Repr-Digest", "sha-256=:old:", "X-Other", "old");
    Headers network = Headers.of("ETag", "\"v2\"", "Content-MD5", "new", "Digest", "md5=new",
        "Content-Digest", "sha-256=:new:", "Repr-Digest", "sha-256=:new:", "X-Other", "new");

    Headers merged = CacheHeaders.merge(stored, network, RECEIVED);

    assertThat(merged.values("ETag")).containsExactly("\"v1\"");
    assertThat(merged.values("Content-MD5")).containsExactly("old");
    assertThat(merged.values("Digest")).containsExactly("md5=old");
    assertThat(merged.values("Content-Digest")).containsExactly("sha-256=:old:");
    assertThat(merged.values("Repr-Digest")).containsExactly("sha-256=:old:");
    assertThat(merged.values("X-Other")).containsExactly("new");
  }

  @Test
  void mergeDatesA304WithoutDateByItsArrival() {
    Headers merged = CacheHeaders.merge(Headers.of("Date", "Sun, 06 Nov 1994 08:49:37 GMT"),
        Headers.EMPTY, RECEIVED);
    assertThat(merged.values("Date"))
        .containsExactly(HttpDates.format(Instant.ofEpochMilli(RECEIVED)));
  }

  @Test
  void storedHeadersLeaveOutHopByHopFieldsAndCookies() {
    Headers headers = Headers.of("Connection", "close, X-Secret", "X-Secret", "s",
        "Set-Cookie", "a=b", "Proxy-Connection", "keep-alive", "Upgrade", "h2c",
        "TE", "trailers", "X-Kept", "k", "Content-Length", "3");
    assertThat(CacheHeaders.storedHeaders(headers))
        .isEqualTo(Headers.of("X-Kept", "k", "Content-Length", "3"));
  }

  @Test
  void varyNormalisesWhitespaceListOrderAndFieldLines() {
    Headers stored = Headers.of("Accept", "text/html;q=0.9, application/json",
        "Accept-Language", "en, fr");
    Headers response = Headers.of("Vary", "accept", "Vary", "Accept-Language");
    assertThat(varyMatches(response, stored, "Accept", "application/json , text/html ; q=0.9",
        "Accept-Language", "fr", "Accept-Language", "en")).isTrue();
    assertThat(varyMatches(response, stored, "Accept", "application/json, text/html;q=0.8",
        "Accept-Language", "en, fr")).isFalse();
    assertThat(varyMatches(response, stored, "Accept", "text/html;q=0.9, application/json"))
        .isFalse();
  }

  @Test
  void varyKeepsQuotedStringsIntact() {
    Headers stored = Headers.of("X-Q", "\"a,  b\"");
    Headers response = Headers.of("Vary", "X-Q");
    assertThat(varyMatches(response, stored, "X-Q", " \"a,  b\" ")).isTrue();
    assertThat(varyMatches(response, stored, "X-Q", "\"a, b\"")).isFalse();
  }

  @Test
  void varyDistinguishesAbsentFromEmpty() {
    Headers response = Headers.of("Vary", "X-A");
    assertThat(varyMatches(response, Headers.EMPTY)).isTrue();
    assertThat(varyMatches(response, Headers.EMPTY, "X-A", "")).isFalse();
    assertThat(varyMatches(response, Headers.of("X-A", ""))).isFalse();
    assertThat(varyMatches(Headers.of("Vary", "*"), Headers.EMPTY)).isFalse();
  }

  @Test
  void invalidationCoversUnsafeAndUnknownMethodsOnSuccessOnly() {
    HttpUrl url = HttpUrl.get("http://example.com/a/b");
    for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE", "PURGE", "LOCK"}) {
      Request request = request(url, method);
      Response created = response(request, 201, "Location", "c",
          "Content-Location", "http://example.com/d");
      assertThat(CacheHeaders.invalidatedUrls(request, created)).as(method).containsExactly(
          url, HttpUrl.get("http://example.com/a/c"), HttpUrl.get("http://example.com/d"));
      assertThat(CacheHeaders.invalidatedUrls(request, response(request, 404))).isEmpty();
      assertThat(CacheHeaders.invalidatedUrls(request, response(request, 500))).isEmpty();
    }
    for (String method : new String[] {"GET", "HEAD", "OPTIONS", "TRACE"}) {
      Request request = request(url, method);
      assertThat(CacheHeaders.invalidatedUrls(request, response(request, 200))).isEmpty();
    }
  }

  @Test
  void invalidationSkipsOtherOrigins() {
    HttpUrl url = HttpUrl.get("http://example.com/a");
    Request post = request(url, "POST");
    for (String location : new String[] {"https://example.com/a", "http://example.com:8080/a",
        "http://other.example.com/a", "//evil.example/a"}) {
      assertThat(CacheHeaders.invalidatedUrls(post, response(post, 303, "Location", location)))
          .as(location).containsExactly(url);
    }
  }

  /** Returns whether a private cache may store {@code response} to {@code request}. */
  private static boolean storable(Response response, Request request) {
    return CacheHeaders.isStorable(response, request, false);
  }

  @Test
  void storabilityFollowsStatusAndDirectives() {
    Request get = new Request.Builder().url("http://example.com/").build();
    assertThat(storable(response(get, 200), get)).isTrue();
    assertThat(storable(response(get, 500), get)).isFalse();
    assertThat(storable(response(get, 500, "Cache-Control", "max-age=5"), get))
        .isTrue();
    assertThat(storable(response(get, 418, "Expires", "0"), get)).isTrue();
    assertThat(storable(response(get, 302, "Cache-Control", "private"), get))
        .isTrue();
    assertThat(storable(response(get, 206, "Cache-Control", "max-age=5"), get))
        .isFalse();
    assertThat(storable(response(get, 200, "Cache-Control", "no-store"), get))
        .isFalse();
    assertThat(storable(response(get, 200, "Vary", "Accept, *"), get)).isFalse();
    Request noStore = get.newBuilder().header("Cache-Control", "no-store").build();
    assertThat(storable(response(noStore, 200), noStore)).isFalse();
    Request post = request(get.url(), "POST");
    assertThat(storable(response(post, 200, "Cache-Control", "max-age=5"), post))
        .isFalse();
  }

  private static boolean varyMatches(Headers responseHeaders, Headers stored,
      String... requestHeaders) {
    Request request = new Request.Builder().url("http://example.com/")
        .headers(requestHeaders.length == 0 ? Headers.EMPTY : Headers.of(requestHeaders)).build();
    return CacheHeaders.varyMatches(responseHeaders, stored, request, new FieldDigest());
  }

  private static Request request(HttpUrl url, String method) {
    RequestBody body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
        ? RequestBody.create("x", null) : null;
    return new Request.Builder().url(url).method(method, body).build();
  }

  private static Response response(Request request, int code, String... headers) {
    return new Response.Builder().request(request).code(code)
        .headers(headers.length == 0 ? Headers.EMPTY : Headers.of(headers)).build();
  }
}
