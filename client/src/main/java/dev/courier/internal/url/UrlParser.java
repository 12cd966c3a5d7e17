package dev.courier.internal.url;

import dev.courier.internal.text.Quoting;
import java.util.ArrayList;

/**
 * Parses an http or https URL string, absolute or relative to a base, into {@link UrlComponents}.
 *
 * <p>This follows the WHATWG URL parser for special schemes: a backslash counts as a slash, any
 * number of slashes may follow the scheme, dot segments are removed, each component is
 * canonicalized with its own percent-encode set. It departs from WHATWG in one way, on purpose:
 * WHATWG silently removes tab, CR and LF anywhere in the input, which lets a URL carry a request
 * line or header split past a filter that looked at it; here any ASCII control character anywhere
 * makes the input invalid. Only leading and trailing spaces are trimmed.
 *
 * <p>Failure is reported as a result code rather than an exception, so that
 * {@code HttpUrl.parse()} of untrusted input costs no stack trace; {@link #failureMessage} turns
 * the code into the message {@code HttpUrl.get()} throws.
 */
public final class UrlParser {
  /** The input is a valid URL. */
  public static final int SUCCESS = 0;
  private static final int CONTROL_CHARACTER = 1;
  private static final int NO_SCHEME = 2;
  private static final int UNSUPPORTED_SCHEME = 3;
  private static final int INVALID_HOST = 4;
  private static final int INVALID_PORT = 5;

  private int failure;
  private int failureStart;
  private int failureEnd;
  private String input;

  /**
   * Parses {@code input} into {@code target}, which must be new, resolving it against
   * {@code base} if that is not null. Returns {@link #SUCCESS} or a failure code.
   */
  public int parse(UrlComponents target, UrlComponents base, String input) {
    this.input = input;
    int pos = 0;
    int limit = input.length();
    while (pos < limit && input.charAt(pos) == ' ') pos++;
    while (limit > pos && input.charAt(limit - 1) == ' ') limit--;
    for (int i = pos; i < limit; i++) {
      char c = input.charAt(i);
      if (c < 0x20 || c == 0x7f) return fail(CONTROL_CHARACTER, i, i + 1);
    }

    int schemeEnd = schemeDelimiterOffset(input, pos, limit);
    if (schemeEnd != -1) {
      if (input.regionMatches(true, pos, "https:", 0, 6)) {
        target.scheme = "https";
      } else if (input.regionMatches(true, pos, "http:", 0, 5)) {
        target.scheme = "http";
      } else {
        return fail(UNSUPPORTED_SCHEME, pos, schemeEnd);
      }
      pos = schemeEnd + 1;
    } else if (base != null) {
      target.scheme = base.scheme;
    } else {
      return fail(NO_SCHEME, pos, limit);
    }

    int slashCount = 0;
    for (int i = pos; i < limit; i++) {
      char c = input.charAt(i);
      if (c != '/' && c != '\\') break;
      slashCount++;
    }
    if (slashCount >= 2 || base == null || !base.scheme.equals(target.scheme)) {
      pos += slashCount;
      pos = parseAuthority(target, pos, limit);
      if (pos == -1) return failure;
    } else {
      // A relative reference: start from the base, then let the path, query, fragment replace.
      target.encodedUsername = base.encodedUsername;
      target.encodedPassword = base.encodedPassword;
      target.host = base.host;
      target.port = base.port;
      target.encodedPathSegments.clear();
      target.encodedPathSegments.addAll(base.encodedPathSegments);
      if (pos == limit || input.charAt(pos) == '#') {
        target.encodedQueryNamesAndValues = base.encodedQueryNamesAndValues == null
            ? null : new ArrayList<>(base.encodedQueryNamesAndValues);
      }
    }

    int pathEnd = delimiterOffset(input, pos, limit, '?', '#');
    target.resolvePath(input, pos, pathEnd);
    pos = pathEnd;

    if (pos < limit && input.charAt(pos) == '?') {
      int queryEnd = delimiterOffset(input, pos, limit, '#', '#');
      target.encodedQueryNamesAndValues = QueryStrings.split(PercentEncoding.canonicalize(
          input, pos + 1, queryEnd, PercentEncoding.QUERY, true, false, true));
      pos = queryEnd;
    }

    if (pos < limit && input.charAt(pos) == '#') {
      target.encodedFragment = PercentEncoding.canonicalize(
          input, pos + 1, limit, PercentEncoding.FRAGMENT, true, false, false);
    }
    return SUCCESS;
  }

  /**
   * Reads {@code userinfo@host:port} and returns the offset after it, or -1 on failure. In the
   * userinfo, every {@code @} but the last belongs to the username or password, as in WHATWG.
   */
  private int parseAuthority(UrlComponents target, int pos, int limit) {
    boolean hasUsername = false;
    boolean hasPassword = false;
    while (true) {
      int componentEnd = delimiterOffset(input, pos, limit, "@/\\?#");
      char c = componentEnd != limit ? input.charAt(componentEnd) : '\uffff';
      if (c == '@') {
        if (!hasPassword) {
          int colon = delimiterOffset(input, pos, componentEnd, ':', ':');
          String username = PercentEncoding.canonicalize(
              input, pos, colon, PercentEncoding.USERINFO, true, false, false);
          target.encodedUsername =
              hasUsername ? target.encodedUsername + "%40" + username : username;
          if (colon != componentEnd) {
            hasPassword = true;
            target.encodedPassword = PercentEncoding.canonicalize(
                input, colon + 1, componentEnd, PercentEncoding.USERINFO, true, false, false);
          }
          hasUsername = true;
        } else {
          target.encodedPassword = target.encodedPassword + "%40" + PercentEncoding.canonicalize(
              input, pos, componentEnd, PercentEncoding.USERINFO, true, false, false);
        }
        pos = componentEnd + 1;
        continue;
      }
      int portColon = portColonOffset(input, pos, componentEnd);
      String host = Hosts.canonicalizeUrlHost(input, pos, portColon);
      if (host == null) {
        fail(INVALID_HOST, pos, portColon);
        return -1;
      }
      target.host = host;
      if (portColon + 1 < componentEnd) {
        int port = parsePort(input, portColon + 1, componentEnd);
        if (port == -1) {
          fail(INVALID_PORT, portColon + 1, componentEnd);
          return -1;
        }
        target.port = port == UrlComponents.defaultPort(target.scheme) ? -1 : port;
      }
      return componentEnd;
    }
  }

  private int fail(int failure, int start, int end) {
    this.failure = failure;
    this.failureStart = start;
    this.failureEnd = end;
    return failure;
  }

  /** Returns the message for the failure the last {@link #parse} reported. */
  public String failureMessage() {
    String quotedInput = Quoting.quote(input);
    switch (failure) {
      case CONTROL_CHARACTER:
        return "Invalid URL: control character " + Quoting.quote(input, failureStart, failureEnd)
            + " at index " + failureStart + " in " + quotedInput;
      case NO_SCHEME:
        return "Expected URL scheme 'http' or 'https' but no scheme was found for " + quotedInput;
      case UNSUPPORTED_SCHEME:
        return "Expected URL scheme 'http' or 'https' but was '"
            + input.substring(failureStart, failureEnd) + "' in " + quotedInput;
      case INVALID_HOST:
        return "Invalid URL host: " + Quoting.quote(input, failureStart, failureEnd)
            + " in " + quotedInput;
      case INVALID_PORT:
        return "Invalid URL port: " + Quoting.quote(input, failureStart, failureEnd)
            + " in " + quotedInput;
      default:
        throw new IllegalStateException("no failure to describe");
    }
  }

  /**
   * Returns the offset of the {@code :} that ends a scheme, or -1 if {@code input} does not start
   * with a scheme: a letter, then letters, digits, {@code +}, {@code -} or {@code .}.
   */
  private static int schemeDelimiterOffset(String input, int pos, int limit) {
    if (limit - pos < 2) return -1;
    if (!isAsciiLetter(input.charAt(pos))) return -1;
    for (int i = pos + 1; i < limit; i++) {
      char c = input.charAt(i);
      if (isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        continue;
      }
      return c == ':' ? i : -1;
    }
    return -1;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Returns the offset of the port's colon, skipping colons inside an IPv6 literal's brackets. */
  private static int portColonOffset(String input, int pos, int limit) {
    for (int i = pos; i < limit; i++) {
      char c = input.charAt(i);
      if (c == '[') {
        while (++i < limit) {
          if (input.charAt(i) == ']') break;
        }
      } else if (c == ':') {
        return i;
      }
    }
    return limit;
  }

  /** Returns the decimal port in {@code input[pos, limit)}, or -1 if it is not in 1..65535. */
  private static int parsePort(String input, int pos, int limit) {
    int port = 0;
    for (int i = pos; i < limit; i++) {
      char c = input.charAt(i);
      if (c < '0' || c > '9') return -1;
      port = port * 10 + (c - '0');
      if (port > 65535) return -1;
    }
    return port >= 1 ? port : -1;
  }

  private static int delimiterOffset(String input, int pos, int limit, char a, char b) {
    return UrlComponents.delimiterOffset(input, pos, limit, a, b);
  }

  private static int delimiterOffset(String input, int pos, int limit, String delimiters) {
    for (int i = pos; i < limit; i++) {
      if (delimiters.indexOf(input.charAt(i)) != -1) return i;
    }
    return limit;
  }
}
