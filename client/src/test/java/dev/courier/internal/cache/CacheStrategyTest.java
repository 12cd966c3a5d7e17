package dev.courier.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.courier.CacheControl;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.ResponseBody;
import dev.courier.internal.http.HttpDates;
import org.junit.jupiter.api.Test;

/**
 * The freshness arithmetic and request/response directives of RFC 9111 §4 and RFC 5861, with a
 * clock the test controls: responses are "received" at {@link #RECEIVED} and the strategy is
 * computed at chosen instants after it.
 */
class CacheStrategyTest {
  private static final long RECEIVED = 1_700_000_000_000L;
  private static final long SECOND = 1000L;
  private static final String URL = "http://example.com/items/1";

  private final Request get = new Request.Builder().url(URL).build();

  @Test
  void freshResponseIsServedWithAnAgeIncludingResidentTime() {
    Response stored = stored("Cache-Control: max-age=60", "Age: 10");
    CacheStrategy strategy = compute(RECEIVED + 30 * SECOND, get, stored);
    assertServed(strategy);
    assertThat(strategy.cacheResponse().header("Age")).isEqualTo("40");
  }

  @Test
  void ageCountsTheApparentAgeFromDate() {
    Response stored =
        stored("Cache-Control: max-age=120", "Date: " + date(RECEIVED - 60 * SECOND));
    CacheStrategy strategy = compute(RECEIVED + 5 * SECOND, get, stored);
    assertServed(strategy);
    assertThat(strategy.cacheResponse().header("Age")).isEqualTo("65");
  }

  @Test
  void ageCountsTheResponseDelayOnTopOfTheAgeHeader() {
    Response stored = new Response.Builder().request(get).protocol(Protocol.HTTP_1_1).code(200)
        .header("Cache-Control", "max-age=60").header("Age", "10")
        .sentRequestAtMillis(RECEIVED - 5 * SECOND).receivedResponseAtMillis(RECEIVED)
        .body(ResponseBody.create("", null)).build();
    assertThat(compute(RECEIVED, get, stored).cacheResponse().header("Age")).isEqualTo("15");
  }

  @Test
  void expiredMaxAgeLeadsToAConditionalRequest() {
    Response stored = stored("Cache-Control: max-age=60", "ETag: \"v1\"",
        "Last-Modified: " + date(RECEIVED - 3600 * SECOND));
    CacheStrategy strategy = compute(RECEIVED + 61 * SECOND, get, stored);
    assertThat(strategy.cacheResponse()).isSameAs(stored);
    assertThat(strategy.networkRequest().header("If-None-Match")).isEqualTo("\"v1\"");
    assertThat(strategy.networkRequest().header("If-Modified-Since"))
        .isEqualTo(date(RECEIVED - 3600 * SECOND));
  }

  @Test
  void staleResponseWithoutValidatorsIsReplaced() {
    Response stored = stored("Cache-Control: max-age=60");
    CacheStrategy strategy = compute(RECEIVED + 61 * SECOND, get, stored);
    assertThat(strategy.networkRequest()).isSameAs(get);
    assertThat(strategy.cacheResponse()).isNull();
  }

  @Test
  void expiresIsMeasuredFromTheServersDate() {
    // The server's clock is an hour behind ours; Expires - Date is what counts.
    long serverNow = RECEIVED - 3600 * SECOND;
    Response stored = stored("Date: " + date(serverNow),
        "Expires: " + date(serverNow + 7200 * SECOND), "ETag: \"v1\"");
    // Apparent age is an hour (received - Date), lifetime two hours: fresh for another hour.
    assertServed(compute(RECEIVED + 3500 * SECOND, get, stored));
    assertConditional(compute(RECEIVED + 3700 * SECOND, get, stored));
  }

  @Test
  void invalidOrPastExpiresIsStale() {
    for (String expires : new String[] {"0", "-1", "yesterday", date(RECEIVED - SECOND), ""}) {
      Response stored = stored("Expires: " + expires, "ETag: \"v1\"");
      assertConditional(compute(RECEIVED, get, stored));
    }
  }

  @Test
  void repeatedExpiresIsStale() {
    Response stored = stored("Expires: " + date(RECEIVED + 3600 * SECOND),
        "Expires: " + date(RECEIVED + 7200 * SECOND), "ETag: \"v1\"");
    assertConditional(compute(RECEIVED, get, stored));
  }

  @Test
  void maxAgeOverridesExpires() {
    Response stored = stored("Cache-Control: max-age=60",
        "Expires: " + date(RECEIVED + 3600 * SECOND), "ETag: \"v1\"");
    assertConditional(compute(RECEIVED + 120 * SECOND, get, stored));
  }

  @Test
  void invalidMaxAgeIsStaleNotHeuristicallyFresh() {
    Response stored = stored("Cache-Control: max-age=1.5", "Date: " + date(RECEIVED),
        "Last-Modified: " + date(RECEIVED - 100 * 86400 * SECOND), "ETag: \"v1\"");
    assertConditional(compute(RECEIVED + SECOND, get, stored));
  }

  @Test
  void heuristicFreshnessIsATenthOfTheTimeSinceLastModified() {
    Response stored = stored("Date: " + date(RECEIVED),
        "Last-Modified: " + date(RECEIVED - 100 * 86400 * SECOND));
    assertServed(compute(RECEIVED + 9 * 86400 * SECOND, get, stored));
    assertThat(compute(RECEIVED + 11 * 86400 * SECOND, get, stored).cacheResponse()).isSameAs(
        stored);
  }

  @Test
  void noHeuristicFreshnessWithAQuery() {
    Request withQuery = new Request.Builder().url(URL + "?page=2").build();
    Response stored = stored(withQuery, 200, "Date: " + date(RECEIVED),
        "Last-Modified: " + date(RECEIVED - 100 * 86400 * SECOND));
    assertConditional(compute(RECEIVED + SECOND, withQuery, stored));
  }

  @Test
  void publicAllowsHeuristicFreshnessForAnyStatus() {
    // RFC 9111 §4.2.2: a heuristically cacheable status, or a response marked cacheable.
    Response stored = stored(get, 599, "Cache-Control: public", "Date: " + date(RECEIVED),
        "Last-Modified: " + date(RECEIVED - 100 * 86400 * SECOND));
    assertServed(compute(RECEIVED + SECOND, get, stored));
  }

  @Test
  void noHeuristicFreshnessForStatusesThatDoNotAllowIt() {
    Response stored = stored(get, 302, "Cache-Control: private", "Date: " + date(RECEIVED),
        "Last-Modified: " + date(RECEIVED - 100 * 86400 * SECOND));
    assertConditional(compute(RECEIVED + SECOND, get, stored));
  }

  @Test
  void invalidAgeValuesMakeTheResponseStale() {
    for (String age : new String[] {"-1", "1.5", "10s", "ten", " ", "0x10", "+5", "7200;a=1",
        ", 10", "x, 10"}) {
      Response stored = stored("Cache-Control: max-age=3600", "Age: " + age, "ETag: \"v1\"");
      assertConditional(compute(RECEIVED, get, stored));
    }
  }

  @Test
  void listValuedAgeCountsItsFirstMember() {
    // RFC 9111 §5.1: a cache meeting a list-based Age uses its first member.
    Response young = stored("Cache-Control: max-age=3600", "Age: 0,7200", "ETag: \"v1\"");
    CacheStrategy strategy = compute(RECEIVED + 10 * SECOND, get, young);
    assertServed(strategy);
    assertThat(strategy.cacheResponse().header("Age")).isEqualTo("10");
    Response old = stored("Cache-Control: max-age=3600", "Age: 7200 , 0", "ETag: \"v1\"");
    assertConditional(compute(RECEIVED, get, old));
  }

  @Test
  void repeatedAgeFieldsMakeTheResponseStale() {
    Response stored = stored("Cache-Control: max-age=3600", "Age: 10", "Age: 10", "ETag: \"v1\"");
    assertConditional(compute(RECEIVED, get, stored));
  }

  @Test
  void hugeAgeIsStaleAndCappedWhenServed() {
    Response stored = stored("Cache-Control: max-age=3600", "Age: 99999999999999999999");
    Request forceCache = new Request.Builder().url(URL).cacheControl(CacheControl.FORCE_CACHE)
        .build();
    assertThat(compute(RECEIVED, get, stored).cacheResponse()).isNull();
    assertThat(compute(RECEIVED, forceCache, stored).cacheResponse().header("Age"))
        .isEqualTo("2147483648");
  }

  @Test
  void requestNoCacheValidatesAFreshResponse() {
    Response stored = stored("Cache-Control: max-age=60", "ETag: \"v1\"");
    Request noCache = new Request.Builder().url(URL).cacheControl(CacheControl.FORCE_NETWORK)
        .build();
    assertConditional(compute(RECEIVED, noCache, stored));
    Request pragma = new Request.Builder().url(URL).header("Pragma", "no-cache").build();
    assertConditional(compute(RECEIVED, pragma, stored));
  }

  @Test
  void requestMaxAgeLimitsTheAgeAccepted() {
    Response stored = stored("Cache-Control: max-age=3600", "ETag: \"v1\"");
    assertServed(compute(RECEIVED + 50 * SECOND, withCacheControl("max-age=60"), stored));
    assertConditional(compute(RECEIVED + 70 * SECOND, withCacheControl("max-age=60"), stored));
    assertConditional(compute(RECEIVED + SECOND, withCacheControl("max-age=0"), stored));
  }

  @Test
  void requestMinFreshAsksForFreshnessLeft() {
    Response stored = stored("Cache-Control: max-age=100", "ETag: \"v1\"");
    assertServed(compute(RECEIVED + 30 * SECOND, withCacheControl("min-fresh=60"), stored));
    assertConditional(compute(RECEIVED + 50 * SECOND, withCacheControl("min-fresh=60"), stored));
  }

  @Test
  void requestMaxStaleAcceptsStaleResponses() {
    Response stored = stored("Cache-Control: max-age=60", "ETag: \"v1\"");
    assertServed(compute(RECEIVED + 90 * SECOND, withCacheControl("max-stale=60"), stored));
    assertConditional(compute(RECEIVED + 130 * SECOND, withCacheControl("max-stale=60"), stored));
    assertServed(compute(RECEIVED + 86400 * SECOND, withCacheControl("max-stale"), stored));
  }

  @Test
  void mustRevalidateRefusesStaleResponses() {
    Response stored = stored("Cache-Control: max-age=60, must-revalidate", "ETag: \"v1\"");
    assertServed(compute(RECEIVED + 30 * SECOND, withCacheControl("max-stale"), stored));
    assertConditional(compute(RECEIVED + 90 * SECOND, withCacheControl("max-stale"), stored));
  }

  @Test
  void responseNoCacheAlwaysValidates() {
    Response stored = stored("Cache-Control: no-cache, max-age=3600", "ETag: \"v1\"");
    assertConditional(compute(RECEIVED, get, stored));
    assertConditional(compute(RECEIVED, withCacheControl("max-stale"), stored));
  }

  @Test
  void responseNoStoreIsNeverUsed() {
    Response stored = stored("Cache-Control: no-store, max-age=3600", "ETag: \"v1\"");
    CacheStrategy strategy = compute(RECEIVED, get, stored);
    assertThat(strategy.networkRequest()).isSameAs(get);
    assertThat(strategy.cacheResponse()).isNull();
  }

  @Test
  void privateResponsesAreUsedByThisPrivateCache() {
    assertServed(compute(RECEIVED, get, stored("Cache-Control: private, max-age=60")));
  }

  @Test
  void immutableSkipsValidationOnReloadWhileFresh() {
    Response stored = stored("Cache-Control: max-age=3600, immutable", "ETag: \"v1\"");
    assertServed(compute(RECEIVED + 60 * SECOND, withCacheControl("max-age=0"), stored));
    assertConditional(compute(RECEIVED + 3601 * SECOND, withCacheControl("max-age=0"), stored));
    assertConditional(compute(RECEIVED + 60 * SECOND, withCacheControl("no-cache"), stored));
  }

  @Test
  void onlyIfCachedWithoutAUsableResponseIsUnsatisfiable() {
    Request onlyIfCached = withCacheControl("only-if-cached");
    CacheStrategy none = compute(RECEIVED, onlyIfCached, null);
    assertThat(none.networkRequest()).isNull();
    assertThat(none.cacheResponse()).isNull();
    Response stale = stored("Cache-Control: max-age=60", "ETag: \"v1\"");
    CacheStrategy staleStrategy = compute(RECEIVED + 61 * SECOND, onlyIfCached, stale);
    assertThat(staleStrategy.networkRequest()).isNull();
    assertThat(staleStrategy.cacheResponse()).isNull();
    assertServed(compute(RECEIVED + 30 * SECOND, onlyIfCached, stale));
  }

  @Test
  void httpsRequiresAStoredHandshake() {
    Request https = new Request.Builder().url("https://example.com/").build();
    Response stored = stored(https, 200, "Cache-Control: max-age=60");
    assertThat(compute(RECEIVED, https, stored).cacheResponse()).isNull();
  }

  @Test
  void onlyGetUsesTheCache() {
    Request head = new Request.Builder().url(URL).head().build();
    assertThat(compute(RECEIVED, head, stored("Cache-Control: max-age=60")).cacheResponse())
        .isNull();
  }

  @Test
  void applicationsIfNoneMatchIsAnsweredFromAFreshResponse() {
    Response stored = stored("Cache-Control: max-age=60", "ETag: W/\"v1\"");
    for (String tag : new String[] {"\"v1\"", "W/\"v1\"", "\"v0\", W/\"v1\"", "*"}) {
      CacheStrategy strategy = compute(RECEIVED, withHeader("If-None-Match", tag), stored);
      assertServed(strategy);
      assertThat(strategy.notModified()).as(tag).isTrue();
    }
    CacheStrategy other = compute(RECEIVED, withHeader("If-None-Match", "\"v2\""), stored);
    assertServed(other);
    assertThat(other.notModified()).isFalse();
  }

  @Test
  void applicationsIfModifiedSinceIsAnsweredFromAFreshResponse() {
    Response stored = stored("Cache-Control: max-age=60",
        "Last-Modified: " + date(RECEIVED - 3600 * SECOND));
    assertThat(compute(RECEIVED, withHeader("If-Modified-Since", date(RECEIVED - 60 * SECOND)),
        stored).notModified()).isTrue();
    assertThat(compute(RECEIVED, withHeader("If-Modified-Since",
        date(RECEIVED - 7200 * SECOND)), stored).notModified()).isFalse();
    assertThat(compute(RECEIVED, withHeader("If-Modified-Since", "garbage"), stored)
        .notModified()).isFalse();
  }

  @Test
  void applicationsConditionalRequestOnAStaleResponseGoesOutUnchanged() {
    Response stored = stored("Cache-Control: max-age=60", "ETag: \"v1\"");
    Request conditional = withHeader("If-None-Match", "\"v0\"");
    CacheStrategy strategy = compute(RECEIVED + 61 * SECOND, conditional, stored);
    assertThat(strategy.networkRequest()).isSameAs(conditional);
    assertThat(strategy.cacheResponse()).isNull();
    assertThat(strategy.candidateToFreshen()).isSameAs(stored);
  }

  @Test
  void statePreconditionsAndRangesBeyondTheStoredBodyBypassTheCache() {
    Response stored = stored("Cache-Control: max-age=60", "ETag: \"v1\""); // An empty body.
    for (String name : new String[] {"Range", "If-Match", "If-Unmodified-Since", "If-Range"}) {
      Request request = withHeader(name, name.equals("Range") ? "bytes=0-1" : "\"v1\"");
      CacheStrategy strategy = compute(RECEIVED, request, stored);
      assertThat(strategy.networkRequest()).as(name).isSameAs(request);
      assertThat(strategy.cacheResponse()).as(name).isNull();
    }
  }

  @Test
  void staleWhileRevalidateServesStaleAndRevalidates() {
    Response stored = stored("Cache-Control: max-age=60, stale-while-revalidate=30",
        "ETag: \"v1\"");
    CacheStrategy within = compute(RECEIVED + 80 * SECOND, get, stored);
    assertServed(within);
    assertThat(within.revalidateInBackground()).isTrue();
    assertThat(within.cacheResponse().header("Age")).isEqualTo("80");
    assertConditional(compute(RECEIVED + 95 * SECOND, get, stored));
    assertThat(compute(RECEIVED + 30 * SECOND, get, stored).revalidateInBackground()).isFalse();
  }

  @Test
  void staleWhileRevalidateYieldsToStricterDirectives() {
    Response mustRevalidate = stored(
        "Cache-Control: max-age=60, stale-while-revalidate=30, must-revalidate", "ETag: \"v1\"");
    assertConditional(compute(RECEIVED + 80 * SECOND, get, mustRevalidate));
    Response stored = stored("Cache-Control: max-age=60, stale-while-revalidate=30",
        "ETag: \"v1\"");
    assertConditional(compute(RECEIVED + 80 * SECOND, withCacheControl("max-age=70"), stored));
    assertConditional(compute(RECEIVED + 80 * SECOND, withCacheControl("no-cache"), stored));
    CacheStrategy onlyIfCached =
        compute(RECEIVED + 80 * SECOND, withCacheControl("only-if-cached"), stored);
    assertServed(onlyIfCached);
    assertThat(onlyIfCached.revalidateInBackground()).isFalse();
  }

  @Test
  void staleIfErrorOffersTheStoredResponseWithinItsWindow() {
    Response stored = stored("Cache-Control: max-age=60, stale-if-error=30", "ETag: \"v1\"");
    CacheStrategy strategy = compute(RECEIVED + 70 * SECOND, get, stored);
    assertConditional(strategy);
    Response stale = strategy.staleIfErrorResponse(RECEIVED + 75 * SECOND);
    assertThat(stale).isNotNull();
    assertThat(stale.header("Age")).isEqualTo("75");
    assertThat(strategy.staleIfErrorResponse(RECEIVED + 91 * SECOND)).isNull();
  }

  @Test
  void staleIfErrorWorksWithoutValidators() {
    Response stored = stored("Cache-Control: max-age=60, stale-if-error=30");
    CacheStrategy strategy = compute(RECEIVED + 70 * SECOND, get, stored);
    assertThat(strategy.cacheResponse()).isNull();
    assertThat(strategy.staleIfErrorResponse(RECEIVED + 70 * SECOND)).isNotNull();
  }

  @Test
  void staleIfErrorFromTheRequestAndTheResponse() {
    Response stored = stored("Cache-Control: max-age=60, stale-if-error=60", "ETag: \"v1\"");
    assertThat(compute(RECEIVED + 80 * SECOND, withCacheControl("stale-if-error=10"), stored)
        .staleIfErrorResponse(RECEIVED + 80 * SECOND)).isNull();
    Response withoutDirective = stored("Cache-Control: max-age=60", "ETag: \"v1\"");
    assertThat(compute(RECEIVED + 80 * SECOND, withCacheControl("stale-if-error=30"),
        withoutDirective).staleIfErrorResponse(RECEIVED + 80 * SECOND)).isNotNull();
    assertThat(compute(RECEIVED + 80 * SECOND, get, withoutDirective)
        .staleIfErrorResponse(RECEIVED + 80 * SECOND)).isNull();
  }

  @Test
  void staleIfErrorYieldsToMustRevalidateAndNoCache() {
    Response mustRevalidate = stored(
        "Cache-Control: max-age=60, stale-if-error=60, must-revalidate", "ETag: \"v1\"");
    assertThat(compute(RECEIVED + 70 * SECOND, get, mustRevalidate)
        .staleIfErrorResponse(RECEIVED + 70 * SECOND)).isNull();
    Response noCache = stored("Cache-Control: no-cache, stale-if-error=60", "ETag: \"v1\"");
    assertThat(compute(RECEIVED, get, noCache).staleIfErrorResponse(RECEIVED)).isNull();
    Response stored = stored("Cache-Control: max-age=60, stale-if-error=60", "ETag: \"v1\"");
    assertThat(compute(RECEIVED + 70 * SECOND, withCacheControl("no-cache"), stored)
        .staleIfErrorResponse(RECEIVED + 70 * SECOND)).isNull();
  }

  @Test
  void backgroundRevalidationAlwaysAsksTheNetwork() {
    Response stored = stored("Cache-Control: max-age=60", "ETag: \"v1\"");
    CacheStrategy strategy = CacheStrategy.compute(RECEIVED, get, stored, true, false);
    assertConditional(strategy);
  }

  private static CacheStrategy compute(long now, Request request, Response stored) {
    return CacheStrategy.compute(now, request, stored, false, false);
  }

  private static void assertServed(CacheStrategy strategy) {
    assertThat(strategy.networkRequest()).as("network request").isNull();
    assertThat(strategy.cacheResponse()).as("cache response").isNotNull();
  }

  private static void assertConditional(CacheStrategy strategy) {
    assertThat(strategy.cacheResponse()).as("cache response").isNotNull();
    assertThat(strategy.networkRequest()).as("network request").isNotNull();
    Request request = strategy.networkRequest();
    assertThat(request.header("If-None-Match") != null
        || request.header("If-Modified-Since") != null).as("validators sent").isTrue();
  }

  private Request withCacheControl(String value) {
    return withHeader("Cache-Control", value);
  }

  private Request withHeader(String name, String value) {
    return new Request.Builder().url(URL).header(name, value).build();
  }

  private Response stored(String... headers) {
    return stored(get, 200, headers);
  }

  private static Response stored(Request request, int code, String... headers) {
    Response.Builder builder = new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(code)
        .sentRequestAtMillis(RECEIVED)
        .receivedResponseAtMillis(RECEIVED)
        .body(ResponseBody.create("", null));
    for (String header : headers) {
      int colon = header.indexOf(':');
      builder.addHeader(header.substring(0, colon), header.substring(colon + 1));
    }
    return builder.build();
  }

  private static String date(long millis) {
    return HttpDates.format(Instant.ofEpochMilli(millis));
  }
}
