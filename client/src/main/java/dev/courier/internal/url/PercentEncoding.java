package dev.courier.internal.url;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding and decoding of URL components, with one encode set per component.
 *
 * <p>Every set also encodes the C0 controls, DEL and every non-ASCII code point (as UTF-8 bytes),
 * so a canonical component is printable ASCII. The sets follow the WHATWG URL standard; the
 * {@code *_URI} sets add what {@link java.net.URI} refuses on top of the canonical form.
 *
 * <p>Both directions return the input substring unchanged, without copying, when there is
 * nothing to encode or decode, which is the common case.
 */
public final class PercentEncoding {
  /** Username and password: the WHATWG userinfo percent-encode set. */
  public static final int USERINFO = 1;
  /** One path segment: the WHATWG path set plus {@code |}, {@code /} and {@code \}. */
  public static final int PATH_SEGMENT = 1 << 1;
  /** A whole query: the WHATWG special-query set. Keeps {@code &} and {@code =}. */
  public static final int QUERY = 1 << 2;
  /** A raw query name or value: the WHATWG component set plus {@code '}. */
  public static final int QUERY_COMPONENT = 1 << 3;
  /** An already encoded query name or value: the query set plus {@code &} and {@code =}. */
  public static final int QUERY_COMPONENT_REENCODE = 1 << 4;
  /** The fragment: the WHATWG fragment set. */
  public static final int FRAGMENT = 1 << 5;
  /** A canonical path segment made acceptable to {@link java.net.URI}. */
  public static final int PATH_SEGMENT_URI = 1 << 6;
  /** A canonical query made acceptable to {@link java.net.URI}. */
  public static final int QUERY_URI = 1 << 7;
  /** A canonical fragment made acceptable to {@link java.net.URI}. */
  public static final int FRAGMENT_URI = 1 << 8;

  private static final String USERINFO_CHARS = " \"#<>?`{}/:;=@[\\]^|";
  private static final String PATH_SEGMENT_CHARS = " \"#<>?`{}^|/\\";
  private static final String QUERY_CHARS = " \"#<>'";
  private static final String FRAGMENT_CHARS = " \"<>`";

  /** For each ASCII character, a bit for each set that encodes it. */
  private static final int[] SETS = new int[128];
  private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

  static {
    mark(USERINFO, USERINFO_CHARS);
    mark(PATH_SEGMENT, PATH_SEGMENT_CHARS);
    mark(QUERY, QUERY_CHARS);
    mark(QUERY_COMPONENT, " \"#$&'+,/:;<=>?@[\\]^`{|}");
    mark(QUERY_COMPONENT_REENCODE, QUERY_CHARS + "&=");
    mark(FRAGMENT, FRAGMENT_CHARS);
    mark(PATH_SEGMENT_URI, PATH_SEGMENT_CHARS + "[]");
    mark(QUERY_URI, QUERY_CHARS + "\\^`{|}");
    mark(FRAGMENT_URI, FRAGMENT_CHARS + "#\\^{|}");
  }

  private PercentEncoding() {
  }

  private static void mark(int set, String chars) {
    for (int i = 0; i < chars.length(); i++) {
      SETS[chars.charAt(i)] |= set;
    }
  }

  /**
   * Returns {@code input[pos, limit)} with every character in {@code encodeSet} percent-encoded.
   *
   * @param alreadyEncoded true if {@code %} introduces an escape to keep; false to encode it as
   *     {@code %25}
   * @param strict with {@code alreadyEncoded}, also encode a {@code %} that is not followed by
   *     two hex digits
   * @param plusIsSpace true for query components, where {@code +} means space: a raw {@code +}
   *     is encoded as {@code %2B}, an already encoded one is kept
   */
  public static String canonicalize(String input, int pos, int limit, int encodeSet,
      boolean alreadyEncoded, boolean strict, boolean plusIsSpace) {
    for (int i = pos; i < limit; i++) {
      char c = input.charAt(i);
      if (c < 0x20 || c >= 0x7f || (SETS[c] & encodeSet) != 0
          || (c == '%' && (!alreadyEncoded || (strict && !isPercentEncoded(input, i, limit))))
          || (c == '+' && plusIsSpace && !alreadyEncoded)) {
        StringBuilder out = new StringBuilder(limit - pos + 16);
        out.append(input, pos, i);
        encodeSlow(out, input, i, limit, encodeSet, alreadyEncoded, strict, plusIsSpace);
        return out.toString();
      }
    }
    return input.substring(pos, limit);
  }

  /** Returns all of {@code input} canonicalized; see the other overload. */
  public static String canonicalize(String input, int encodeSet, boolean alreadyEncoded,
      boolean plusIsSpace) {
    return canonicalize(input, 0, input.length(), encodeSet, alreadyEncoded, false, plusIsSpace);
  }

  private static void encodeSlow(StringBuilder out, String input, int pos, int limit,
      int encodeSet, boolean alreadyEncoded, boolean strict, boolean plusIsSpace) {
    for (int i = pos; i < limit; i++) {
      char c = input.charAt(i);
      if (c < 0x80) {
        if (c == '+' && plusIsSpace) {
          out.append(alreadyEncoded ? "+" : "%2B");
        } else if (c < 0x20 || c == 0x7f || (SETS[c] & encodeSet) != 0
            || (c == '%' && (!alreadyEncoded || (strict && !isPercentEncoded(input, i, limit))))) {
          appendEscaped(out, c);
        } else {
          out.append(c);
        }
        continue;
      }
      int codePoint = c;
      if (Character.isHighSurrogate(c) && i + 1 < limit
          && Character.isLowSurrogate(input.charAt(i + 1))) {
        codePoint = Character.toCodePoint(c, input.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        codePoint = 0xfffd; // An unpaired surrogate is not a scalar value: write U+FFFD.
      }
      appendUtf8Escaped(out, codePoint);
    }
  }

  private static void appendUtf8Escaped(StringBuilder out, int codePoint) {
    if (codePoint < 0x800) {
      appendEscaped(out, 0xc0 | (codePoint >> 6));
      appendEscaped(out, 0x80 | (codePoint & 0x3f));
    } else if (codePoint < 0x10000) {
      appendEscaped(out, 0xe0 | (codePoint >> 12));
      appendEscaped(out, 0x80 | ((codePoint >> 6) & 0x3f));
      appendEscaped(out, 0x80 | (codePoint & 0x3f));
    } else {
      appendEscaped(out, 0xf0 | (codePoint >> 18));
      appendEscaped(out, 0x80 | ((codePoint >> 12) & 0x3f));
      appendEscaped(out, 0x80 | ((codePoint >> 6) & 0x3f));
      appendEscaped(out, 0x80 | (codePoint & 0x3f));
    }
  }

  private static void appendEscaped(StringBuilder out, int b) {
    out.append('%').append(HEX_DIGITS[(b >> 4) & 0xf]).append(HEX_DIGITS[b & 0xf]);
  }

  /** Returns true if {@code input[pos]} starts a {@code %XX} escape that ends before limit. */
  public static boolean isPercentEncoded(String input, int pos, int limit) {
    return pos + 2 < limit
        && input.charAt(pos) == '%'
        && hexValue(input.charAt(pos + 1)) != -1
        && hexValue(input.charAt(pos + 2)) != -1;
  }

  /** Returns all of {@code encoded} decoded; see the other overload. */
  public static String percentDecode(String encoded, boolean plusIsSpace) {
    return percentDecode(encoded, 0, encoded.length(), plusIsSpace);
  }

  /**
   * Returns {@code encoded[pos, limit)} with each {@code %XX} escape replaced by its byte, the
   * bytes read as UTF-8 (malformed sequences become U+FFFD). A {@code %} not followed by two hex
   * digits is kept as it is. With {@code plusIsSpace}, {@code +} decodes to a space.
   */
  public static String percentDecode(String encoded, int pos, int limit, boolean plusIsSpace) {
    for (int i = pos; i < limit; i++) {
      char c = encoded.charAt(i);
      if ((c == '%' && isPercentEncoded(encoded, i, limit)) || (c == '+' && plusIsSpace)) {
        return decodeSlow(encoded, pos, limit, plusIsSpace);
      }
    }
    return encoded.substring(pos, limit);
  }

  private static String decodeSlow(String encoded, int pos, int limit, boolean plusIsSpace) {
    byte[] bytes = new byte[(limit - pos) * 3];
    int size = 0;
    for (int i = pos; i < limit; i++) {
      char c = encoded.charAt(i);
      if (c == '%' && isPercentEncoded(encoded, i, limit)) {
        bytes[size++] =
            (byte) ((hexValue(encoded.charAt(i + 1)) << 4) + hexValue(encoded.charAt(i + 2)));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes[size++] = ' ';
      } else if (c < 0x80) {
        bytes[size++] = (byte) c;
      } else {
        // Rare: a raw non-ASCII character. Re-encode it as UTF-8 (surrogate pairs together).
        int end = i + 1;
        if (Character.isHighSurrogate(c) && end < limit
            && Character.isLowSurrogate(encoded.charAt(end))) {
          end++;
        }
        byte[] utf8 = encoded.substring(i, end).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        i = end - 1;
      }
    }
    return new String(bytes, 0, size, StandardCharsets.UTF_8);
  }

  /** Returns the value of hex digit {@code c}, or -1 if it is not one. */
  public static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
}
