package dev.courier.internal.http;

/**
 * The one definition of an HTTP token character (RFC 9110 §5.6.2 {@code tchar}), which header
 * names, methods and media-type parts are made of: any visible ASCII character but the
 * delimiters {@code "(),/:;<=>?@[\]{}}.
 */
public final class Tokens {
  private Tokens() {
  }

  /** Returns true if {@code c} may appear in a token. */
  public static boolean isTokenChar(char c) {
    if (c <= ' ' || c >= 0x7f) return false;
    switch (c) {
      case '"': case '(': case ')': case ',': case '/': case ':': case ';': case '<': case '=':
      case '>': case '?': case '@': case '[': case '\\': case ']': case '{': case '}':
        return false;
      default:
        return true;
    }
  }
}
