package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlTest {

  static Stream<Arguments> canonicalForms() {
    return Stream.of(
        // Scheme and host case, default ports, empty path.
        Arguments.of("http://example.com", "http://example.com/"),
        Arguments.of("HTTP://EXAMPLE.COM/", "http://example.com/"),
        Arguments.of("HtTpS://Example.Com/A", "https://example.com/A"),
        Arguments.of("http://example.com:80/", "http://example.com/"),
        Arguments.of("https://example.com:443/", "https://example.com/"),
        Arguments.of("http://example.com:443/", "http://example.com:443/"),
        Arguments.of("https://example.com:80/", "https://example.com:80/"),
        Arguments.of("http://example.com:8080", "http://example.com:8080/"),
        Arguments.of("http://example.com:00080/", "http://example.com/"),
        Arguments.of("http://example.com:/", "http://example.com/"),
        Arguments.of("http://example.com:65535/", "http://example.com:65535/"),
        Arguments.of("http://example.com:1/", "http://example.com:1/"),
        // Leading and trailing spaces are trimmed.
        Arguments.of("  http://example.com/  ", "http://example.com/"),
        // Slashes: backslash is a slash; any number of them after the scheme.
        Arguments.of("http:\\\\example.com\\a\\b", "http://example.com/a/b"),
        Arguments.of("http:/example.com/", "http://example.com/"),
        Arguments.of("http:example.com/", "http://example.com/"),
        Arguments.of("http:///example.com/", "http://example.com/"),
        Arguments.of("http:////example.com/", "http://example.com/"),
        Arguments.of("http://example.com\\a", "http://example.com/a"),
        // Dot segments.
        Arguments.of("http://h/a/./b", "http://h/a/b"),
        Arguments.of("http://h/a/../b", "http://h/b"),
        Arguments.of("http://h/a/b/..", "http://h/a/"),
        Arguments.of("http://h/a/b/.", "http://h/a/b/"),
        Arguments.of("http://h/..", "http://h/"),
        Arguments.of("http://h/../../a", "http://h/a"),
        Arguments.of("http://h/a/%2e/b", "http://h/a/b"),
        Arguments.of("http://h/a/%2E%2e/b", "http://h/b"),
        Arguments.of("http://h/a/.%2E/b", "http://h/b"),
        Arguments.of("http://h/a/%2e./b", "http://h/b"),
        Arguments.of("http://h/a/.../b", "http://h/a/.../b"),
        Arguments.of("http://h/a/..b/c", "http://h/a/..b/c"),
        Arguments.of("http://h/a//b", "http://h/a//b"),
        Arguments.of("http://h/a/", "http://h/a/"),
        // Query and fragment presence.
        Arguments.of("http://h/?", "http://h/?"),
        Arguments.of("http://h/#", "http://h/#"),
        Arguments.of("http://h?q", "http://h/?q"),
        Arguments.of("http://h#f", "http://h/#f"),
        Arguments.of("http://h/?a=1&b=2#c", "http://h/?a=1&b=2#c"),
        Arguments.of("http://h/?a?b/c#d?e#f", "http://h/?a?b/c#d?e#f"),
        // Userinfo.
        Arguments.of("http://user@h/", "http://user@h/"),
        Arguments.of("http://user:pass@h/", "http://user:pass@h/"),
        Arguments.of("http://:pass@h/", "http://:pass@h/"),
        Arguments.of("http://user:@h/", "http://user@h/"),
        Arguments.of("http://@h/", "http://h/"),
        Arguments.of("http://a@b@h/", "http://a%40b@h/"),
        Arguments.of("http://a:b@c:d@h/", "http://a:b%40c%3Ad@h/"),
        Arguments.of("http://a:b:c@h/", "http://a:b%3Ac@h/"),
        // IP literals.
        Arguments.of("http://192.168.0.1/", "http://192.168.0.1/"),
        Arguments.of("http://0x7f.1/", "http://127.0.0.1/"),
        Arguments.of("http://0177.0.0.1/", "http://127.0.0.1/"),
        Arguments.of("http://2130706433/", "http://127.0.0.1/"),
        Arguments.of("http://127.1/", "http://127.0.0.1/"),
        Arguments.of("http://1.2.3.4./", "http://1.2.3.4/"),
        Arguments.of("http://[::1]/", "http://[::1]/"),
        Arguments.of("http://[::1]:8080/", "http://[::1]:8080/"),
        Arguments.of("http://[2001:DB8::0:1]/", "http://[2001:db8::1]/"),
        Arguments.of("http://[::FFFF:192.168.0.1]/", "http://[::ffff:c0a8:1]/"),
        // Host percent-decoding and IDN.
        Arguments.of("http://%65xample.com/", "http://example.com/"),
        Arguments.of("http://EXAMPLE%2Ecom/", "http://example.com/"),
        Arguments.of("http://bücher.de/", "http://xn--bcher-kva.de/"),
        Arguments.of("http://B%C3%BCcher.de/", "http://xn--bcher-kva.de/"),
        Arguments.of("http://☃.net/", "http://xn--n3h.net/"),
        Arguments.of("http://example.com./", "http://example.com./"),
        Arguments.of("http://under_score.example/", "http://under_score.example/"),
        // Percent-encoding per component.
        Arguments.of("http://h/a b", "http://h/a%20b"),
        Arguments.of("http://h/a\"<>^`{|}b", "http://h/a%22%3C%3E%5E%60%7B%7C%7Db"),
        Arguments.of("http://h/a%20b%zz%", "http://h/a%20b%zz%"),
        Arguments.of("http://h/é", "http://h/%C3%A9"),
        Arguments.of("http://h/\uD83D\uDE00", "http://h/%F0%9F%98%80"),
        Arguments.of("http://h/!$&'()*+,;=:@[]~", "http://h/!$&'()*+,;=:@[]~"),
        Arguments.of("http://h/?a b\"'<>", "http://h/?a%20b%22%27%3C%3E"),
        Arguments.of("http://h/?a=b+c&d=é", "http://h/?a=b+c&d=%C3%A9"),
        Arguments.of("http://h/?{|}^`\\[]", "http://h/?{|}^`\\[]"),
        Arguments.of("http://h/#a b\"<>`", "http://h/#a%20b%22%3C%3E%60"),
        Arguments.of("http://h/#é#{}", "http://h/#%C3%A9#{}"),
        Arguments.of("http://us er:pa\"ss@h/", "http://us%20er:pa%22ss@h/"),
        Arguments.of("http://ü:é@h/", "http://%C3%BC:%C3%A9@h/"));
  }

  @ParameterizedTest
  @MethodSource("canonicalForms")
  void parseCanonicalizes(String input, String expected) {
    HttpUrl url = HttpUrl.get(input);
    assertThat(url).hasToString(expected);
    assertThat(HttpUrl.parse(input)).isEqualTo(url);
    // The canonical form is a fixed point.
    assertThat(HttpUrl.get(expected)).hasToString(expected);
    // And java.net.URI accepts a form of it.
    assertThat(HttpUrl.get(url.uri())).isNotNull();
  }

  static Stream<Arguments> invalidUrls() {
    return Stream.of(
        Arguments.of("", "Expected URL scheme 'http' or 'https' but no scheme was found for \"\""),
        Arguments.of("example.com", "no scheme was found for \"example.com\""),
        Arguments.of("/path", "no scheme was found"),
        Arguments.of("ftp://example.com/", "Expected URL scheme 'http' or 'https' but was 'ftp'"),
        Arguments.of("mailto:a@b.c", "but was 'mailto'"),
        Arguments.of("ws://example.com/", "but was 'ws'"),
        Arguments.of("httpx://example.com/", "but was 'httpx'"),
        Arguments.of("http://", "Invalid URL host: \"\""),
        Arguments.of("http:///", "Invalid URL host: \"\""),
        Arguments.of("http://user@/", "Invalid URL host: \"\""),
        Arguments.of("http://:80/", "Invalid URL host: \"\""),
        Arguments.of("http://?q", "Invalid URL host: \"\""),
        Arguments.of("http://#f", "Invalid URL host: \"\""),
        Arguments.of("http://exa mple.com/", "Invalid URL host: \"exa mple.com\""),
        Arguments.of("http://a<b/", "Invalid URL host"),
        Arguments.of("http://a^b/", "Invalid URL host"),
        Arguments.of("http://a|b/", "Invalid URL host"),
        Arguments.of("http://a\"b/", "Invalid URL host"),
        Arguments.of("http://a{b/", "Invalid URL host"),
        Arguments.of("http://a%b/", "Invalid URL host"),
        Arguments.of("http://a%25b/", "Invalid URL host"),
        Arguments.of("http://a%00b/", "Invalid URL host"),
        Arguments.of("http://a%0d%0ab/", "Invalid URL host"),
        Arguments.of("http://a%20b/", "Invalid URL host"),
        Arguments.of("http://a%2fb/", "Invalid URL host"),
        Arguments.of("http://256.0.0.1/", "Invalid URL host: \"256.0.0.1\""),
        Arguments.of("http://1.2.3.4.5/", "Invalid URL host"),
        Arguments.of("http://1.2.3.09/", "Invalid URL host"),
        Arguments.of("http://example.0x/", "Invalid URL host"),
        Arguments.of("http://4294967296/", "Invalid URL host"),
        Arguments.of("http://1.16777216/", "Invalid URL host"),
        Arguments.of("http://[::1/", "Invalid URL host"),
        Arguments.of("http://[::1]x/", "Invalid URL host"),
        Arguments.of("http://[]/", "Invalid URL host"),
        Arguments.of("http://[1:2:3:4:5:6:7:8:9]/", "Invalid URL host"),
        Arguments.of("http://[1::2::3]/", "Invalid URL host"),
        Arguments.of("http://[fe80::1%25eth0]/", "Invalid URL host"),
        Arguments.of("http://[::1.2.3.256]/", "Invalid URL host"),
        Arguments.of("http://[example.com]/", "Invalid URL host"),
        Arguments.of("http://::1/", "Invalid URL host: \"\""),
        Arguments.of("http://h:0/", "Invalid URL port: \"0\""),
        Arguments.of("http://h:65536/", "Invalid URL port: \"65536\""),
        Arguments.of("http://h:99999999999999999999/", "Invalid URL port"),
        Arguments.of("http://h:8o/", "Invalid URL port: \"8o\""),
        Arguments.of("http://h:-1/", "Invalid URL port: \"-1\""),
        Arguments.of("http://h:+80/", "Invalid URL port"),
        Arguments.of("http://h: 80/", "Invalid URL port"),
        Arguments.of("http://h:80:80/", "Invalid URL port"));
  }

  @ParameterizedTest
  @MethodSource("invalidUrls")
  void invalidUrlsAreRejected(String input, String message) {
    assertThat(HttpUrl.parse(input)).isNull();
    assertThatThrownBy(() -> HttpUrl.get(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void unsupportedSchemeMessageNamesSchemeAndInput() {
    assertThatThrownBy(() -> HttpUrl.get("ftp://example.com/file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Expected URL scheme 'http' or 'https' but was 'ftp' in "
            + "\"ftp://example.com/file\"");
  }

  @Test
  void hostErrorMessageNamesHostAndInput() {
    assertThatThrownBy(() -> HttpUrl.get("http://a b/"))
        .hasMessage("Invalid URL host: \"a b\" in \"http://a b/\"");
    assertThatThrownBy(() -> HttpUrl.get("http://h:70000/x"))
        .hasMessage("Invalid URL port: \"70000\" in \"http://h:70000/x\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://example.com/a\r\nHost: evil",
      "http://example.com/\n",
      "http://example.com/\r",
      "http://exa\tmple.com/",
      "\thttp://example.com/",
      "http://example.com/\t",
      "http://example.com/\u0000",
      "http://example.com/?q=\u0001",
      "http://example.com/#\u001f",
      "http://us\ber@example.com/",
      "ht\ntp://example.com/",
      "http://example.com:8\r0/",
      "http://example.com/\u007f",
      "http://example.com\u000b/"})
  void controlCharactersAnywhereAreRejected(String input) {
    assertThat(HttpUrl.parse(input)).isNull();
    assertThatThrownBy(() -> HttpUrl.get(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid URL: control character ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n", "\t", "\u0000"));
  }

  @Test
  void controlCharacterMessageIsEscaped() {
    assertThatThrownBy(() -> HttpUrl.get("http://example.com/a\r\nSet-Cookie: x=1"))
        .hasMessage("Invalid URL: control character \"\\r\" at index 20 in "
            + "\"http://example.com/a\\r\\nSet-Cookie: x=1\"");
    assertThatThrownBy(() -> HttpUrl.get("http://h/\u0000"))
        .hasMessage(
            "Invalid URL: control character \"\\u0000\" at index 9 in \"http://h/\\u0000\"");
  }

  @Test
  void relativeResolutionAlsoRejectsControlCharacters() {
    HttpUrl base = HttpUrl.get("http://example.com/a/b");
    assertThat(base.resolve("c\r\nd")).isNull();
    assertThat(base.resolve("\n/c")).isNull();
    assertThat(base.newBuilder("?a=\t")).isNull();
  }

  @Test
  void nullInputIsAnIllegalArgument() {
    assertThatThrownBy(() -> HttpUrl.get((String) null)).hasMessage("url == null");
    assertThatThrownBy(() -> HttpUrl.parse((String) null)).hasMessage("url == null");
  }

  @Test
  void accessors() {
    HttpUrl url = HttpUrl.get(
        "https://us%20er:p%40ss@Example.COM:8443/a%2Fb/c%20d?x=1&y=a+b&z#fr%20ag");
    assertThat(url.scheme()).isEqualTo("https");
    assertThat(url.isHttps()).isTrue();
    assertThat(url.encodedUsername()).isEqualTo("us%20er");
    assertThat(url.username()).isEqualTo("us er");
    assertThat(url.encodedPassword()).isEqualTo("p%40ss");
    assertThat(url.password()).isEqualTo("p@ss");
    assertThat(url.host()).isEqualTo("example.com");
    assertThat(url.port()).isEqualTo(8443);
    assertThat(url.pathSize()).isEqualTo(2);
    assertThat(url.encodedPath()).isEqualTo("/a%2Fb/c%20d");
    assertThat(url.encodedPathSegments()).containsExactly("a%2Fb", "c%20d");
    assertThat(url.pathSegments()).containsExactly("a/b", "c d");
    assertThat(url.encodedQuery()).isEqualTo("x=1&y=a+b&z");
    assertThat(url.query()).isEqualTo("x=1&y=a b&z");
    assertThat(url.querySize()).isEqualTo(3);
    assertThat(url.encodedFragment()).isEqualTo("fr%20ag");
    assertThat(url.fragment()).isEqualTo("fr ag");
  }

  @Test
  void accessorsOfMinimalUrl() {
    HttpUrl url = HttpUrl.get("http://h");
    assertThat(url.isHttps()).isFalse();
    assertThat(url.username()).isEmpty();
    assertThat(url.password()).isEmpty();
    assertThat(url.port()).isEqualTo(80);
    assertThat(url.encodedPath()).isEqualTo("/");
    assertThat(url.pathSize()).isEqualTo(1);
    assertThat(url.pathSegments()).containsExactly("");
    assertThat(url.encodedQuery()).isNull();
    assertThat(url.query()).isNull();
    assertThat(url.querySize()).isZero();
    assertThat(url.queryParameterNames()).isEmpty();
    assertThat(url.queryParameter("a")).isNull();
    assertThat(url.queryParameterValues("a")).isEmpty();
    assertThat(url.encodedFragment()).isNull();
    assertThat(url.fragment()).isNull();
  }

  @Test
  void httpsDefaultPort() {
    assertThat(HttpUrl.get("https://h/").port()).isEqualTo(443);
    assertThat(HttpUrl.defaultPort("http")).isEqualTo(80);
    assertThat(HttpUrl.defaultPort("https")).isEqualTo(443);
    assertThat(HttpUrl.defaultPort("ftp")).isEqualTo(-1);
  }

  @Test
  void encodedPathAndQueryForRequestTarget() {
    HttpUrl url = HttpUrl.get("http://h:8080/a/b?c=d#e");
    assertThat(url.encodedPath()).isEqualTo("/a/b");
    assertThat(url.encodedQuery()).isEqualTo("c=d");
    assertThat(HttpUrl.get("http://h/a#b?c").encodedPath()).isEqualTo("/a");
    assertThat(HttpUrl.get("http://h/a#b?c").encodedQuery()).isNull();
    assertThat(HttpUrl.get("http://h/?#").encodedQuery()).isEmpty();
    assertThat(HttpUrl.get("http://h/?a#").encodedQuery()).isEqualTo("a");
  }

  @Test
  void queryParameters() {
    HttpUrl url = HttpUrl.get("http://h/?a=1&b=2&a=3&c&d=&%61=4&e+f=g%20h");
    assertThat(url.querySize()).isEqualTo(7);
    assertThat(url.queryParameter("a")).isEqualTo("1");
    assertThat(url.queryParameterValues("a")).containsExactly("1", "3", "4");
    assertThat(url.queryParameter("c")).isNull();
    assertThat(url.queryParameterValues("c")).containsExactly((String) null);
    assertThat(url.queryParameter("d")).isEmpty();
    assertThat(url.queryParameter("e f")).isEqualTo("g h");
    assertThat(url.queryParameter("missing")).isNull();
    assertThat(url.queryParameterNames()).containsExactly("a", "b", "c", "d", "e f");
    assertThat(url.queryParameterName(0)).isEqualTo("a");
    assertThat(url.queryParameterValue(0)).isEqualTo("1");
    assertThat(url.queryParameterName(3)).isEqualTo("c");
    assertThat(url.queryParameterValue(3)).isNull();
    assertThat(url.queryParameterName(5)).isEqualTo("a");
    assertThatThrownBy(() -> url.queryParameterName(7))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> url.queryParameterValue(-1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void emptyQueryHasOneEmptyParameter() {
    HttpUrl url = HttpUrl.get("http://h/?");
    assertThat(url.querySize()).isEqualTo(1);
    assertThat(url.queryParameterName(0)).isEmpty();
    assertThat(url.queryParameterValue(0)).isNull();
    assertThat(url.query()).isEmpty();
  }

  @Test
  void queryAccessorsAreImmutable() {
    HttpUrl url = HttpUrl.get("http://h/a/b?x=1");
    assertThatThrownBy(() -> url.encodedPathSegments().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> url.pathSegments().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> url.queryParameterNames().add("y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> url.queryParameterValues("x").add("y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void decodingInvalidUtf8GivesReplacementCharacter() {
    HttpUrl url = HttpUrl.get("http://h/%FF%FE?a=%C3#%E2%82");
    assertThat(url.pathSegments()).containsExactly("\uFFFD\uFFFD");
    assertThat(url.queryParameter("a")).isEqualTo("\uFFFD");
    assertThat(url.fragment()).isEqualTo("\uFFFD");
  }

  @Test
  void decodingKeepsInvalidEscapes() {
    HttpUrl url = HttpUrl.get("http://h/%zz%4?a=%");
    assertThat(url.pathSegments()).containsExactly("%zz%4");
    assertThat(url.queryParameter("a")).isEqualTo("%");
  }

  @Test
  void ipv6Hosts() {
    assertThat(HttpUrl.get("http://[::1]/").host()).isEqualTo("::1");
    assertThat(HttpUrl.get("http://[0:0:0:0:0:0:0:1]/").host()).isEqualTo("::1");
    assertThat(HttpUrl.get("http://[::]/").host()).isEqualTo("::");
    assertThat(HttpUrl.get("http://[2001:0DB8:0000:0000:0000:ff00:0042:8329]/").host())
        .isEqualTo("2001:db8::ff00:42:8329");
    assertThat(HttpUrl.get("http://[2001:db8:0:1:1:1:1:1]/").host())
        .isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(HttpUrl.get("http://[2001:0:0:1:0:0:0:1]/").host()).isEqualTo("2001:0:0:1::1");
    assertThat(HttpUrl.get("http://[1:0:0:2:0:0:3:4]/").host()).isEqualTo("1::2:0:0:3:4");
    assertThat(HttpUrl.get("http://[1::]/").host()).isEqualTo("1::");
    assertThat(HttpUrl.get("http://[::ffff:1.2.3.4]/").host()).isEqualTo("::ffff:102:304");
    assertThat(HttpUrl.get("http://[::1]:8080/").port()).isEqualTo(8080);
    assertThat(HttpUrl.get("http://[::1]:8080/").redact()).isEqualTo("http://[::1]:8080/...");
  }

  @Test
  void internationalizedHosts() {
    assertThat(HttpUrl.get("http://ÉXAMPLE.com/").host()).isEqualTo("xn--xample-9ua.com");
    assertThat(HttpUrl.get("http://münchen.DE/").host()).isEqualTo("xn--mnchen-3ya.de");
    assertThat(HttpUrl.get("http://例え.テスト/").host()).isEqualTo("xn--r8jz45g.xn--zckzah");
    assertThat(HttpUrl.get("http://xn--mnchen-3ya.de/").host()).isEqualTo("xn--mnchen-3ya.de");
    assertThat(HttpUrl.get("http://example\u3002com/").host()).isEqualTo("example.com");
    assertThat(HttpUrl.get("http://ＥＸＡＭＰＬＥ.com/").host()).isEqualTo("example.com");
  }

  @Test
  void idnMappingThatProducesForbiddenCharactersIsRejected() {
    // U+FF0F FULLWIDTH SOLIDUS maps to '/'.
    assertThat(HttpUrl.parse("http://a\uFF0Fb.com/")).isNull();
    // U+FFFD (from invalid percent-encoded UTF-8) is prohibited.
    assertThat(HttpUrl.parse("http://%FF.com/")).isNull();
  }

  @Test
  void getFromUriAndUrl() throws Exception {
    assertThat(HttpUrl.get(new URI("http://example.com/a?b#c")))
        .hasToString("http://example.com/a?b#c");
    assertThat(HttpUrl.get(new URL("https://example.com:8443/a")))
        .hasToString("https://example.com:8443/a");
    assertThat(HttpUrl.parse(new URI("mailto:a@example.com"))).isNull();
    assertThat(HttpUrl.parse(new URL("ftp://example.com/"))).isNull();
    assertThatThrownBy(() -> HttpUrl.get(new URI("ftp://example.com/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but was 'ftp'");
  }

  @Test
  void uriEncodesWhatJavaNetUriRefuses() {
    HttpUrl url = HttpUrl.get("http://h/[a]|b?c=|{}\\^`&d=%zz#e{|}^\\#");
    URI uri = url.uri();
    assertThat(uri.toString())
        .isEqualTo("http://h/%5Ba%5D%7Cb?c=%7C%7B%7D%5C%5E%60&d=%25zz#e%7B%7C%7D%5E%5C%23");
    assertThat(uri.getHost()).isEqualTo("h");
    assertThat(uri.getRawPath()).isEqualTo("/%5Ba%5D%7Cb");
  }

  @Test
  void uriAndUrlOfPlainUrl() throws Exception {
    HttpUrl url = HttpUrl.get("https://user:pw@[::1]:8443/a%20b?q=1#f");
    assertThat(url.uri()).isEqualTo(new URI("https://user:pw@[::1]:8443/a%20b?q=1#f"));
    assertThat(url.url().toString()).isEqualTo("https://user:pw@[::1]:8443/a%20b?q=1#f");
    assertThat(url.uri().getHost()).isEqualTo("[::1]");
    assertThat(url.uri().getPort()).isEqualTo(8443);
  }

  @Test
  void hostHeaderBracketsIpv6AndLeavesOutTheDefaultPort() {
    assertThat(HttpUrl.get("http://example.com/a").hostHeader()).isEqualTo("example.com");
    assertThat(HttpUrl.get("https://example.com:443/").hostHeader()).isEqualTo("example.com");
    assertThat(HttpUrl.get("https://example.com:80/").hostHeader()).isEqualTo("example.com:80");
    assertThat(HttpUrl.get("http://user:pw@127.0.0.1:8080/?q#f").hostHeader())
        .isEqualTo("127.0.0.1:8080");
    assertThat(HttpUrl.get("http://[::1]/").hostHeader()).isEqualTo("[::1]");
    assertThat(HttpUrl.get("https://[2001:DB8::1]:8443/").hostHeader())
        .isEqualTo("[2001:db8::1]:8443");
  }

  @Test
  void redactLeavesOutCredentialsPathQueryAndFragment() {
    assertThat(HttpUrl.get("https://user:secret@example.com/private/path?token=x#f").redact())
        .isEqualTo("https://example.com/...");
    assertThat(HttpUrl.get("http://example.com:8080/").redact())
        .isEqualTo("http://example.com:8080/...");
  }

  @Test
  void equalsAndHashCodeUseCanonicalForm() {
    HttpUrl a = HttpUrl.get("HTTP://Example.com:80/a/./b");
    HttpUrl b = HttpUrl.get("http://example.com/a/b");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(HttpUrl.get("http://example.com/a/b/"));
    assertThat(a).isNotEqualTo(HttpUrl.get("https://example.com/a/b"));
    assertThat(a).isNotEqualTo("http://example.com/a/b");
    // Percent-encoding differences are significant: %41 is not A in a path.
    assertThat(HttpUrl.get("http://h/%41")).isNotEqualTo(HttpUrl.get("http://h/A"));
  }

  static Stream<Arguments> resolutions() {
    // RFC 3986 §5.4 normal and abnormal examples, plus WHATWG special-scheme cases.
    return Stream.of(
        Arguments.of("g", "http://a/b/c/g"),
        Arguments.of("./g", "http://a/b/c/g"),
        Arguments.of("g/", "http://a/b/c/g/"),
        Arguments.of("/g", "http://a/g"),
        Arguments.of("//g", "http://g/"),
        Arguments.of("?y", "http://a/b/c/d;p?y"),
        Arguments.of("g?y", "http://a/b/c/g?y"),
        Arguments.of("#s", "http://a/b/c/d;p?q#s"),
        Arguments.of("g#s", "http://a/b/c/g#s"),
        Arguments.of("g?y#s", "http://a/b/c/g?y#s"),
        Arguments.of(";x", "http://a/b/c/;x"),
        Arguments.of("g;x", "http://a/b/c/g;x"),
        Arguments.of("g;x?y#s", "http://a/b/c/g;x?y#s"),
        Arguments.of("", "http://a/b/c/d;p?q"),
        Arguments.of(".", "http://a/b/c/"),
        Arguments.of("./", "http://a/b/c/"),
        Arguments.of("..", "http://a/b/"),
        Arguments.of("../", "http://a/b/"),
        Arguments.of("../g", "http://a/b/g"),
        Arguments.of("../..", "http://a/"),
        Arguments.of("../../", "http://a/"),
        Arguments.of("../../g", "http://a/g"),
        Arguments.of("../../../g", "http://a/g"),
        Arguments.of("../../../../g", "http://a/g"),
        Arguments.of("/./g", "http://a/g"),
        Arguments.of("/../g", "http://a/g"),
        Arguments.of("g.", "http://a/b/c/g."),
        Arguments.of(".g", "http://a/b/c/.g"),
        Arguments.of("g..", "http://a/b/c/g.."),
        Arguments.of("..g", "http://a/b/c/..g"),
        Arguments.of("./../g", "http://a/b/g"),
        Arguments.of("./g/.", "http://a/b/c/g/"),
        Arguments.of("g/./h", "http://a/b/c/g/h"),
        Arguments.of("g/../h", "http://a/b/c/h"),
        Arguments.of("g;x=1/./y", "http://a/b/c/g;x=1/y"),
        Arguments.of("g;x=1/../y", "http://a/b/c/y"),
        Arguments.of("g?y/./x", "http://a/b/c/g?y/./x"),
        Arguments.of("g?y/../x", "http://a/b/c/g?y/../x"),
        Arguments.of("g#s/./x", "http://a/b/c/g#s/./x"),
        Arguments.of("g#s/../x", "http://a/b/c/g#s/../x"),
        // Same special scheme without slashes is relative (WHATWG, RFC 3986 §5.4.2 non-strict).
        Arguments.of("http:g", "http://a/b/c/g"),
        Arguments.of("http:/g", "http://a/g"),
        Arguments.of("http:?x", "http://a/b/c/d;p?x"),
        // Another scheme starts over.
        Arguments.of("https:g", "https://g/"),
        Arguments.of("https://x/y", "https://x/y"),
        Arguments.of("HTTP://X/Y", "http://x/Y"),
        // Backslashes and extra slashes.
        Arguments.of("\\g", "http://a/g"),
        Arguments.of("\\\\g\\h", "http://g/h"),
        Arguments.of("///g", "http://g/"),
        Arguments.of("//user:pw@g:81/h", "http://user:pw@g:81/h"),
        Arguments.of("  g  ", "http://a/b/c/g"),
        Arguments.of("g h", "http://a/b/c/g%20h"),
        Arguments.of("?", "http://a/b/c/d;p?"),
        Arguments.of("#", "http://a/b/c/d;p?q#"));
  }

  @ParameterizedTest
  @MethodSource("resolutions")
  void resolve(String link, String expected) {
    HttpUrl base = HttpUrl.get("http://a/b/c/d;p?q");
    assertThat(base.resolve(link)).hasToString(expected);
    assertThat(base.newBuilder(link).build()).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"g:h", "mailto:x@y", "ftp://a/", "javascript:alert(1)", "//", "//:80/",
      "//h:0/", "//[::1", "a\rb", "http://"})
  void resolveReturnsNullForInvalidResults(String link) {
    HttpUrl base = HttpUrl.get("http://a/b/c/d;p?q");
    assertThat(base.resolve(link)).isNull();
    assertThat(base.newBuilder(link)).isNull();
  }

  @Test
  void resolveKeepsBaseCredentialsAndPortForRelativeLinks() {
    HttpUrl base = HttpUrl.get("http://u:p@h:8080/a/b");
    assertThat(base.resolve("c")).hasToString("http://u:p@h:8080/a/c");
    assertThat(base.resolve("//other/c")).hasToString("http://other/c");
    assertThat(base.resolve("https:c")).hasToString("https://c/");
  }

  @Test
  void resolveFromHttpsBaseToSchemeRelative() {
    HttpUrl base = HttpUrl.get("https://a/b");
    assertThat(base.resolve("//c/d")).hasToString("https://c/d");
    assertThat(base.resolve("http://c/d")).hasToString("http://c/d");
  }

  @Test
  void toStringParsesBackToAnEqualUrl() {
    for (String input : Arrays.asList(
        "http://h/a%2Fb?c=%26&d#e%23", "https://u%3A:p%40@h:1/%2e%2e%2fx", "http://h/?a+b=c+d")) {
      HttpUrl url = HttpUrl.get(input);
      assertThat(HttpUrl.get(url.toString())).isEqualTo(url);
      assertThat(url.newBuilder().build()).isEqualTo(url);
    }
  }
}
