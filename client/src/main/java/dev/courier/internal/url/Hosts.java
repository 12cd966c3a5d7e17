package dev.courier.internal.url;

import java.net.IDN;

/**
 * Canonicalizes URL hosts as the WHATWG host parser does for special schemes.
 *
 * <p>A canonical host is one of: a lower-case ASCII domain (internationalized labels converted to
 * punycode with {@link IDN}), an IPv4 address in dotted decimal, or an IPv6 address in RFC 5952
 * form without brackets. WHATWG IPv4 shorthands are resolved ({@code 0x7f.1} is
 * {@code 127.0.0.1}), so two spellings of one address compare equal; a host whose last label is
 * a number but that is not a valid address, such as {@code 256.0.0.1}, is rejected.
 *
 * <p>Domain characters are limited to RFC 3986 {@code reg-name} characters: letters, digits and
 * {@code -._~!$&'()*+,;=}. That is stricter than WHATWG, which also allows {@code " ` { }}, and
 * guarantees that every host fits a {@code Host} header and a {@link java.net.URI}.
 */
public final class Hosts {
  private static final String REG_NAME_PUNCTUATION = "-._~!$&'()*+,;=";

  private Hosts() {
  }

  /**
   * Returns the canonical host for {@code input[pos, limit)} as it appears in a URL string:
   * bracketed if IPv6, possibly percent-encoded otherwise. Returns null if it is not a valid host.
   */
  public static String canonicalizeUrlHost(String input, int pos, int limit) {
    if (pos == limit) return null;
    if (input.charAt(pos) == '[') {
      if (limit - pos < 2 || input.charAt(limit - 1) != ']') return null;
      return Ipv6Literals.canonicalize(input, pos + 1, limit - 1);
    }
    return canonicalizeDomain(PercentEncoding.percentDecode(input, pos, limit, false));
  }

  /**
   * Returns the canonical form of a plain host name or address, such as {@code Example.COM},
   * {@code ::1} or {@code [::1]}; null if it is not a valid host. No percent-decoding is done.
   */
  public static String canonicalize(String host) {
    int length = host.length();
    if (length == 0) return null;
    if (host.charAt(0) == '[') return canonicalizeUrlHost(host, 0, length);
    if (host.indexOf(':') != -1) return Ipv6Literals.canonicalize(host, 0, length);
    return canonicalizeDomain(host);
  }

  /**
   * Returns true if {@code canonicalHost}, a value returned by this class, is an IPv4 or IPv6
   * address rather than a domain name.
   */
  public static boolean isIpAddress(String canonicalHost) {
    return canonicalHost.indexOf(':') != -1 || endsInANumber(canonicalHost);
  }

  private static String canonicalizeDomain(String domain) {
    String ascii = domain;
    for (int i = 0, length = domain.length(); i < length; i++) {
      if (domain.charAt(i) >= 0x80) {
        ascii = idnToAscii(domain);
        if (ascii == null) return null;
        break;
      }
    }
    ascii = toLowerAscii(ascii);
    if (ascii.isEmpty()) return null;
    for (int i = 0, length = ascii.length(); i < length; i++) {
      char c = ascii.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || (c < 0x80 && REG_NAME_PUNCTUATION.indexOf(c) != -1))) {
        return null;
      }
    }
    return endsInANumber(ascii) ? parseIpv4(ascii) : ascii;
  }

  private static String idnToAscii(String domain) {
    try {
      return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      return null; // Not a valid internationalized domain name: the host is invalid.
    }
  }

  private static String toLowerAscii(String s) {
    for (int i = 0, length = s.length(); i < length; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = s.toCharArray();
        for (int j = i; j < length; j++) {
          char d = chars[j];
          if (d >= 'A' && d <= 'Z') chars[j] = (char) (d + ('a' - 'A'));
        }
        return new String(chars);
      }
    }
    return s;
  }

  /** The WHATWG "ends in a number" checker: true if the last label is an IPv4 number. */
  private static boolean endsInANumber(String host) {
    int end = host.length();
    if (end > 0 && host.charAt(end - 1) == '.') end--;
    int start = host.lastIndexOf('.', end - 1) + 1;
    if (start >= end) return false;
    boolean allDigits = true;
    for (int i = start; i < end && allDigits; i++) {
      char c = host.charAt(i);
      allDigits = c >= '0' && c <= '9';
    }
    return allDigits || parseIpv4Number(host, start, end) != -1;
  }

  /**
   * The WHATWG IPv4 parser. Returns dotted decimal, or null if {@code host} (which ends in a
   * number) is not a valid IPv4 address.
   */
  private static String parseIpv4(String host) {
    if (isCanonicalIpv4(host)) return host; // The common case: nothing to rewrite, nothing to allocate.
    int end = host.length();
    if (host.charAt(end - 1) == '.') end--;
    int parts = 1;
    for (int i = 0; i < end; i++) {
      if (host.charAt(i) == '.') parts++;
    }
    if (parts > 4) return null;
    long address = 0;
    int partStart = 0;
    for (int part = 0; part < parts; part++) {
      int partEnd = host.indexOf('.', partStart);
      if (partEnd == -1 || partEnd > end) partEnd = end;
      long value = parseIpv4Number(host, partStart, partEnd);
      if (value == -1) return null;
      if (part < parts - 1) {
        if (value > 255) return null;
        address |= value << (8 * (3 - part));
      } else {
        if (value >= 1L << (8 * (5 - parts))) return null;
        address += value;
      }
      partStart = partEnd + 1;
    }
    return new StringBuilder(15)
        .append((address >> 24) & 0xff).append('.')
        .append((address >> 16) & 0xff).append('.')
        .append((address >> 8) & 0xff).append('.')
        .append(address & 0xff)
        .toString();
  }

  /** Returns true if {@code host} is already four decimal parts of 0-255 without leading zeros. */
  private static boolean isCanonicalIpv4(String host) {
    int parts = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0, length = host.length(); i <= length; i++) {
      char c = i < length ? host.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || value > 255) return false;
        parts++;
        value = -1;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) return false; // A leading zero means octal.
        value = (value == -1 ? 0 : value * 10) + (c - '0');
        if (++digits > 3) return false;
      } else {
        return false;
      }
    }
    return parts == 4;
  }

  /**
   * Returns the value of one IPv4 part: decimal, octal with a leading {@code 0}, or hex with
   * {@code 0x}. Returns -1 if it is not a number; values above 2^32 saturate.
   */
  private static long parseIpv4Number(String s, int start, int end) {
    if (start == end) return -1;
    int radix = 10;
    if (end - start >= 2 && s.charAt(start) == '0'
        && (s.charAt(start + 1) == 'x' || s.charAt(start + 1) == 'X')) {
      radix = 16;
      start += 2;
    } else if (end - start >= 2 && s.charAt(start) == '0') {
      radix = 8;
      start++;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      int digit = Character.digit(s.charAt(i), radix);
      if (digit == -1 || s.charAt(i) >= 0x80) return -1;
      value = Math.min(value * radix + digit, 1L << 33);
    }
    return value;
  }
}
