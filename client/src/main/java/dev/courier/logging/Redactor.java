package dev.courier.logging;

import java.util.Locale;
import java.util.Set;

import dev.courier.Headers;
import dev.courier.HttpUrl;

/**
 * Decides what of a URL or a header may be logged. Exists so that every line the interceptor
 * writes goes through one place that knows the secrets: header values named by
 * {@link Headers#isSensitive} or configured, query values of configured parameters (masked by
 * {@link RedactedUrls}, in the request line and in URL-valued headers alike), and the URL's
 * username and password, which are never written.
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

  /**
   * Returns {@code value} as it may be logged: the mask if header {@code name} holds a secret; for
   * a header whose value is a URL, that URL resolved against {@code base} (the message's URL) and
   * masked like {@link #url}, or the mask if it is no http or https URL, since what such a value
   * hides can't be told; otherwise the value with control characters replaced.
   */
  String headerValue(String name, String value, HttpUrl base) {
    if (isSecretHeader(name)) return Headers.REDACTED;
    if (isUrlValued(name)) {
      HttpUrl url = base.resolve(value);
      return url != null ? url(url) : Headers.REDACTED;
    }
    return printable(value);
  }

  /** Returns true for the headers whose value is a URL, which may carry query secrets. */
  private static boolean isUrlValued(String name) {
    return name.equalsIgnoreCase("Location") || name.equalsIgnoreCase("Content-Location")
        || name.equalsIgnoreCase("Referer");
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
