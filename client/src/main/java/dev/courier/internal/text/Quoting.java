package dev.courier.internal.text;

/**
 * Quotes untrusted strings for exception messages.
 *
 * <p>Bad input is reported by naming the value, and that value may hold exactly the characters that
 * made it bad: CR, LF, NUL or other controls. This class writes such a value as a double-quoted
 * Java-style literal so a message stays on one line and shows what was received.
 */
public final class Quoting {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Quoting() {
  }

  /**
   * Returns {@code value} in double quotes, with {@code "} and {@code \} escaped by a backslash,
   * tab, CR and LF written as {@code \t}, {@code \r}, {@code \n}, and every other control
   * character (C0, DEL, C1, line and paragraph separators) written as {@code \}{@code uXXXX}.
   * A null value is written as {@code null}, without quotes.
   */
  public static String quote(String value) {
    if (value == null) return "null";
    return quote(value, 0, value.length());
  }

  /** Returns {@code value.substring(start, end)} quoted as {@link #quote(String)} does. */
  public static String quote(String value, int start, int end) {
    StringBuilder result = new StringBuilder(end - start + 2).append('"');
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"': result.append("\\\""); break;
        case '\\': result.append("\\\\"); break;
        case '\t': result.append("\\t"); break;
        case '\r': result.append("\\r"); break;
        case '\n': result.append("\\n"); break;
        default:
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            result.append("\\u")
                .append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
          } else {
            result.append(c);
          }
      }
    }
    return result.append('"').toString();
  }
}
