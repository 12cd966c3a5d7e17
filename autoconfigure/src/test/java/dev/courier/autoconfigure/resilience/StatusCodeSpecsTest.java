package dev.courier.autoconfigure.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The status forms the properties accept. */
class StatusCodeSpecsTest {

  @Test
  void whenCodesRangesAndClassesThenTheirUnion() {
    Set<Integer> codes = StatusCodeSpecs.parse(List.of("429", "500-502", "5xx", " 4XX "));

    assertThat(codes.contains(429)).isTrue();
    assertThat(codes.contains(400)).isTrue();
    assertThat(codes.contains(599)).isTrue();
    assertThat(codes.contains(399)).isFalse();
    assertThat(codes.contains(600)).isFalse();
    assertThat(codes.contains(-1)).isFalse();
    assertThat(codes).hasSize(200);
  }

  @Test
  void whenEntryIsMalformedThenItIsNamed() {
    assertThatThrownBy(() -> StatusCodeSpecs.parse(List.of("503", "5oo")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'5oo'");
    assertThatThrownBy(() -> StatusCodeSpecs.parse(List.of("504-500")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'504-500'");
    assertThatThrownBy(() -> StatusCodeSpecs.parse(List.of("700")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'700'");
  }
}
