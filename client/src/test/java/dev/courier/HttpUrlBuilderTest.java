package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlBuilderTest {

  private static HttpUrl.Builder base() {
    return new HttpUrl.Builder().scheme("http").host("h");
  }

  @Test
  void minimalUrl() {
    HttpUrl url = new HttpUrl.Builder().scheme("https").host("example.com").build();
    assertThat(url).hasToString("https://example.com/");
    assertThat(url.port()).isEqualTo(443);
  }

  @Test
  void buildWithoutSchemeOrHostFails() {
    assertThatThrownBy(() -> new HttpUrl.Builder().host("h").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scheme == null");
    assertThatThrownBy(() -> new HttpUrl.Builder().scheme("http").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host == null");
  }

  @Test
  void scheme() {
    assertThat(base().scheme("HTTPS").build()).hasToString("https://h/");
    assertThatThrownBy(() -> base().scheme("ftp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected scheme: \"ftp\"");
    assertThatThrownBy(() -> base().scheme(null)).hasMessage("scheme == null");
  }

  @Test
  void changingSchemeChangesDefaultPort() {
    HttpUrl http = HttpUrl.get("http://h/");
    assertThat(http.newBuilder().scheme("https").build().port()).isEqualTo(443);
    HttpUrl explicit = HttpUrl.get("http://h:8080/");
    assertThat(explicit.newBuilder().scheme("https").build()).hasToString("https://h:8080/");
  }

  @Test
  void host() {
    assertThat(base().host("EXAMPLE.com").build().host()).isEqualTo("example.com");
    assertThat(base().host("bücher.de").build().host()).isEqualTo("xn--bcher-kva.de");
    assertThat(base().host("::1").build()).hasToString("http://[::1]/");
    assertThat(base().host("[::1]").build()).hasToString("http://[::1]/");
    assertThat(base().host("[0:0::1]").build().host()).isEqualTo("::1");
    assertThat(base().host("0x7f.1").build().host()).isEqualTo("127.0.0.1");
    assertThat(base().host("10.0.0.1").build().host()).isEqualTo("10.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a/b", "a:b", "a@b", "a?b", "a#b", "[::1", "::1]", "1::2::3",
      "256.1.1.1", "a%2eb", "a\r\nb", "a\u0000b", "[example.com]"})
  void invalidHostIsRejected(String host) {
    assertThatThrownBy(() -> base().host(host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unexpected host: \"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u0000"));
  }

  @Test
  void hostNull() {
    assertThatThrownBy(() -> base().host(null)).hasMessage("host == null");
  }

  @Test
  void port() {
    assertThat(base().port(8080).build()).hasToString("http://h:8080/");
    assertThat(base().port(80).build()).hasToString("http://h/");
    assertThat(base().port(65535).build().port()).isEqualTo(65535);
    assertThat(base().port(1).build().port()).isEqualTo(1);
    assertThatThrownBy(() -> base().port(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 1..65535 but was 0");
    assertThatThrownBy(() -> base().port(65536))
        .hasMessage("port must be in 1..65535 but was 65536");
    assertThatThrownBy(() -> base().port(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usernameAndPassword() {
    HttpUrl url = base().username("a:b@c/d%").password("p@ss:w/rd%").build();
    assertThat(url).hasToString("http://a%3Ab%40c%2Fd%25:p%40ss%3Aw%2Frd%25@h/");
    assertThat(url.username()).isEqualTo("a:b@c/d%");
    assertThat(url.password()).isEqualTo("p@ss:w/rd%");
  }

  @Test
  void encodedUsernameAndPassword() {
    HttpUrl url = base().encodedUsername("a%20b c").encodedPassword("%zz@").build();
    assertThat(url).hasToString("http://a%20b%20c:%zz%40@h/");
    assertThat(url.username()).isEqualTo("a b c");
    assertThat(url.password()).isEqualTo("%zz@");
  }

  @Test
  void passwordWithoutUsername() {
    assertThat(base().password("pw").build()).hasToString("http://:pw@h/");
    assertThat(HttpUrl.get("http://u:p@h/").newBuilder().username("").password("").build())
        .hasToString("http://h/");
  }

  @Test
  void controlCharactersInComponentsArePercentEncoded() {
    HttpUrl url = base()
        .username("u\r\n")
        .password("p\t")
        .addPathSegment("a\r\nb")
        .addQueryParameter("q\n", "v\r\nX-Injected: 1")
        .fragment("f\u0000\u007f")
        .build();
    assertThat(url.toString()).doesNotContain("\r", "\n", "\t", "\u0000", "\u007f");
    assertThat(url).hasToString(
        "http://u%0D%0A:p%09@h/a%0D%0Ab?q%0A=v%0D%0AX-Injected%3A%201#f%00%7F");
    assertThat(url.pathSegments()).containsExactly("a\r\nb");
    assertThat(url.queryParameter("q\n")).isEqualTo("v\r\nX-Injected: 1");

    HttpUrl encoded = base()
        .encodedPath("/a\r\nb")
        .encodedQuery("x=\r\n")
        .encodedFragment("\n")
        .build();
    assertThat(encoded).hasToString("http://h/a%0D%0Ab?x=%0D%0A#%0A");
  }

  @Test
  void addPathSegment() {
    HttpUrl url = base().addPathSegment("a").addPathSegment("b c").addPathSegment("d/e")
        .addPathSegment("?#%").build();
    assertThat(url).hasToString("http://h/a/b%20c/d%2Fe/%3F%23%25");
    assertThat(url.pathSegments()).containsExactly("a", "b c", "d/e", "?#%");
  }

  @Test
  void addPathSegmentDotSegments() {
    assertThat(base().addPathSegment("a").addPathSegment(".").build()).hasToString("http://h/a");
    assertThat(base().addPathSegments("a/b").addPathSegment("..").build())
        .hasToString("http://h/a/");
    assertThat(base().addPathSegment("..").build()).hasToString("http://h/");
  }

  @Test
  void addPathSegmentToTrailingSlashReplacesEmptySegment() {
    HttpUrl url = HttpUrl.get("http://h/a/");
    assertThat(url.newBuilder().addPathSegment("b").build()).hasToString("http://h/a/b");
    assertThat(url.newBuilder().addPathSegment("").build()).hasToString("http://h/a/");
    assertThat(HttpUrl.get("http://h/a").newBuilder().addPathSegment("").build())
        .hasToString("http://h/a/");
  }

  @Test
  void addPathSegments() {
    assertThat(base().addPathSegments("a/b/c").build()).hasToString("http://h/a/b/c");
    assertThat(base().addPathSegments("a/b/").build()).hasToString("http://h/a/b/");
    assertThat(base().addPathSegments("a\\b").build()).hasToString("http://h/a/b");
    assertThat(base().addPathSegments("a b/c%d").build()).hasToString("http://h/a%20b/c%25d");
    assertThat(base().addPathSegments("a/../b").build()).hasToString("http://h/b");
  }

  @Test
  void addEncodedPathSegment() {
    HttpUrl url = base().addEncodedPathSegment("a%2Fb").addEncodedPathSegment("c d%")
        .addEncodedPathSegment("%2e").build();
    assertThat(url).hasToString("http://h/a%2Fb/c%20d%");
    assertThat(url.pathSegments()).containsExactly("a/b", "c d%");
    assertThat(base().addEncodedPathSegments("a%20b/c").build()).hasToString("http://h/a%20b/c");
  }

  @Test
  void setPathSegment() {
    HttpUrl url = HttpUrl.get("http://h/a/b/c");
    assertThat(url.newBuilder().setPathSegment(1, "x y/z").build())
        .hasToString("http://h/a/x%20y%2Fz/c");
    assertThat(url.newBuilder().setEncodedPathSegment(1, "x%20y").build())
        .hasToString("http://h/a/x%20y/c");
    assertThatThrownBy(() -> url.newBuilder().setPathSegment(0, ".."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected path segment: \"..\"");
    assertThatThrownBy(() -> url.newBuilder().setEncodedPathSegment(0, "%2E"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> url.newBuilder().setPathSegment(3, "x"))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void removePathSegment() {
    HttpUrl url = HttpUrl.get("http://h/a/b/c");
    assertThat(url.newBuilder().removePathSegment(1).build()).hasToString("http://h/a/c");
    assertThat(HttpUrl.get("http://h/a").newBuilder().removePathSegment(0).build())
        .hasToString("http://h/");
    assertThatThrownBy(() -> url.newBuilder().removePathSegment(5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void encodedPath() {
    assertThat(base().encodedPath("/a/./b/../c%20d e").build()).hasToString("http://h/a/c%20d%20e");
    assertThat(base().encodedPath("/").build()).hasToString("http://h/");
    assertThatThrownBy(() -> base().encodedPath("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected encodedPath: \"a/b\"");
  }

  @Test
  void query() {
    HttpUrl url = base().query("a=1&b=c d&e=f+g&h=%").build();
    assertThat(url).hasToString("http://h/?a=1&b=c%20d&e=f%2Bg&h=%25");
    assertThat(url.queryParameter("e")).isEqualTo("f+g");
    assertThat(url.queryParameter("h")).isEqualTo("%");
    assertThat(url.newBuilder().query(null).build()).hasToString("http://h/");
    assertThat(base().query("").build()).hasToString("http://h/?");
  }

  @Test
  void encodedQuery() {
    HttpUrl url = base().encodedQuery("a=1&b=c+d&e=%26#").build();
    assertThat(url).hasToString("http://h/?a=1&b=c+d&e=%26%23");
    assertThat(url.queryParameter("b")).isEqualTo("c d");
    assertThat(url.queryParameter("e")).isEqualTo("&#");
  }

  @Test
  void addQueryParameter() {
    HttpUrl url = base()
        .addQueryParameter("a b", "c&d=e+f")
        .addQueryParameter("flag", null)
        .addQueryParameter("empty", "")
        .addQueryParameter("π", "/?:@#%")
        .build();
    assertThat(url).hasToString(
        "http://h/?a%20b=c%26d%3De%2Bf&flag&empty=&%CF%80=%2F%3F%3A%40%23%25");
    assertThat(url.queryParameter("a b")).isEqualTo("c&d=e+f");
    assertThat(url.queryParameterValues("flag")).containsExactly((String) null);
    assertThat(url.queryParameter("empty")).isEmpty();
    assertThat(url.queryParameter("π")).isEqualTo("/?:@#%");
  }

  @Test
  void addEncodedQueryParameter() {
    HttpUrl url = base().addEncodedQueryParameter("a+b", "c%20d&e=f").build();
    assertThat(url).hasToString("http://h/?a+b=c%20d%26e%3Df");
    assertThat(url.queryParameter("a b")).isEqualTo("c d&e=f");
  }

  @Test
  void setQueryParameter() {
    HttpUrl url = HttpUrl.get("http://h/?a=1&b=2&a=3");
    assertThat(url.newBuilder().setQueryParameter("a", "x").build())
        .hasToString("http://h/?b=2&a=x");
    assertThat(url.newBuilder().setQueryParameter("c", "y z").build())
        .hasToString("http://h/?a=1&b=2&a=3&c=y%20z");
    assertThat(url.newBuilder().setEncodedQueryParameter("a", "%20").build())
        .hasToString("http://h/?b=2&a=%20");
  }

  @Test
  void removeAllQueryParameters() {
    HttpUrl url = HttpUrl.get("http://h/?a=1&b=2&a=3&c+d=4&c%20d=5");
    assertThat(url.newBuilder().removeAllQueryParameters("a").build())
        .hasToString("http://h/?b=2&c+d=4&c%20d=5");
    assertThat(url.newBuilder().removeAllQueryParameters("c d").build())
        .hasToString("http://h/?a=1&b=2&a=3");
    assertThat(url.newBuilder().removeAllEncodedQueryParameters("c%20d").build())
        .hasToString("http://h/?a=1&b=2&a=3");
    assertThat(url.newBuilder().removeAllQueryParameters("missing").build()).isEqualTo(url);
    assertThat(HttpUrl.get("http://h/?a=1").newBuilder().removeAllQueryParameters("a").build())
        .hasToString("http://h/");
    assertThat(base().removeAllQueryParameters("a").build()).hasToString("http://h/");
  }

  @Test
  void fragment() {
    HttpUrl url = base().fragment("a b#c%é").build();
    assertThat(url).hasToString("http://h/#a%20b#c%25%C3%A9");
    assertThat(url.fragment()).isEqualTo("a b#c%é");
    assertThat(base().encodedFragment("a%20b c").build()).hasToString("http://h/#a%20b%20c");
    assertThat(url.newBuilder().fragment(null).build()).hasToString("http://h/");
    assertThat(base().fragment("").build()).hasToString("http://h/#");
  }

  @Test
  void newBuilderRoundTrips() {
    String[] urls = {
        "http://h/", "https://u:p@example.com:8443/a/b/?c=d&e#f", "http://[::1]:81/x%2Fy",
        "http://h/?", "http://h/#", "http://h/a?b=c+d&e=%2B"};
    for (String s : urls) {
      HttpUrl url = HttpUrl.get(s);
      assertThat(url.newBuilder().build()).isEqualTo(url).hasToString(s);
    }
  }

  @Test
  void builtUrlMatchesParsedUrl() {
    HttpUrl built = new HttpUrl.Builder()
        .scheme("https")
        .username("user")
        .password("pw")
        .host("Example.com")
        .port(8443)
        .addPathSegments("a/b")
        .addQueryParameter("q", "1 2")
        .fragment("top")
        .build();
    HttpUrl parsed = HttpUrl.get("https://user:pw@example.com:8443/a/b?q=1%202#top");
    assertThat(built).isEqualTo(parsed);
    assertThat(built.queryParameter("q")).isEqualTo("1 2");
  }

  @Test
  void builderIsReusableAfterBuild() {
    HttpUrl.Builder builder = base().addPathSegment("a");
    HttpUrl first = builder.build();
    HttpUrl second = builder.addPathSegment("b").build();
    assertThat(first).hasToString("http://h/a");
    assertThat(second).hasToString("http://h/a/b");
  }

  @Test
  void builderToString() {
    assertThat(new HttpUrl.Builder().toString()).isEqualTo("/");
    assertThat(base().addPathSegment("a").toString()).isEqualTo("http://h/a");
    assertThat(new HttpUrl.Builder().host("h").port(81).toString()).isEqualTo("h:81/");
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThatThrownBy(() -> base().username(null)).hasMessage("username == null");
    assertThatThrownBy(() -> base().password(null)).hasMessage("password == null");
    assertThatThrownBy(() -> base().addPathSegment(null)).hasMessage("pathSegment == null");
    assertThatThrownBy(() -> base().addPathSegments(null)).hasMessage("pathSegments == null");
    assertThatThrownBy(() -> base().encodedPath(null)).hasMessage("encodedPath == null");
    assertThatThrownBy(() -> base().addQueryParameter(null, "v"))
        .hasMessage("query parameter name == null");
  }

  @Test
  void unpairedSurrogateIsEncodedAsReplacementCharacter() {
    assertThat(base().addPathSegment("a\uD800b").build()).hasToString("http://h/a%EF%BF%BDb");
  }
}
