package dev.courier.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotingTest {

  @Test
  void quotesAndEscapes() {
    assertThat(Quoting.quote("plain")).isEqualTo("\"plain\"");
    assertThat(Quoting.quote("")).isEqualTo("\"\"");
    assertThat(Quoting.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(Quoting.quote("\r\n\t")).isEqualTo("\"\\r\\n\\t\"");
    assertThat(Quoting.quote("\u0000\u001b\u007f\u0085\u2028"))
        .isEqualTo("\"\\u0000\\u001b\\u007f\\u0085\\u2028\"");
    assertThat(Quoting.quote("é€☃")).isEqualTo("\"é€☃\"");
    assertThat(Quoting.quote(null)).isEqualTo("null");
  }

  @Test
  void quotesRange() {
    assertThat(Quoting.quote("abc\ndef", 2, 5)).isEqualTo("\"c\\nd\"");
  }
}
