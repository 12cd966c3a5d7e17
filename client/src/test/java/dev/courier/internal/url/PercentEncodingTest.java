package dev.courier.internal.url;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentEncodingTest {

  @Test
  void canonicalizeReturnsSameInstanceWhenNothingToEncode() {
    String input = "abc-._~!$&'()*+,;=:@";
    assertThat(PercentEncoding.canonicalize(input, PercentEncoding.PATH_SEGMENT, false, false))
        .isSameAs(input);
  }

  @Test
  void decodeReturnsSameInstanceWhenNothingToDecode() {
    String input = "abc%zz%4";
    assertThat(PercentEncoding.percentDecode(input, true)).isSameAs(input);
  }

  @Test
  void controlsDeleteAndNonAsciiAreAlwaysEncoded() {
    int[] sets = {PercentEncoding.USERINFO, PercentEncoding.PATH_SEGMENT, PercentEncoding.QUERY,
        PercentEncoding.QUERY_COMPONENT, PercentEncoding.QUERY_COMPONENT_REENCODE,
        PercentEncoding.FRAGMENT};
    for (int set : sets) {
      assertThat(PercentEncoding.canonicalize("\u0000\t\r\n\u001f\u007f\u0080é€\uD83D\uDE00",
          set, true, false))
          .isEqualTo("%00%09%0D%0A%1F%7F%C2%80%C3%A9%E2%82%AC%F0%9F%98%80");
    }
  }

  @Test
  void percentSign() {
    assertThat(PercentEncoding.canonicalize("%41%zz%", PercentEncoding.PATH_SEGMENT, true, false))
        .isEqualTo("%41%zz%");
    assertThat(PercentEncoding.canonicalize("%41%zz%", PercentEncoding.PATH_SEGMENT, false, false))
        .isEqualTo("%2541%25zz%25");
    assertThat(PercentEncoding.canonicalize(
        "%41%zz%", 0, 7, PercentEncoding.PATH_SEGMENT_URI, true, true, false))
        .isEqualTo("%41%25zz%25");
  }

  @Test
  void plusInQuery() {
    assertThat(PercentEncoding.canonicalize("a+b", PercentEncoding.QUERY, false, true))
        .isEqualTo("a%2Bb");
    assertThat(PercentEncoding.canonicalize("a+b", PercentEncoding.QUERY, true, true))
        .isEqualTo("a+b");
    assertThat(PercentEncoding.canonicalize("a+b", PercentEncoding.PATH_SEGMENT, false, false))
        .isEqualTo("a+b");
    assertThat(PercentEncoding.percentDecode("a+b%2B", true)).isEqualTo("a b+");
    assertThat(PercentEncoding.percentDecode("a+b%2B", false)).isEqualTo("a+b+");
  }

  @Test
  void encodeSetsPerComponent() {
    String ascii = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    assertThat(PercentEncoding.canonicalize(ascii, PercentEncoding.USERINFO, true, false))
        .isEqualTo("%20!%22%23$%&'()*+,-.%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D~");
    assertThat(PercentEncoding.canonicalize(ascii, PercentEncoding.PATH_SEGMENT, true, false))
        .isEqualTo("%20!%22%23$%&'()*+,-.%2F:;%3C=%3E%3F@[%5C]%5E_%60%7B%7C%7D~");
    assertThat(PercentEncoding.canonicalize(ascii, PercentEncoding.QUERY, true, true))
        .isEqualTo("%20!%22%23$%&%27()*+,-./:;%3C=%3E?@[\\]^_`{|}~");
    assertThat(PercentEncoding.canonicalize(ascii, PercentEncoding.QUERY_COMPONENT, false, true))
        .isEqualTo("%20!%22%23%24%25%26%27()*%2B%2C-.%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E_%60"
            + "%7B%7C%7D~");
    assertThat(PercentEncoding.canonicalize(
        ascii, PercentEncoding.QUERY_COMPONENT_REENCODE, true, true))
        .isEqualTo("%20!%22%23$%%26%27()*+,-./:;%3C%3D%3E?@[\\]^_`{|}~");
    assertThat(PercentEncoding.canonicalize(ascii, PercentEncoding.FRAGMENT, true, false))
        .isEqualTo("%20!%22#$%&'()*+,-./:;%3C=%3E?@[\\]^_%60{|}~");
  }

  @Test
  void decode() {
    assertThat(PercentEncoding.percentDecode("%41%c3%a9%E2%82%AC", false)).isEqualTo("Aé€");
    assertThat(PercentEncoding.percentDecode("%zz%4%", false)).isEqualTo("%zz%4%");
    assertThat(PercentEncoding.percentDecode("é%20€", false)).isEqualTo("é €");
    assertThat(PercentEncoding.percentDecode("%F0%9F%98%80\uD83D\uDE00", false))
        .isEqualTo("\uD83D\uDE00\uD83D\uDE00");
    assertThat(PercentEncoding.percentDecode("%C3(", false)).isEqualTo("\uFFFD(");
    assertThat(PercentEncoding.percentDecode("ab%20cd", 2, 5, false)).isEqualTo(" ");
  }

  @Test
  void hexValue() {
    assertThat(PercentEncoding.hexValue('0')).isZero();
    assertThat(PercentEncoding.hexValue('f')).isEqualTo(15);
    assertThat(PercentEncoding.hexValue('F')).isEqualTo(15);
    assertThat(PercentEncoding.hexValue('g')).isEqualTo(-1);
  }
}
