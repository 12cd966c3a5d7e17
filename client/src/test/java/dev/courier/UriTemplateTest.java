package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link UriTemplate} is a checked value that rides on a request as a tag. */
class UriTemplateTest {

  @Test
  void travelsWithTheRequestAsATag() {
    Request request = new Request.Builder().url("http://example.com/items/42")
        .tag(UriTemplate.class, UriTemplate.of("/items/{id}"))
        .build();
    assertThat(request.tag(UriTemplate.class)).isEqualTo(UriTemplate.of("/items/{id}"));
    assertThat(request.tag(UriTemplate.class).template()).isEqualTo("/items/{id}");
    assertThat(request.newBuilder().build().tag(UriTemplate.class)).hasToString("/items/{id}");
  }

  @Test
  void rejectsEmptyTemplatesAndControlCharacters() {
    assertThatThrownBy(() -> UriTemplate.of(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UriTemplate.of("/items/{id}\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unexpected char 0xd at 11 in URI template");
  }
}
