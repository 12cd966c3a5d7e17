package dev.courier.demo.api;

import org.jspecify.annotations.Nullable;

import dev.courier.Response;

/**
 * What one front-end call saw of its upstream call, for the page and for curl.
 *
 * @param via how the upstream was called: service client, HTTP interface, RestClient
 * @param status the upstream's status code, or 0 if the call failed
 * @param source where the response came from: network, cache, or cache revalidated with a 304
 * @param elapsedMillis how long the upstream call took
 * @param requestId the {@code X-Request-Id} the demo's interceptor added
 * @param body the upstream's body, shortened
 * @param error why the call failed, or null
 */
public record CallReport(String via, int status, String source, long elapsedMillis,
    @Nullable String requestId, @Nullable String body, @Nullable String error) {

  private static final int MAX_BODY = 300;

  /** Returns a report of {@code response}, whose body has been read into {@code body}. */
  static CallReport of(String via, Response response, String body, long startNanos) {
    return new CallReport(via, response.code(), source(response), elapsed(startNanos),
        response.request().header("X-Request-Id"), shorten(body), null);
  }

  /** Returns a report of a call that failed with {@code e}. */
  static CallReport failed(String via, Exception e, long startNanos) {
    return new CallReport(via, 0, "none", elapsed(startNanos), null, null,
        e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  /** Returns a report of a call made through a client that hides Courier's response. */
  static CallReport of(String via, int status, @Nullable String body, long startNanos) {
    return new CallReport(via, status, "unknown", elapsed(startNanos), null, shorten(body), null);
  }

  private static String source(Response response) {
    if (response.cacheResponse() == null) return "network";
    return response.networkResponse() == null ? "cache" : "cache, revalidated (304)";
  }

  private static long elapsed(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static @Nullable String shorten(@Nullable String body) {
    if (body == null || body.length() <= MAX_BODY) return body;
    return body.substring(0, MAX_BODY) + "… (" + body.length() + " chars)";
  }
}
