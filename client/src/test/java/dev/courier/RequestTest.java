package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Requests are validated when they are built, with errors naming the field and the value. */
class RequestTest {
  @Test
  void defaultsToGet() {
    Request request = new Request.Builder().url("https://example.com/a").build();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.body()).isNull();
    assertThat(request.isHttps()).isTrue();
    assertThat(request.headers().size()).isZero();
  }

  @Test
  void headerValuesWithLineBreaksAreRefused() {
    Request.Builder builder = new Request.Builder().url("http://example.com/");
    assertThatThrownBy(() -> builder.header("X-Injected", "a\r\nSet-Cookie: evil=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Injected");
    assertThatThrownBy(() -> builder.addHeader("X-Injected", "a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.addHeader("X-Nul", "a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headerNamesMustBeTokens() {
    Request.Builder builder = new Request.Builder().url("http://example.com/");
    assertThatThrownBy(() -> builder.header("Bad Name", "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad Name");
    assertThatThrownBy(() -> builder.header("X-A\r\nX-B", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.header("", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretValuesAreNotEchoedInErrors() {
    assertThatThrownBy(() -> new Request.Builder().header("Authorization", "Bearer s3cr3t\r\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void invalidUrlsAreRefusedNamingTheUrl() {
    assertThatThrownBy(() -> new Request.Builder().url("ftp://example.com/"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp");
    assertThatThrownBy(() -> new Request.Builder().url("http://exa mple.com/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Request.Builder().url("http://example.com/\r\nHost: evil"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Request.Builder().url("not a url"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Request.Builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("url == null");
  }

  @Test
  void bodiesMustSuitTheMethod() {
    RequestBody body = RequestBody.create("x", MediaType.get("text/plain"));
    Request.Builder builder = new Request.Builder().url("http://example.com/");
    assertThatThrownBy(() -> builder.method("GET", body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("method GET must not have a request body.");
    assertThatThrownBy(() -> builder.method("HEAD", body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("method HEAD must not have a request body.");
    assertThatThrownBy(() -> builder.method("POST", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("method POST must have a request body.");
    assertThatThrownBy(() -> builder.method("GE T", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("method is not a valid token: \"GE T\"");
    assertThat(builder.delete(body).build().method()).isEqualTo("DELETE");
    assertThat(builder.method("QUERY", body).build().body()).isSameAs(body);
  }

  @Test
  void tagsAreStoredByType() {
    Request request = new Request.Builder().url("http://example.com/")
        .tag(String.class, "template")
        .tag(Integer.class, 42)
        .tag("plain")
        .build();
    assertThat(request.tag(String.class)).isEqualTo("template");
    assertThat(request.tag(Integer.class)).isEqualTo(42);
    assertThat(request.tag()).isEqualTo("plain");
    assertThat(request.newBuilder().tag(Integer.class, null).build().tag(Integer.class)).isNull();
  }

  @Test
  void newBuilderCopiesAndLeavesTheOriginalAlone() {
    Request original = new Request.Builder().url("http://example.com/").header("A", "1").build();
    Request changed = original.newBuilder().header("A", "2").addHeader("B", "3").build();
    assertThat(original.header("A")).isEqualTo("1");
    assertThat(original.header("B")).isNull();
    assertThat(changed.headers("A")).containsExactly("2");
    assertThat(changed.header("B")).isEqualTo("3");
  }

  @Test
  void toStringHidesCredentialsAndQuery() {
    Request request = new Request.Builder().url("https://user:pw@example.com/a?token=s3cr3t")
        .header("Authorization", "Bearer s3cr3t").build();
    assertThat(request.toString()).doesNotContain("s3cr3t").doesNotContain("pw");
    assertThat(request.headers().toString()).doesNotContain("s3cr3t");
  }

  @Test
  void cacheControlIsParsedFromTheHeader() {
    Request request = new Request.Builder().url("http://example.com/")
        .cacheControl(CacheControl.FORCE_NETWORK).build();
    assertThat(request.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(request.cacheControl().noCache()).isTrue();
  }
}
