package dev.courier.internal.url;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostsTest {

  @ParameterizedTest
  @CsvSource({
      "example.com, example.com",
      "EXAMPLE.COM, example.com",
      "Example.Com., example.com.",
      "a-b_c~d!$&'()*+;=, a-b_c~d!$&'()*+;=",
      "localhost, localhost",
      "xn--n3h.net, xn--n3h.net",
      "☃.net, xn--n3h.net",
      "Bücher.DE, xn--bcher-kva.de",
      "127.0.0.1, 127.0.0.1",
      "127.1, 127.0.0.1",
      "127.0.1, 127.0.0.1",
      "2130706433, 127.0.0.1",
      "0x7F000001, 127.0.0.1",
      "0x7f.0.0.0x1, 127.0.0.1",
      "0177.0.0.01, 127.0.0.1",
      "0, 0.0.0.0",
      "0x, 0.0.0.0",
      "255.255.255.255, 255.255.255.255",
      "4294967295, 255.255.255.255",
      "1.2.3.4., 1.2.3.4",
      "1.2.3.4.., 1.2.3.4..",
      "::1, ::1",
      "[::1], ::1",
      "[2001:DB8::1], 2001:db8::1",
      "a.1b, a.1b",
      "1a.b, 1a.b"})
  void canonicalize(String input, String expected) {
    assertThat(Hosts.canonicalize(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "a b", "a/b", "a\\b", "a:b", "a@b", "a?b", "a#b", "a[b", "a]b",
      "a^b", "a|b", "a%b", "a<b", "a>b", "a\"b", "a`b", "a{b", "a}b", "a\u0000b", "a\tb",
      "a\u007fb",
      "256.0.0.0", "1.256.0.0", "1.2.3.4.5", "1.2.3.08", "0x100000000", "4294967296", "1.2.65536",
      "a.09", "foo.0x", "foo.1", "[::1", "[]", "[1.2.3.4]", "::1::", "a\uFFFDb"})
  void invalid(String input) {
    assertThat(Hosts.canonicalize(input)).isNull();
  }

  @Test
  void urlHostsArePercentDecoded() {
    String input = "ex%41mple.c%6Fm";
    assertThat(Hosts.canonicalizeUrlHost(input, 0, input.length())).isEqualTo("example.com");
    String snowman = "%E2%98%83.net";
    assertThat(Hosts.canonicalizeUrlHost(snowman, 0, snowman.length())).isEqualTo("xn--n3h.net");
    String ip = "%31%32%37.0.0.1";
    assertThat(Hosts.canonicalizeUrlHost(ip, 0, ip.length())).isEqualTo("127.0.0.1");
  }

  @Test
  void plainHostsAreNotPercentDecoded() {
    assertThat(Hosts.canonicalize("ex%41mple.com")).isNull();
  }

  @Test
  void isIpAddress() {
    assertThat(Hosts.isIpAddress("127.0.0.1")).isTrue();
    assertThat(Hosts.isIpAddress("::1")).isTrue();
    assertThat(Hosts.isIpAddress("example.com")).isFalse();
    assertThat(Hosts.isIpAddress("a1.b2")).isFalse();
    assertThat(Hosts.isIpAddress("localhost")).isFalse();
  }
}
