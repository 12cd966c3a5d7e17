package dev.courier.internal.url;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv6LiteralsTest {

  @ParameterizedTest
  @CsvSource({
      "::, ::",
      "::1, ::1",
      "1::, 1::",
      "0:0:0:0:0:0:0:0, ::",
      "0:0:0:0:0:0:0:1, ::1",
      "1:0:0:0:0:0:0:0, 1::",
      "2001:DB8::1, 2001:db8::1",
      "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
      "1:0:0:2:0:0:0:3, 1:0:0:2::3",
      "0:0:1:0:0:0:0:0, 0:0:1::",
      "ffff:FFFF:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      "::ffff:192.168.1.1, ::ffff:c0a8:101",
      "::192.168.1.1, ::c0a8:101",
      "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
      "::1:2:3:4:5:6:7, 0:1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
      "0001:02:003:0004::, 1:2:3:4::"})
  void canonicalForm(String input, String expected) {
    assertThat(Ipv6Literals.canonicalize(input, 0, input.length())).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", ":", ":::", "1", "1:2", ":1", "1:", "1::2::3", "::1::", "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7", "12345::", "g::", "::1%eth0", "::1.2.3", "::1.2.3.4.5", "::1.2.3.256",
      "::01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "::1.2..3", "1:2:3:4:5:6:7:8::",
      "::1 ", " ::1", "[::1]", "::-1"})
  void invalid(String input) {
    assertThat(Ipv6Literals.canonicalize(input, 0, input.length())).isNull();
  }
}
