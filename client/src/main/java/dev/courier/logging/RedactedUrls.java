package dev.courier.logging;

import dev.courier.HttpUrl;

/**
 * Renders URLs for traces and monitoring without what must not appear there: the username and
 * password, and query values (tokens, signatures, personal data). Paths stay percent-encoded, so no
 * decoded control character reaches a report. One place, so every report renders URLs one way.
 */
public final class RedactedUrls {
  private static final String MASK = "██";

  private RedactedUrls() {
  }

  /** Returns {@code scheme://host[:port]}, the port only when it is not the scheme's default. */
  public static String origin(HttpUrl url) {
    StringBuilder result = new StringBuilder(32).append(url.scheme()).append("://");
    String host = url.host();
    result.append(host.indexOf(':') != -1 ? "[" + host + "]" : host);
    if (url.port() != HttpUrl.defaultPort(url.scheme())) result.append(':').append(url.port());
    return result.toString();
  }

  /** Returns the origin and the path, without query or fragment. */
  public static String withoutQuery(HttpUrl url) {
    return origin(url) + url.encodedPath();
  }

  /**
   * Returns the origin and the path, then the query with every value masked:
   * {@code https://api.example.com/items?page=██&q=██}.
   */
  public static String withoutQueryValues(HttpUrl url) {
    if (url.encodedQuery() == null && url.encodedFragment() == null
        && url.encodedUsername().isEmpty() && url.encodedPassword().isEmpty()) {
      return url.toString(); // Nothing to hide: the URL's own string, without building another.
    }
    StringBuilder result = new StringBuilder(withoutQuery(url));
    String query = url.encodedQuery();
    if (query == null) return result.toString();
    result.append('?');
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) result.append('&');
      int equals = pairs[i].indexOf('=');
      result.append(equals == -1 ? pairs[i] : pairs[i].substring(0, equals + 1) + MASK);
    }
    return result.toString();
  }
}
