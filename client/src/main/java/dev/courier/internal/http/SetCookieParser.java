package dev.courier.internal.http;

import dev.courier.internal.url.Hosts;

/**
 * Parses {@code Set-Cookie} header values and matches cookies to URLs: the RFC 6265 user-agent
 * rules behind {@link dev.courier.Cookie}.
 *
 * <p>Without a public suffix list, the one guard against a site setting a cookie for a whole
 * registry is to refuse a {@code Domain} that is a single label, such as {@code com}, unless it is
 * the request host itself; a cookie for an IP address host may only name that address.
 */
public final class SetCookieParser {
  private SetCookieParser() {
  }

  /** The attributes of a parsed cookie, as {@link dev.courier.Cookie} holds them. */
  public record Result(String name, String value, long expiresAt, String domain, String path,
      boolean secure, boolean httpOnly, boolean persistent, boolean hostOnly, String sameSite) {
  }

  /**
   * Returns the cookie {@code setCookie} sets in a response to a request for a URL with host
   * {@code urlHost} (canonical) and path {@code urlEncodedPath}, at {@code currentTimeMillis};
   * null if it is not a valid cookie for that URL.
   */
  public static Result parse(long currentTimeMillis, String urlHost, String urlEncodedPath,
      String setCookie) {
    int limit = setCookie.length();
    for (int i = 0; i < limit; i++) {
      char c = setCookie.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) return null;
    }
    int pairEnd = indexOf(setCookie, ';', 0, limit);
    int equals = indexOf(setCookie, '=', 0, pairEnd);
    if (equals == pairEnd) return null;
    String name = trimSubstring(setCookie, 0, equals);
    if (name.isEmpty() || !isValidName(name)) return null;
    String value = trimSubstring(setCookie, equals + 1, pairEnd);
    if (!isValidValue(value)) return null;

    long expiresAt = HttpDates.MAX_DATE_MILLIS;
    long maxAgeSeconds = -1;
    String domain = null;
    String path = null;
    boolean secure = false;
    boolean httpOnly = false;
    boolean persistent = false;
    String sameSite = null;
    for (int pos = pairEnd + 1; pos < limit; ) {
      int attributeEnd = indexOf(setCookie, ';', pos, limit);
      int attributeEquals = indexOf(setCookie, '=', pos, attributeEnd);
      int nameStart = skipWhitespace(setCookie, pos, attributeEquals);
      int nameEnd = trimEnd(setCookie, nameStart, attributeEquals);
      int valueStart = attributeEquals < attributeEnd
          ? skipWhitespace(setCookie, attributeEquals + 1, attributeEnd) : attributeEnd;
      int valueEnd = trimEnd(setCookie, valueStart, attributeEnd);

      if (is(setCookie, nameStart, nameEnd, "expires")) {
        long parsed = CookieDates.parse(setCookie, valueStart, valueEnd);
        if (parsed != CookieDates.INVALID) {
          expiresAt = Math.min(parsed, HttpDates.MAX_DATE_MILLIS);
          persistent = true;
        }
      } else if (is(setCookie, nameStart, nameEnd, "max-age")) {
        long parsed = parseMaxAge(setCookie, valueStart, valueEnd);
        if (parsed != -1) {
          maxAgeSeconds = parsed;
          persistent = true;
        }
      } else if (is(setCookie, nameStart, nameEnd, "domain")) {
        String parsed = parseDomain(setCookie, valueStart, valueEnd);
        if (parsed != null) domain = parsed;
      } else if (is(setCookie, nameStart, nameEnd, "path")) {
        path = setCookie.substring(valueStart, valueEnd);
      } else if (is(setCookie, nameStart, nameEnd, "secure")) {
        secure = true;
      } else if (is(setCookie, nameStart, nameEnd, "httponly")) {
        httpOnly = true;
      } else if (is(setCookie, nameStart, nameEnd, "samesite")) {
        sameSite = setCookie.substring(valueStart, valueEnd);
      }
      pos = attributeEnd + 1;
    }

    if (maxAgeSeconds == 0) {
      expiresAt = Long.MIN_VALUE;
    } else if (maxAgeSeconds != -1) {
      long deltaMillis =
          maxAgeSeconds <= Long.MAX_VALUE / 1000 ? maxAgeSeconds * 1000 : Long.MAX_VALUE;
      expiresAt = currentTimeMillis + deltaMillis;
      if (expiresAt < currentTimeMillis || expiresAt > HttpDates.MAX_DATE_MILLIS) {
        expiresAt = HttpDates.MAX_DATE_MILLIS; // Overflow, or later than any date we handle.
      }
    }

    boolean hostOnly = domain == null;
    if (hostOnly) {
      domain = urlHost;
    } else if (!domain.equals(urlHost)
        && (Hosts.isIpAddress(urlHost) || domain.indexOf('.') == -1
            || !domainMatch(urlHost, domain))) {
      return null; // Another site, a top-level domain, or part of an IP address.
    }

    if (path == null || !path.startsWith("/")) {
      int lastSlash = urlEncodedPath.lastIndexOf('/');
      path = lastSlash != 0 ? urlEncodedPath.substring(0, lastSlash) : "/";
    }
    return new Result(name, value, expiresAt, domain, path, secure, httpOnly, persistent,
        hostOnly, sameSite);
  }

  /**
   * Returns the seconds of a {@code Max-Age} value: 0 for zero or negative (delete now),
   * {@link Long#MAX_VALUE} for too large, -1 if it is not {@code -?DIGIT+} (ignored).
   */
  private static long parseMaxAge(String s, int start, int end) {
    boolean negative = start < end && s.charAt(start) == '-';
    int digitsStart = negative ? start + 1 : start;
    if (digitsStart == end) return -1;
    long result = 0;
    for (int i = digitsStart; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      if (result <= (Long.MAX_VALUE - 9) / 10) {
        result = result * 10 + (c - '0');
      } else {
        result = Long.MAX_VALUE;
      }
    }
    return negative ? 0 : result;
  }

  /** Returns the canonical host of a {@code Domain} value, or null to ignore the attribute. */
  private static String parseDomain(String s, int start, int end) {
    if (start < end && s.charAt(start) == '.') start++;
    if (start == end || s.charAt(end - 1) == '.') return null;
    return Hosts.canonicalize(s.substring(start, end));
  }

  /**
   * Returns true if {@code urlHost} is {@code domain} or one of its subdomains (RFC 6265 §5.1.3);
   * an IP address matches only itself.
   */
  public static boolean domainMatch(String urlHost, String domain) {
    if (urlHost.equals(domain)) return true;
    return urlHost.endsWith(domain)
        && urlHost.charAt(urlHost.length() - domain.length() - 1) == '.'
        && !Hosts.isIpAddress(urlHost);
  }

  /** RFC 6265 §5.1.4: {@code /a/b} matches cookie paths {@code /}, {@code /a}, {@code /a/}. */
  public static boolean pathMatch(String urlPath, String path) {
    if (urlPath.equals(path)) return true;
    return urlPath.startsWith(path)
        && (path.endsWith("/") || urlPath.charAt(path.length()) == '/');
  }

  /** Returns true if {@code name} is printable ASCII or spaces without {@code ;} or {@code =}. */
  public static boolean isValidName(String name) {
    for (int i = 0, length = name.length(); i < length; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ';' || c == '=') return false;
    }
    return true;
  }

  /** Returns true if {@code value} has only printable ASCII and spaces, but no {@code ;}. */
  public static boolean isValidValue(String value) {
    for (int i = 0, length = value.length(); i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ';') return false;
    }
    return true;
  }

  private static boolean is(String s, int start, int end, String lowerCaseName) {
    return end - start == lowerCaseName.length()
        && s.regionMatches(true, start, lowerCaseName, 0, end - start);
  }

  private static int indexOf(String s, char c, int start, int end) {
    for (int i = start; i < end; i++) {
      if (s.charAt(i) == c) return i;
    }
    return end;
  }

  private static int skipWhitespace(String s, int start, int end) {
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) start++;
    return start;
  }

  private static int trimEnd(String s, int start, int end) {
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) end--;
    return end;
  }

  private static String trimSubstring(String s, int start, int end) {
    start = skipWhitespace(s, start, end);
    return s.substring(start, trimEnd(s, start, end));
  }
}
