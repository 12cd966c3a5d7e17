package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CacheControlTest {

  private static CacheControl parse(String cacheControl) {
    return CacheControl.parse(Headers.of("Cache-Control", cacheControl));
  }

  @Test
  void emptyHeaders() {
    CacheControl cacheControl = CacheControl.parse(Headers.EMPTY);
    assertThat(cacheControl.noCache()).isFalse();
    assertThat(cacheControl.noStore()).isFalse();
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(-1);
    assertThat(cacheControl.sMaxAgeSeconds()).isEqualTo(-1);
    assertThat(cacheControl.isPrivate()).isFalse();
    assertThat(cacheControl.isPublic()).isFalse();
    assertThat(cacheControl.mustRevalidate()).isFalse();
    assertThat(cacheControl.proxyRevalidate()).isFalse();
    assertThat(cacheControl.mustUnderstand()).isFalse();
    assertThat(cacheControl.maxStaleSeconds()).isEqualTo(-1);
    assertThat(cacheControl.minFreshSeconds()).isEqualTo(-1);
    assertThat(cacheControl.onlyIfCached()).isFalse();
    assertThat(cacheControl.noTransform()).isFalse();
    assertThat(cacheControl.immutable()).isFalse();
    assertThat(cacheControl.staleWhileRevalidateSeconds()).isEqualTo(-1);
    assertThat(cacheControl.staleIfErrorSeconds()).isEqualTo(-1);
    assertThat(cacheControl).hasToString("");
  }

  @Test
  void headersWithoutCacheControlOrPragmaHaveNoDirectives() {
    CacheControl cacheControl = CacheControl.parse(
        Headers.of("Accept", "text/plain", "Content-Type", "text/html"));
    assertThat(cacheControl.noCache()).isFalse();
    assertThat(cacheControl.noStore()).isFalse();
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(-1);
    assertThat(cacheControl.maxStaleSeconds()).isEqualTo(-1);
    assertThat(cacheControl.onlyIfCached()).isFalse();
    assertThat(cacheControl).hasToString("");
  }

  @Test
  void everyDirective() {
    String value = "no-cache, no-store, max-age=1, s-maxage=2, private, public, must-revalidate,"
        + " proxy-revalidate, must-understand, max-stale=3, min-fresh=4, only-if-cached, no-transform, immutable,"
        + " stale-while-revalidate=5, stale-if-error=6";
    CacheControl cacheControl = parse(value);
    assertThat(cacheControl.noCache()).isTrue();
    assertThat(cacheControl.noStore()).isTrue();
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(1);
    assertThat(cacheControl.sMaxAgeSeconds()).isEqualTo(2);
    assertThat(cacheControl.isPrivate()).isTrue();
    assertThat(cacheControl.isPublic()).isTrue();
    assertThat(cacheControl.mustRevalidate()).isTrue();
    assertThat(cacheControl.proxyRevalidate()).isTrue();
    assertThat(cacheControl.mustUnderstand()).isTrue();
    assertThat(cacheControl.maxStaleSeconds()).isEqualTo(3);
    assertThat(cacheControl.minFreshSeconds()).isEqualTo(4);
    assertThat(cacheControl.onlyIfCached()).isTrue();
    assertThat(cacheControl.noTransform()).isTrue();
    assertThat(cacheControl.immutable()).isTrue();
    assertThat(cacheControl.staleWhileRevalidateSeconds()).isEqualTo(5);
    assertThat(cacheControl.staleIfErrorSeconds()).isEqualTo(6);
    assertThat(cacheControl).hasToString(value);
  }

  @Test
  void computedValueListsProxyRevalidateAndMustUnderstand() {
    CacheControl cacheControl = CacheControl.parse(Headers.of(
        "Cache-Control", "proxy-revalidate", "Cache-Control", "Must-Understand, no-store"));
    assertThat(cacheControl).hasToString("no-store, proxy-revalidate, must-understand");
  }

  @Test
  void directiveNamesAreCaseInsensitive() {
    CacheControl cacheControl = parse("NO-CACHE, Max-Age=5, PRIVATE");
    assertThat(cacheControl.noCache()).isTrue();
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(5);
    assertThat(cacheControl.isPrivate()).isTrue();
  }

  @Test
  void unknownDirectivesAreIgnored() {
    CacheControl cacheControl = parse("community=\"UCI\", max-age=7, x-foo, proxy-revalidate");
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(7);
    assertThat(cacheControl.noCache()).isFalse();
  }

  @Test
  void quotedValues() {
    CacheControl cacheControl = parse("private=\"Set-Cookie, X-Foo\", max-age=\"60\"");
    assertThat(cacheControl.isPrivate()).isTrue();
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(60);
  }

  @Test
  void commasAndSemicolonsInsideQuotesDoNotSplit() {
    CacheControl cacheControl =
        parse("no-cache=\"a, max-age=5; no-store\", s-maxage=9");
    assertThat(cacheControl.noCache()).isTrue();
    assertThat(cacheControl.noStore()).isFalse();
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(-1);
    assertThat(cacheControl.sMaxAgeSeconds()).isEqualTo(9);
  }

  @Test
  void escapedQuoteInsideQuotedString() {
    CacheControl cacheControl = parse("private=\"a\\\", no-store\", max-age=3");
    assertThat(cacheControl.noStore()).isFalse();
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(3);
  }

  @Test
  void unterminatedQuoteRunsToTheEnd() {
    CacheControl cacheControl = parse("private=\"a, no-store");
    assertThat(cacheControl.isPrivate()).isTrue();
    assertThat(cacheControl.noStore()).isFalse();
  }

  @Test
  void whitespaceAndSeparators() {
    CacheControl cacheControl = parse(" , max-age = 10 ;no-store,,\tpublic ,");
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(10);
    assertThat(cacheControl.noStore()).isTrue();
    assertThat(cacheControl.isPublic()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"max-age", "max-age=", "max-age=-1", "max-age=1.5", "max-age=60s",
      "max-age=abc", "max-age=+60", "max-age=\"\"", "max-age=\" 60\"", "max-age=0x10",
      "max-age=６０"})
  void invalidMaxAgeMeansStale(String value) {
    assertThat(parse(value).maxAgeSeconds()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"s-maxage", "s-maxage=-5", "s-maxage=5.0", "s-maxage=5m"})
  void invalidSMaxAgeMeansStale(String value) {
    assertThat(parse(value).sMaxAgeSeconds()).isZero();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "max-age=0|0",
      "max-age=00060|60",
      "max-age=2147483647|2147483647",
      "max-age=2147483648|2147483647",
      "max-age=99999999999999999999999999|2147483647"})
  void maxAgeValues(String value, int expected) {
    assertThat(parse(value).maxAgeSeconds()).isEqualTo(expected);
  }

  @Test
  void firstOccurrenceWins() {
    assertThat(parse("max-age=10, max-age=20").maxAgeSeconds()).isEqualTo(10);
    assertThat(parse("max-age=abc, max-age=20").maxAgeSeconds()).isZero();
    assertThat(parse("s-maxage=1, s-maxage=2").sMaxAgeSeconds()).isEqualTo(1);
    assertThat(parse("max-stale=1, max-stale").maxStaleSeconds()).isEqualTo(1);
    assertThat(parse("min-fresh=x, min-fresh=2").minFreshSeconds()).isEqualTo(-1);
    CacheControl acrossLines = CacheControl.parse(
        Headers.of("Cache-Control", "max-age=10", "Cache-Control", "max-age=20"));
    assertThat(acrossLines.maxAgeSeconds()).isEqualTo(10);
  }

  @Test
  void maxStale() {
    assertThat(parse("max-stale").maxStaleSeconds()).isEqualTo(Integer.MAX_VALUE);
    assertThat(parse("max-stale=30").maxStaleSeconds()).isEqualTo(30);
    assertThat(parse("max-stale=\"30\"").maxStaleSeconds()).isEqualTo(30);
    assertThat(parse("max-stale=-1").maxStaleSeconds()).isEqualTo(-1);
    assertThat(parse("max-stale=soon").maxStaleSeconds()).isEqualTo(-1);
  }

  @Test
  void invalidOtherDurationsAreIgnored() {
    CacheControl cacheControl =
        parse("min-fresh=1.5, stale-while-revalidate=-1, stale-if-error, s-maxage=4");
    assertThat(cacheControl.minFreshSeconds()).isEqualTo(-1);
    assertThat(cacheControl.staleWhileRevalidateSeconds()).isEqualTo(-1);
    assertThat(cacheControl.staleIfErrorSeconds()).isEqualTo(-1);
    assertThat(cacheControl.sMaxAgeSeconds()).isEqualTo(4);
  }

  @Test
  void multipleHeaderLinesAreCombined() {
    Headers headers = Headers.of(
        "Cache-Control", "max-age=12",
        "Content-Type", "text/plain",
        "cache-control", "no-store, must-revalidate");
    CacheControl cacheControl = CacheControl.parse(headers);
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(12);
    assertThat(cacheControl.noStore()).isTrue();
    assertThat(cacheControl.mustRevalidate()).isTrue();
    assertThat(cacheControl).hasToString("no-store, max-age=12, must-revalidate");
  }

  @Test
  void pragmaNoCache() {
    CacheControl cacheControl = CacheControl.parse(Headers.of("Pragma", "no-cache"));
    assertThat(cacheControl.noCache()).isTrue();
    assertThat(cacheControl).hasToString("no-cache");
  }

  @Test
  void pragmaOnlyContributesNoCache() {
    CacheControl cacheControl =
        CacheControl.parse(Headers.of("Pragma", "max-age=5, no-store, x"));
    assertThat(cacheControl.noCache()).isFalse();
    assertThat(cacheControl.noStore()).isFalse();
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(-1);
  }

  @Test
  void pragmaWithCacheControlComputesHeaderValue() {
    CacheControl cacheControl = CacheControl.parse(
        Headers.of("Cache-Control", "max-age=60", "Pragma", "no-cache"));
    assertThat(cacheControl.noCache()).isTrue();
    assertThat(cacheControl).hasToString("no-cache, max-age=60");
  }

  @Test
  void singleHeaderValueIsKeptForToString() {
    String value = "Max-Age=\"60\" , private=\"X\"";
    assertThat(parse(value)).hasToString(value);
    assertThat(parse(value).toString()).isSameAs(parse(value).toString()).isEqualTo(value);
  }

  @Test
  void builder() {
    CacheControl cacheControl = new CacheControl.Builder()
        .noCache()
        .noStore()
        .maxAge(Duration.ofSeconds(1))
        .maxStale(Duration.ofSeconds(2))
        .minFresh(Duration.ofSeconds(3))
        .onlyIfCached()
        .noTransform()
        .immutable()
        .build();
    assertThat(cacheControl).hasToString("no-cache, no-store, max-age=1, max-stale=2, "
        + "min-fresh=3, only-if-cached, no-transform, immutable");
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(1);
    assertThat(cacheControl.maxStaleSeconds()).isEqualTo(2);
    assertThat(cacheControl.minFreshSeconds()).isEqualTo(3);
    assertThat(CacheControl.parse(Headers.of("Cache-Control", cacheControl.toString())))
        .hasToString(cacheControl.toString());
  }

  @Test
  void builderTruncatesAndClampsDurations() {
    CacheControl cacheControl = new CacheControl.Builder()
        .maxAge(Duration.ofMillis(1999))
        .maxStale(Duration.ofDays(100_000))
        .minFresh(Duration.ZERO)
        .build();
    assertThat(cacheControl.maxAgeSeconds()).isEqualTo(1);
    assertThat(cacheControl.maxStaleSeconds()).isEqualTo(Integer.MAX_VALUE);
    assertThat(cacheControl.minFreshSeconds()).isZero();
  }

  @Test
  void builderRejectsNegativeDurationsNamingTheDirective() {
    assertThatThrownBy(() -> new CacheControl.Builder().maxAge(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max-age must not be negative but was PT-1S");
    assertThatThrownBy(() -> new CacheControl.Builder().maxStale(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("max-stale must not be negative");
    assertThatThrownBy(() -> new CacheControl.Builder().minFresh(Duration.ofHours(-2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("min-fresh must not be negative but was PT-2H");
    assertThatThrownBy(() -> new CacheControl.Builder().maxAge(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max-age == null");
  }

  @Test
  void constants() {
    assertThat(CacheControl.FORCE_NETWORK.noCache()).isTrue();
    assertThat(CacheControl.FORCE_NETWORK).hasToString("no-cache");
    assertThat(CacheControl.FORCE_CACHE.onlyIfCached()).isTrue();
    assertThat(CacheControl.FORCE_CACHE.maxStaleSeconds()).isEqualTo(Integer.MAX_VALUE);
    assertThat(CacheControl.FORCE_CACHE).hasToString("max-stale=2147483647, only-if-cached");
  }

  @Test
  void nullHeadersAreRejected() {
    assertThatThrownBy(() -> CacheControl.parse(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
