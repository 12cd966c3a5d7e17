package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code uri} tag keeps only a template's path, whatever form the template takes. */
class DefaultCourierObservationConventionTest {
  @Test
  void templatePathDropsSchemeAndAuthority() {
    assertThat(DefaultCourierObservationConvention.path("https://api.example.com/items/{id}"))
        .isEqualTo("/items/{id}");
    assertThat(DefaultCourierObservationConvention.path("http://localhost:8080/a?b={b}"))
        .isEqualTo("/a?b={b}");
    assertThat(DefaultCourierObservationConvention.path("http://localhost:8080"))
        .isEqualTo("/");
    assertThat(DefaultCourierObservationConvention.path("/items/{id}")).isEqualTo("/items/{id}");
    assertThat(DefaultCourierObservationConvention.path("items/{id}")).isEqualTo("/items/{id}");
  }
}
