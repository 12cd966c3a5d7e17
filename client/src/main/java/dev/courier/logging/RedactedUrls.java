package dev.courier.logging;

import java.util.function.Predicate;

import dev.courier.Headers;
import dev.courier.HttpUrl;

/**
 * Renders URLs for logs, metrics, traces and monitoring without what must not appear there: the
 * username and password, the fragment, and the values of query parameters (tokens, signatures,
 * personal data), which show as {@value Headers#REDACTED}. Paths and queries stay
 * percent-encoded, so no decoded control character reaches a report. The one place that renders
 * URLs this way: {@link LoggingInterceptor} uses it for request lines and for URL-valued headers
 * ({@code Location}, {@code Content-Location}, {@code Referer}), and so do Courier's Micrometer
 * observation and its Actuator endpoint.
 *
 * <pre>{@code
 * RedactedUrls.origin(url);              // https://api.example.com:8443
 * RedactedUrls.withoutQuery(url);        // https://api.example.com:8443/items
 * RedactedUrls.withoutQueryValues(url);  // https://api.example.com:8443/items?page=██&q=██&██
 * RedactedUrls.withQueryValuesMasked(url, "q"::equals);  // ...items?page=2&q=██
 * }</pre>
 */
public final class RedactedUrls {
  private RedactedUrls() {
  }

  /**
   * Returns {@code scheme://host[:port]}, the host as {@link HttpUrl#hostHeader()} writes it: the
   * port only when it is not the scheme's default.
   */
  public static String origin(HttpUrl url) {
    return url.scheme() + "://" + url.hostHeader();
  }

  /** Returns the origin and the path, without query or fragment. */
  public static String withoutQuery(HttpUrl url) {
    return origin(url) + url.encodedPath();
  }

  /**
   * Returns the origin and the path, then the query with every value masked:
   * {@code https://api.example.com/items?page=██&q=██}. A parameter without a value
   * ({@code ?SECRET}) is masked whole: a bare token may be the secret itself.
   */
  public static String withoutQueryValues(HttpUrl url) {
    return masked(url, name -> true, true);
  }

  /**
   * Returns the origin and the path, then the query with the values of the parameters whose
   * decoded name {@code secret} accepts masked: {@code https://api.example.com/items?page=2&token=██}.
   * Parameters without a value are shown as they are: they have no value to mask.
   */
  public static String withQueryValuesMasked(HttpUrl url, Predicate<String> secret) {
    return masked(url, secret, false);
  }

  private static String masked(HttpUrl url, Predicate<String> secret, boolean maskBareTokens) {
    String query = url.encodedQuery();
    if (query == null && url.encodedFragment() == null
        && url.encodedUsername().isEmpty() && url.encodedPassword().isEmpty()) {
      return url.toString(); // Nothing to hide: the URL's own string, without building another.
    }
    StringBuilder result = new StringBuilder(64).append(withoutQuery(url));
    if (query == null) return result.toString();
    result.append('?');
    String[] pairs = query.split("&", -1);
    // The engine splits the query the same way; if it ever did not, mask every value rather than
    // risk pairing a name with the wrong value.
    boolean aligned = pairs.length == url.querySize();
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) result.append('&');
      int equals = pairs[i].indexOf('=');
      if (equals != -1 && (!aligned || secret.test(url.queryParameterName(i)))) {
        result.append(pairs[i], 0, equals + 1).append(Headers.REDACTED);
      } else if (equals == -1 && maskBareTokens && !pairs[i].isEmpty()) {
        result.append(Headers.REDACTED);
      } else {
        result.append(pairs[i]);
      }
    }
    return result.toString();
  }
}
