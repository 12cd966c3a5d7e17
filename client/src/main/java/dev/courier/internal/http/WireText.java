package dev.courier.internal.http;

/**
 * Renders bytes that came off the wire for an error message: control characters escaped, so a
 * hostile peer cannot forge log lines, and long input shortened.
 */
public final class WireText {
  private static final int MAX_CHARS = 200;

  private WireText() {
  }

  /** Returns {@code s} with control characters escaped and long input shortened, for messages. */
  public static String printable(String s) {
    StringBuilder result = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 8);
    for (int i = 0, length = Math.min(s.length(), MAX_CHARS); i < length; i++) {
      char c = s.charAt(i);
      if (c == '\r') {
        result.append("\\r");
      } else if (c == '\n') {
        result.append("\\n");
      } else if (c == '\t') {
        result.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        result.append("\\x").append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 0xf, 16));
      } else {
        result.append(c);
      }
    }
    if (s.length() > MAX_CHARS) result.append("… (").append(s.length()).append(" chars)");
    return result.toString();
  }
}
