package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.internal.http.HttpDates;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieTest {
  private static final HttpUrl URL = HttpUrl.get("https://www.example.com/a/b/c");
  private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private static Cookie parse(String setCookie) {
    return Cookie.parse(NOW, URL, setCookie);
  }

  private static Cookie parse(String url, String setCookie) {
    return Cookie.parse(NOW, HttpUrl.get(url), setCookie);
  }

  @Test
  void simpleSessionCookie() {
    Cookie cookie = parse("SID=31d4d96e407aad42");
    assertThat(cookie.name()).isEqualTo("SID");
    assertThat(cookie.value()).isEqualTo("31d4d96e407aad42");
    assertThat(cookie.expiresAt()).isEqualTo(HttpDates.MAX_DATE_MILLIS);
    assertThat(cookie.persistent()).isFalse();
    assertThat(cookie.domain()).isEqualTo("www.example.com");
    assertThat(cookie.hostOnly()).isTrue();
    assertThat(cookie.path()).isEqualTo("/a/b");
    assertThat(cookie.secure()).isFalse();
    assertThat(cookie.httpOnly()).isFalse();
    assertThat(cookie.sameSite()).isNull();
    assertThat(cookie).hasToString("SID=31d4d96e407aad42; path=/a/b");
  }

  @Test
  void allAttributes() {
    Cookie cookie = parse("id=a3fWa; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Domain=example.com;"
        + " Path=/docs; Secure; HttpOnly; SameSite=Lax");
    assertThat(cookie.expiresAt()).isEqualTo(Instant.parse("2037-10-21T07:28:00Z").toEpochMilli());
    assertThat(cookie.persistent()).isTrue();
    assertThat(cookie.domain()).isEqualTo("example.com");
    assertThat(cookie.hostOnly()).isFalse();
    assertThat(cookie.path()).isEqualTo("/docs");
    assertThat(cookie.secure()).isTrue();
    assertThat(cookie.httpOnly()).isTrue();
    assertThat(cookie.sameSite()).isEqualTo("Lax");
    assertThat(cookie).hasToString("id=a3fWa; expires=Wed, 21 Oct 2037 07:28:00 GMT;"
        + " domain=example.com; path=/docs; secure; httponly; samesite=Lax");
  }

  @Test
  void attributeNamesAreCaseInsensitiveAndWhitespaceIsTrimmed() {
    Cookie cookie = parse("  a = b  ;  DOMAIN = .Example.COM ; pAtH = /x ; SECURE ; hTtPoNlY ");
    assertThat(cookie.name()).isEqualTo("a");
    assertThat(cookie.value()).isEqualTo("b");
    assertThat(cookie.domain()).isEqualTo("example.com");
    assertThat(cookie.path()).isEqualTo("/x");
    assertThat(cookie.secure()).isTrue();
    assertThat(cookie.httpOnly()).isTrue();
  }

  @Test
  void emptyValueAndQuotedValue() {
    assertThat(parse("a=").value()).isEmpty();
    assertThat(parse("a=\"b c\"").value()).isEqualTo("\"b c\"");
    assertThat(parse("a=b=c").value()).isEqualTo("b=c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "=b", " =b", "; a=b", "a\u00e9=b", "a=b\u00e9", "a\tb=c",
      "a=b\tc", "a=b\r\n", "a=b; path=/\r\nX-Evil: 1", "a=b; samesite=\u0000", "a=b\u007f",
      "a\n=b"})
  void invalidCookiesAreRejected(String setCookie) {
    assertThat(parse(setCookie)).isNull();
  }

  @Test
  void maxAge() {
    Cookie cookie = parse("a=b; Max-Age=60");
    assertThat(cookie.expiresAt()).isEqualTo(NOW + 60_000);
    assertThat(cookie.persistent()).isTrue();
    assertThat(cookie.toString()).contains("expires=Thu, 01 Jan 2026 00:01:00 GMT");
  }

  @Test
  void maxAgeZeroOrNegativeExpiresNow() {
    for (String maxAge : new String[] {"0", "-1", "-9999999999999999999999"}) {
      Cookie cookie = parse("a=b; Max-Age=" + maxAge);
      assertThat(cookie.expiresAt()).isEqualTo(Long.MIN_VALUE);
      assertThat(cookie.persistent()).isTrue();
      assertThat(cookie).hasToString("a=b; max-age=0; path=/a/b");
    }
  }

  @Test
  void hugeMaxAgeIsClamped() {
    assertThat(parse("a=b; Max-Age=99999999999999999999999").expiresAt())
        .isEqualTo(HttpDates.MAX_DATE_MILLIS);
    assertThat(parse("a=b; Max-Age=9223372036854775807").expiresAt())
        .isEqualTo(HttpDates.MAX_DATE_MILLIS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1.5", "+5", "5s", "- 5", "--1"})
  void invalidMaxAgeIsIgnored(String maxAge) {
    Cookie cookie = parse("a=b; Max-Age=" + maxAge);
    assertThat(cookie.persistent()).isFalse();
    assertThat(cookie.expiresAt()).isEqualTo(HttpDates.MAX_DATE_MILLIS);
  }

  @Test
  void maxAgeWinsOverExpiresInEitherOrder() {
    long expected = NOW + 10_000;
    assertThat(parse("a=b; Max-Age=10; Expires=Wed, 21 Oct 2037 07:28:00 GMT").expiresAt())
        .isEqualTo(expected);
    assertThat(parse("a=b; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Max-Age=10").expiresAt())
        .isEqualTo(expected);
  }

  @Test
  void lastAttributeWins() {
    assertThat(parse("a=b; Max-Age=10; Max-Age=20").expiresAt()).isEqualTo(NOW + 20_000);
    assertThat(parse("a=b; Max-Age=10; Max-Age=x").expiresAt()).isEqualTo(NOW + 10_000);
    assertThat(parse("a=b; Path=/x; Path=/y").path()).isEqualTo("/y");
    assertThat(parse("a=b; Path=/x; Path=y").path()).isEqualTo("/a/b");
  }

  @Test
  void expiresIsParsedLeniently() {
    long expected = Instant.parse("2037-10-21T07:28:00Z").toEpochMilli();
    assertThat(parse("a=b; Expires=Wednesday, 21-Oct-37 07:28:00 GMT").expiresAt())
        .isEqualTo(expected);
    assertThat(parse("a=b; expires=21 oct 2037 7:28:00").expiresAt()).isEqualTo(expected);
    assertThat(parse("a=b; expires=Oct 21 07:28:00 2037").expiresAt()).isEqualTo(expected);
  }

  @Test
  void invalidExpiresIsIgnored() {
    Cookie cookie = parse("a=b; Expires=tomorrow");
    assertThat(cookie.persistent()).isFalse();
    assertThat(cookie.expiresAt()).isEqualTo(HttpDates.MAX_DATE_MILLIS);
  }

  @Test
  void expiresInThePast() {
    Cookie cookie = parse("a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    assertThat(cookie.persistent()).isTrue();
    assertThat(cookie.expiresAt()).isZero();
  }

  @Test
  void defaultPath() {
    assertThat(parse("http://h/", "a=b").path()).isEqualTo("/");
    assertThat(parse("http://h/x", "a=b").path()).isEqualTo("/");
    assertThat(parse("http://h/x/", "a=b").path()).isEqualTo("/x");
    assertThat(parse("http://h/x/y?q=/z", "a=b").path()).isEqualTo("/x");
    assertThat(parse("http://h/x/y", "a=b; Path=").path()).isEqualTo("/x");
    assertThat(parse("http://h/x/y", "a=b; Path=relative").path()).isEqualTo("/x");
  }

  @Test
  void domainMustMatchTheHost() {
    assertThat(parse("a=b; Domain=example.com").domain()).isEqualTo("example.com");
    assertThat(parse("a=b; Domain=www.example.com").domain()).isEqualTo("www.example.com");
    assertThat(parse("a=b; Domain=www.example.com").hostOnly()).isFalse();
    assertThat(parse("a=b; Domain=other.com")).isNull();
    assertThat(parse("a=b; Domain=ample.com")).isNull();
    assertThat(parse("a=b; Domain=sub.www.example.com")).isNull();
  }

  @Test
  void singleLabelDomainIsRejectedUnlessItIsTheHost() {
    assertThat(parse("a=b; Domain=com")).isNull();
    assertThat(parse("a=b; Domain=.com")).isNull();
    Cookie localhost = parse("http://localhost/", "a=b; Domain=localhost");
    assertThat(localhost.domain()).isEqualTo("localhost");
    assertThat(localhost.hostOnly()).isFalse();
    assertThat(parse("http://a.localhost/", "a=b; Domain=localhost")).isNull();
  }

  @Test
  void domainOfIpAddressHostMustBeEqual() {
    assertThat(parse("http://192.168.0.1/", "a=b; Domain=192.168.0.1").domain())
        .isEqualTo("192.168.0.1");
    assertThat(parse("http://192.168.0.1/", "a=b; Domain=168.0.1")).isNull();
    assertThat(parse("http://192.168.0.1/", "a=b; Domain=0.1")).isNull();
    assertThat(parse("http://[::1]/", "a=b; Domain=::1").domain()).isEqualTo("::1");
    assertThat(parse("http://[::1]/", "a=b; Domain=[::1]").domain()).isEqualTo("::1");
    assertThat(parse("http://[2001:db8::1]/", "a=b; Domain=db8::1")).isNull();
  }

  @Test
  void invalidDomainAttributeIsIgnored() {
    for (String domain : new String[] {"", ".", "example.com.", "exa mple.com", "a/b"}) {
      Cookie cookie = parse("a=b; Domain=" + domain);
      assertThat(cookie.hostOnly()).as(domain).isTrue();
      assertThat(cookie.domain()).as(domain).isEqualTo("www.example.com");
    }
  }

  @Test
  void internationalizedDomain() {
    Cookie cookie = parse("http://www.bücher.de/", "a=b; Domain=BÜCHER.de");
    assertThat(cookie.domain()).isEqualTo("xn--bcher-kva.de");
  }

  @Test
  void sameSiteValueIsKeptAsGiven() {
    assertThat(parse("a=b; SameSite=Strict").sameSite()).isEqualTo("Strict");
    assertThat(parse("a=b; samesite").sameSite()).isEmpty();
  }

  @Test
  void unknownAttributesAreIgnored() {
    Cookie cookie = parse("a=b; Priority=High; Partitioned; x=y");
    assertThat(cookie.name()).isEqualTo("a");
    assertThat(cookie.persistent()).isFalse();
  }

  @Test
  void parseAll() {
    Headers headers = new Headers.Builder()
        .add("Set-Cookie", "a=1")
        .add("Content-Type", "text/plain")
        .add("set-cookie", "invalid")
        .add("Set-Cookie", "b=2; Domain=evil.com")
        .add("SET-COOKIE", "c=3")
        .build();
    List<Cookie> cookies = Cookie.parseAll(URL, headers);
    assertThat(cookies).extracting(Cookie::name).containsExactly("a", "c");
    assertThat(Cookie.parseAll(URL, Headers.EMPTY)).isEmpty();
  }

  @Test
  void parseUsesTheCurrentTime() {
    long before = System.currentTimeMillis();
    Cookie cookie = Cookie.parse(URL, "a=b; Max-Age=100");
    assertThat(cookie.expiresAt())
        .isBetween(before + 100_000, System.currentTimeMillis() + 100_000);
  }

  @Test
  void matchesHostOnly() {
    Cookie cookie = parse("http://example.com/", "a=b");
    assertThat(cookie.matches(HttpUrl.get("http://example.com/"))).isTrue();
    assertThat(cookie.matches(HttpUrl.get("https://example.com/x"))).isTrue();
    assertThat(cookie.matches(HttpUrl.get("http://www.example.com/"))).isFalse();
    assertThat(cookie.matches(HttpUrl.get("http://other.com/"))).isFalse();
  }

  @Test
  void matchesDomainAndSubdomains() {
    Cookie cookie = parse("a=b; Domain=example.com; Path=/");
    assertThat(cookie.matches(HttpUrl.get("http://example.com/"))).isTrue();
    assertThat(cookie.matches(HttpUrl.get("http://www.example.com/"))).isTrue();
    assertThat(cookie.matches(HttpUrl.get("http://a.b.example.com/"))).isTrue();
    assertThat(cookie.matches(HttpUrl.get("http://badexample.com/"))).isFalse();
    assertThat(cookie.matches(HttpUrl.get("http://example.com.evil/"))).isFalse();
  }

  @Test
  void matchesPath() {
    Cookie cookie = parse("a=b; Path=/docs");
    assertThat(cookie.matches(HttpUrl.get("https://www.example.com/docs"))).isTrue();
    assertThat(cookie.matches(HttpUrl.get("https://www.example.com/docs/"))).isTrue();
    assertThat(cookie.matches(HttpUrl.get("https://www.example.com/docs/web"))).isTrue();
    assertThat(cookie.matches(HttpUrl.get("https://www.example.com/docsets"))).isFalse();
    assertThat(cookie.matches(HttpUrl.get("https://www.example.com/"))).isFalse();
    assertThat(cookie.matches(HttpUrl.get("https://www.example.com/Docs"))).isFalse();
    Cookie slash = parse("a=b; Path=/docs/");
    assertThat(slash.matches(HttpUrl.get("https://www.example.com/docs/x"))).isTrue();
    assertThat(slash.matches(HttpUrl.get("https://www.example.com/docs"))).isFalse();
  }

  @Test
  void matchesSecure() {
    Cookie cookie = parse("a=b; Secure; Path=/");
    assertThat(cookie.matches(HttpUrl.get("https://www.example.com/"))).isTrue();
    assertThat(cookie.matches(HttpUrl.get("http://www.example.com/"))).isFalse();
  }

  @Test
  void builder() {
    Cookie cookie = new Cookie.Builder()
        .name("session")
        .value("a3fWa")
        .domain("Example.COM")
        .path("/api")
        .expiresAt(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli())
        .secure()
        .httpOnly()
        .sameSite("Strict")
        .build();
    assertThat(cookie.domain()).isEqualTo("example.com");
    assertThat(cookie.hostOnly()).isFalse();
    assertThat(cookie.persistent()).isTrue();
    assertThat(cookie).hasToString("session=a3fWa; expires=Tue, 01 Jan 2030 00:00:00 GMT;"
        + " domain=example.com; path=/api; secure; httponly; samesite=Strict");
  }

  @Test
  void builderDefaults() {
    Cookie cookie = new Cookie.Builder().name("a").value("b").hostOnlyDomain("h").build();
    assertThat(cookie.path()).isEqualTo("/");
    assertThat(cookie.hostOnly()).isTrue();
    assertThat(cookie.persistent()).isFalse();
    assertThat(cookie.expiresAt()).isEqualTo(HttpDates.MAX_DATE_MILLIS);
    assertThat(cookie.secure()).isFalse();
    assertThat(cookie.httpOnly()).isFalse();
    assertThat(cookie.sameSite()).isNull();
    assertThat(cookie).hasToString("a=b; path=/");
  }

  @Test
  void builderClampsExpiresAt() {
    Cookie.Builder builder = new Cookie.Builder().name("a").value("b").domain("h");
    assertThat(builder.expiresAt(0).build().expiresAt()).isEqualTo(Long.MIN_VALUE);
    assertThat(builder.expiresAt(-5).build().expiresAt()).isEqualTo(Long.MIN_VALUE);
    assertThat(builder.expiresAt(Long.MAX_VALUE).build().expiresAt())
        .isEqualTo(HttpDates.MAX_DATE_MILLIS);
  }

  @Test
  void builderRequiresNameValueAndDomain() {
    assertThatThrownBy(() -> new Cookie.Builder().value("b").domain("h").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name == null");
    assertThatThrownBy(() -> new Cookie.Builder().name("a").domain("h").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("value == null");
    assertThatThrownBy(() -> new Cookie.Builder().name("a").value("b").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("domain == null");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " a", "a ", "a;b", "a=b", "a\r\nb", "a\tb", "a\u0000", "é", "a\u007f"})
  void builderRejectsInvalidNames(String name) {
    assertThatThrownBy(() -> new Cookie.Builder().name(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid cookie name: \"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u0000"));
  }

  @ParameterizedTest
  @ValueSource(strings = {" a", "a ", "a;b", "a\r\nSet-Cookie: x", "a\tb", "\u0001", "é"})
  void builderRejectsInvalidValues(String value) {
    assertThatThrownBy(() -> new Cookie.Builder().value(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid cookie value: \"");
  }

  @Test
  void builderRejectsOtherInvalidInput() {
    assertThatThrownBy(() -> new Cookie.Builder().domain("a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid cookie domain: \"a b\"");
    assertThatThrownBy(() -> new Cookie.Builder().path("relative"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid cookie path: \"relative\"");
    assertThatThrownBy(() -> new Cookie.Builder().path("/a;b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Cookie.Builder().sameSite("Lax\r\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid cookie sameSite: \"Lax\\r\\n\"");
    assertThatThrownBy(() -> new Cookie.Builder().name(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name == null");
  }

  @Test
  void builderAcceptsValuesThatParsingAccepts() {
    Cookie cookie =
        new Cookie.Builder().name("a b").value("\"c d\"").hostOnlyDomain("h").build();
    assertThat(cookie).hasToString("a b=\"c d\"; path=/");
  }

  @Test
  void newBuilderRoundTrips() {
    Cookie[] cookies = {
        parse("a=b"),
        parse("a=b; Max-Age=0"),
        parse("a=b; Max-Age=100; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=None"),
        parse("a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT")};
    for (Cookie cookie : cookies) {
      assertThat(cookie.newBuilder().build()).isEqualTo(cookie).hasSameHashCodeAs(cookie);
    }
    Cookie changed = cookies[0].newBuilder().value("c").build();
    assertThat(changed.value()).isEqualTo("c");
    assertThat(changed.domain()).isEqualTo("www.example.com");
  }

  @Test
  void equalsAndHashCode() {
    Cookie a = parse("a=b; Path=/");
    assertThat(a).isEqualTo(parse("a=b; Path=/")).hasSameHashCodeAs(parse("a=b; Path=/"));
    assertThat(a).isNotEqualTo(parse("a=c; Path=/"));
    assertThat(a).isNotEqualTo(parse("a=b; Path=/; Secure"));
    assertThat(a).isNotEqualTo(parse("a=b; Path=/; HttpOnly"));
    assertThat(a).isNotEqualTo(parse("a=b; Path=/; Domain=www.example.com"));
    assertThat(a).isNotEqualTo(parse("a=b; Path=/; SameSite=Lax"));
    assertThat(a).isNotEqualTo(parse("a=b; Path=/; Max-Age=5"));
    assertThat(a).isNotEqualTo("a=b");
  }

  @Test
  void toStringParsesBackToAnEqualCookie() {
    Cookie cookie = parse(
        "a=b; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Domain=example.com; Path=/x; Secure");
    assertThat(Cookie.parse(NOW, URL, cookie.toString())).isEqualTo(cookie);
  }

  @Test
  void noCookiesJar() {
    CookieJar jar = CookieJar.NO_COOKIES;
    jar.saveFromResponse(URL, List.of(parse("a=b")));
    assertThat(jar.loadForRequest(URL)).isEmpty();
    assertThat(jar).hasToString("CookieJar.NO_COOKIES");
  }
}
