package dev.courier.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.courier.HttpUrl;

/** {@link RedactedUrls} renders URLs without credentials, fragments and the query values asked. */
class RedactedUrlsTest {

  @Test
  void originHasTheHostAsTheHostHeaderWritesIt() {
    assertThat(RedactedUrls.origin(HttpUrl.get("https://user:pw@example.com/a?b#c")))
        .isEqualTo("https://example.com");
    assertThat(RedactedUrls.origin(HttpUrl.get("http://[::1]:8080/"))).isEqualTo("http://[::1]:8080");
    assertThat(RedactedUrls.withoutQuery(HttpUrl.get("http://example.com:81/a/b%20c?token=x#f")))
        .isEqualTo("http://example.com:81/a/b%20c");
  }

  @Test
  void everyQueryValueIsMaskedAndCredentialsAndFragmentDropped() {
    assertThat(RedactedUrls.withoutQueryValues(
            HttpUrl.get("https://user:secret@[::1]:8443/items?page=2&q=x%20y&flag&empty=#frag")))
        .isEqualTo("https://[::1]:8443/items?page=██&q=██&██&empty=██");
  }

  @Test
  void aParameterWithoutAValueIsMaskedWholeWhenEveryValueIs() {
    // "?SECRET": a bare token may be the secret itself.
    assertThat(RedactedUrls.withoutQueryValues(HttpUrl.get("https://example.com/hook?SECRET")))
        .isEqualTo("https://example.com/hook?██");
    assertThat(RedactedUrls.withQueryValuesMasked(HttpUrl.get("https://example.com/a?debug&t=1"),
        "t"::equals))
        .as("named parameters have values to mask; a bare token is not one")
        .isEqualTo("https://example.com/a?debug&t=██");
  }

  @Test
  void aUrlWithNothingToHideIsItsOwnString() {
    HttpUrl url = HttpUrl.get("http://example.com:8080/a/b");
    assertThat(RedactedUrls.withoutQueryValues(url)).isSameAs(url.toString());
  }

  @Test
  void onlyTheNamedParametersAreMasked() {
    HttpUrl url = HttpUrl.get("http://example.com/search?Token=t1&page=2&token=t2&api%20key=k");
    assertThat(RedactedUrls.withQueryValuesMasked(url, name -> name.equalsIgnoreCase("token")))
        .isEqualTo("http://example.com/search?Token=██&page=2&token=██&api%20key=k");
    assertThat(RedactedUrls.withQueryValuesMasked(url, "api key"::equals))
        .as("names are decoded before they are matched")
        .isEqualTo("http://example.com/search?Token=t1&page=2&token=t2&api%20key=██");
    assertThat(RedactedUrls.withQueryValuesMasked(url, name -> false))
        .isEqualTo(url.toString());
  }
}
