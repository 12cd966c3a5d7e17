package dev.courier.logging;

import java.util.Locale;
import java.util.Set;

import dev.courier.Headers;
import dev.courier.HttpUrl;

/**
 * Decides what of a URL or a header may be logged. Exists so that every line the interceptor
 * writes goes through one place that knows the secrets: header values named by
 * {@link Headers#isSensitive} or configured, query values of configured parameters (masked by
 * {@link RedactedUrls}), and the URL's username and password, which are never written.
 */
final class Redactor {
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
    return isSecretHeader(name) ? Headers.REDACTED : printable(value);
  }

  /**
   * Returns {@code url} without username, password and fragment, with the values of redacted query
   * parameters masked. Path and query stay percent-encoded, so no decoded CR or LF reaches a log.
   */
  String url(HttpUrl url) {
    return RedactedUrls.withQueryValuesMasked(url,
        name -> queryParameters.contains(name.toLowerCase(Locale.ROOT)));
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
