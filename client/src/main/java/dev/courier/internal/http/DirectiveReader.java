package dev.courier.internal.http;

/**
 * Reads the comma-separated directives of a {@code Cache-Control} or {@code Pragma} header
 * value, one at a time, without allocating.
 *
 * <p>Each directive is {@code name} or {@code name=argument}, where the argument is a token or a
 * quoted string. Leniency follows what caches meet in practice: whitespace around names, around
 * {@code =} and around arguments is skipped; {@code ;} separates directives like {@code ,}; a
 * comma inside a quoted string does not end the directive; an unterminated quoted string runs to
 * the end of the value; anything after a quoted string up to the next separator is ignored.
 */
public final class DirectiveReader {
  private final String value;
  private final int length;
  private int pos;
  private int nameStart;
  private int nameEnd;
  /** The argument, inside its quotes if quoted; {@code argumentStart} is -1 without one. */
  private int argumentStart;
  private int argumentEnd;

  /** Creates a reader positioned before the first directive of {@code value}. */
  public DirectiveReader(String value) {
    this.value = value;
    this.length = value.length();
  }

  /** Advances to the next directive; returns false when there is none. */
  public boolean next() {
    while (pos < length) {
      char c = value.charAt(pos);
      if (c != ',' && c != ';' && c != ' ' && c != '\t') break;
      pos++;
    }
    if (pos >= length) return false;

    nameStart = pos;
    while (pos < length && "=,;".indexOf(value.charAt(pos)) == -1) pos++;
    nameEnd = trimEnd(nameStart, pos);
    argumentStart = -1;
    argumentEnd = -1;
    if (pos < length && value.charAt(pos) == '=') {
      pos = skipWhitespace(pos + 1);
      if (pos < length && value.charAt(pos) == '"') {
        argumentStart = ++pos;
        while (pos < length && value.charAt(pos) != '"') {
          if (value.charAt(pos) == '\\' && pos + 1 < length) pos++;
          pos++;
        }
        argumentEnd = Math.min(pos, length);
        while (pos < length && value.charAt(pos) != ',' && value.charAt(pos) != ';') pos++;
      } else {
        argumentStart = pos;
        while (pos < length && value.charAt(pos) != ',' && value.charAt(pos) != ';') pos++;
        argumentEnd = trimEnd(argumentStart, pos);
      }
    }
    return true;
  }

  /** Returns true if the current directive's name is {@code name}, ignoring case. */
  public boolean nameIs(String name) {
    return nameEnd - nameStart == name.length()
        && value.regionMatches(true, nameStart, name, 0, name.length());
  }

  /** Returns true if the current directive has an {@code =} argument, even an empty one. */
  public boolean hasArgument() {
    return argumentStart != -1;
  }

  /**
   * Returns the current argument as delta-seconds (RFC 9111 §1.2.2): a non-empty run of decimal
   * digits, clamped to {@link Integer#MAX_VALUE}. Returns -1 if there is no argument or it is
   * anything else, such as {@code -1}, {@code 1.5}, {@code 60s} or {@code " 60"}.
   */
  public int argumentSeconds() {
    if (argumentStart == -1 || argumentStart == argumentEnd) return -1;
    long result = 0;
    for (int i = argumentStart; i < argumentEnd; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return -1;
      if (result < Integer.MAX_VALUE) result = result * 10 + (c - '0');
    }
    return result > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) result;
  }

  private int skipWhitespace(int i) {
    while (i < length && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) i++;
    return i;
  }

  private int trimEnd(int start, int end) {
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) end--;
    return end;
  }
}
