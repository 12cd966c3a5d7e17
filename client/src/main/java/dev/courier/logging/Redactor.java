package dev.courier.logging;

import java.util.Locale;
import java.util.Set;

import dev.courier.Headers;
import dev.courier.HttpUrl;

/**
 * Decides what of a URL or a header may be logged. Exists so that every line the interceptor
 * writes goes through one place that knows the secrets: header values named by
 * {@link Headers#isSensitive} or configured, query values of configured parameters, and the
 * URL's username and password, which are never written.
 */
final class Redactor {
  /** Stands in for a secret; the same mark {@link Headers#toString()} uses. */
  static final String MASK = "██";

  private final Set<String> headers;
  private final Set<String> queryParameters;

  /** Takes lower-cased names: headers and query parameters are matched ignoring case. */
  Redactor(Set<String> headers, Set<String> queryParameters) {
    this.headers = headers;
    this.queryParameters = queryParameters;
  }

  /** Returns true if the value of header {@code name} must not be logged. */
  boolean isSecretHeader(String name) {
    return Headers.isSensitive(name) || headers.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Returns {@code value}, or the mask if header {@code name} holds a secret. */
  String headerValue(String name, String value) {
    return isSecretHeader(name) ? MASK : printable(value);
  }

  /**
   * Returns {@code url} without username, password and fragment, with the values of redacted query
   * parameters masked. Path and query stay percent-encoded, so no decoded CR or LF reaches a log.
   */
  String url(HttpUrl url) {
    StringBuilder result = new StringBuilder(64);
    result.append(url.scheme()).append("://");
    String host = url.host();
    if (host.indexOf(':') != -1) {
      result.append('[').append(host).append(']');
    } else {
      result.append(host);
    }
    if (url.port() != HttpUrl.defaultPort(url.scheme())) result.append(':').append(url.port());
    result.append(url.encodedPath());
    String query = url.encodedQuery();
    if (query != null) result.append('?').append(query(url, query));
    return result.toString();
  }

  private String query(HttpUrl url, String encodedQuery) {
    if (queryParameters.isEmpty()) return encodedQuery;
    String[] pairs = encodedQuery.split("&", -1);
    // The engine splits the query the same way; if it ever did not, mask every value rather
    // than risk pairing a name with the wrong value.
    boolean aligned = pairs.length == url.querySize();
    StringBuilder result = new StringBuilder(encodedQuery.length());
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) result.append('&');
      int equals = pairs[i].indexOf('=');
      if (equals == -1) {
        result.append(pairs[i]);
        continue;
      }
      boolean secret = !aligned
          || queryParameters.contains(url.queryParameterName(i).toLowerCase(Locale.ROOT));
      result.append(secret ? pairs[i].substring(0, equals + 1) + MASK : pairs[i]);
    }
    return result.toString();
  }

  /** Replaces control characters, which could forge log lines, with {@code ?}. */
  static String printable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) return replaceControls(value);
    }
    return value;
  }

  private static String replaceControls(String value) {
    StringBuilder result = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      result.append((c < 0x20 && c != '\t') || c == 0x7f ? '?' : c);
    }
    return result.toString();
  }
}
