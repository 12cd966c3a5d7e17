package dev.courier.internal.cache;

import dev.courier.CacheControl;
import dev.courier.Request;
import dev.courier.Response;

/**
 * Decides, from a request and the response stored for it, whether to answer from the cache, ask
 * the network, or ask the network to confirm the stored response (a conditional request), per
 * RFC 9111 §4 and RFC 5861.
 *
 * <ul>
 *   <li>{@link #networkRequest()} null and {@link #cacheResponse()} non-null: answer from the
 *       cache, as a 304 if {@link #notModified()} (the application's own conditional request
 *       was satisfied), and revalidate in the background if
 *       {@link #revalidateInBackground()} ({@code stale-while-revalidate});
 *   <li>both non-null: send the conditional request; a 304 confirms the cache response;
 *   <li>only the network request: the cache has nothing usable;
 *   <li>both null: the request forbade the network ({@code only-if-cached}) and the cache can't
 *       satisfy it, which the interceptor answers with a 504.
 * </ul>
 *
 * <p>Independently, {@link #staleIfErrorResponse(long)} offers the stored response when the
 * network fails, within {@code stale-if-error}. Computing a strategy reads nothing but its
 * arguments, so tests can give it any clock.
 */
public final class CacheStrategy {
  private final Request networkRequest;
  private final Response cacheResponse;
  private final boolean notModified;
  private final boolean revalidateInBackground;
  private final Response staleIfErrorCandidate;
  private final Freshness freshness;
  private final long staleIfErrorDeadlineMillis;
  private final Response candidateToFreshen;

  private CacheStrategy(Request networkRequest, Response cacheResponse, boolean notModified,
      boolean revalidateInBackground, Response staleIfErrorCandidate, Freshness freshness,
      long staleIfErrorDeadlineMillis, Response candidateToFreshen) {
    this.networkRequest = networkRequest;
    this.cacheResponse = cacheResponse;
    this.notModified = notModified;
    this.revalidateInBackground = revalidateInBackground;
    this.staleIfErrorCandidate = staleIfErrorCandidate;
    this.freshness = freshness;
    this.staleIfErrorDeadlineMillis = staleIfErrorDeadlineMillis;
    this.candidateToFreshen = candidateToFreshen;
  }

  /** Returns the request to send, or null if the network must not or need not be used. */
  public Request networkRequest() {
    return networkRequest;
  }

  /**
   * Returns the stored response to answer with (with an {@code Age} field for its current age)
   * or to validate, or null.
   */
  public Response cacheResponse() {
    return cacheResponse;
  }

  /** Returns true to answer the application's conditional request with a 304. */
  public boolean notModified() {
    return notModified;
  }

  /** Returns true if the stale cache response is served while a background request refreshes it. */
  public boolean revalidateInBackground() {
    return revalidateInBackground;
  }

  /**
   * Returns the stored response to answer with if the network fails or answers 500, 502, 503 or
   * 504 at {@code nowMillis}, within {@code stale-if-error} (RFC 5861 §4); null if none may be.
   */
  public Response staleIfErrorResponse(long nowMillis) {
    if (staleIfErrorCandidate == null || nowMillis > staleIfErrorDeadlineMillis) return null;
    return withAge(staleIfErrorCandidate, freshness.currentAgeMillis(nowMillis));
  }

  /**
   * Returns the stored response that a 304 to the application's own conditional request may
   * refresh, if the 304 names its strong entity tag; or null.
   */
  public Response candidateToFreshen() {
    return candidateToFreshen;
  }

  /**
   * Returns the strategy for {@code request} given {@code candidate}, the stored response for
   * its URL whose {@code Vary} matches (or null), at {@code nowMillis}.
   *
   * @param backgroundRevalidation true for the request that refreshes a response served under
   *     {@code stale-while-revalidate}: it always asks the network, conditionally if it can
   * @param shared true for a shared cache, where {@code s-maxage} sets the lifetime and, like
   *     {@code proxy-revalidate}, forbids serving the response stale (RFC 9111 §5.2.2.8, §5.2.2.10)
   */
  public static CacheStrategy compute(long nowMillis, Request request, Response candidate,
      boolean backgroundRevalidation, boolean shared) {
    if (candidate == null
        || (request.isHttps() && candidate.handshake() == null)
        || CacheHeaders.forbidsStorage(candidate.cacheControl(), candidate.code())
        || !request.method().equals("GET")) {
      return request.cacheControl().onlyIfCached() ? unsatisfiable() : network(request);
    }
    ByteRange range = null;
    if (request.header("Range") != null) {
      // Only a complete, unencoded stored body can answer a range; the slice is its bytes.
      range = candidate.code() == 200 && candidate.header("Content-Encoding") == null
          ? ByteRange.parse(request.headers("Range"), candidate.body().contentLength()) : null;
      if (range == null) {
        return request.cacheControl().onlyIfCached() ? unsatisfiable() : network(request);
      }
    }
    if (CacheHeaders.bypassesCache(request)) {
      return request.cacheControl().onlyIfCached() ? unsatisfiable() : network(request);
    }

    Freshness freshness = Freshness.of(candidate, shared);
    if (backgroundRevalidation) return conditional(request, candidate, freshness, null, 0);

    CacheControl requestCaching = request.cacheControl();
    CacheControl responseCaching = candidate.cacheControl();
    long ageMillis = freshness.currentAgeMillis(nowMillis);
    long lifetimeMillis = freshness.lifetimeMillis();
    // must-revalidate forbids any use of the response once stale (RFC 9111 §4.2.4), and so do
    // proxy-revalidate and s-maxage in a shared cache; no-cache forbids any unvalidated use.
    boolean revalidateWhenStale = responseCaching.mustRevalidate() || (shared
        && (responseCaching.proxyRevalidate() || responseCaching.sMaxAgeSeconds() != -1));
    boolean staleForbidden = revalidateWhenStale || responseCaching.noCache();

    Response staleIfErrorCandidate = null;
    long staleIfErrorDeadline = Long.MIN_VALUE;
    long staleIfErrorSeconds = staleIfErrorSeconds(requestCaching, responseCaching);
    // A request's no-cache insists on validation, unless it also tolerates errors itself.
    boolean requestForbidsStale =
        requestCaching.noCache() && requestCaching.staleIfErrorSeconds() == -1;
    if (!staleForbidden && !requestForbidsStale && staleIfErrorSeconds >= 0) {
      staleIfErrorDeadline = freshness.staleDeadlineMillis(staleIfErrorSeconds * 1000);
      if (staleIfErrorDeadline != Long.MIN_VALUE) staleIfErrorCandidate = candidate;
    }

    if (!requestCaching.noCache() && !responseCaching.noCache()) {
      boolean fresh = ageMillis < lifetimeMillis;
      // immutable (RFC 8246): while fresh, a reload's max-age=0 does not force validation.
      boolean ageAcceptable = requestCaching.maxAgeSeconds() == -1
          || ageMillis <= requestCaching.maxAgeSeconds() * 1000L
          || (fresh && responseCaching.immutable());
      long minFreshMillis = Math.max(0, requestCaching.minFreshSeconds()) * 1000L;
      int maxStaleSeconds = revalidateWhenStale ? -1 : requestCaching.maxStaleSeconds();
      // max-stale without a value accepts any staleness, even an unknown age.
      boolean withinMaxStale = maxStaleSeconds == Integer.MAX_VALUE
          || ageMillis + minFreshMillis < lifetimeMillis + Math.max(0, maxStaleSeconds) * 1000L;
      if (ageAcceptable && withinMaxStale) {
        return answer(request, candidate, ageMillis, false, range);
      }
      int staleWhileRevalidateSeconds = responseCaching.staleWhileRevalidateSeconds();
      // A background revalidation needs the whole response: a range request doesn't start one.
      if (staleWhileRevalidateSeconds >= 0 && !revalidateWhenStale
          && requestCaching.maxAgeSeconds() == -1 && requestCaching.minFreshSeconds() == -1
          && ageMillis - lifetimeMillis <= staleWhileRevalidateSeconds * 1000L
          && (range == null || requestCaching.onlyIfCached())) {
        return answer(request, candidate, ageMillis, !requestCaching.onlyIfCached(), range);
      }
    }
    if (requestCaching.onlyIfCached()) return unsatisfiable();
    if (range != null) return network(request); // Passed on as it is, as before.
    if (CacheHeaders.hasCacheablePreconditions(request)) {
      // The application validates its own copy; ours may learn from the answer.
      return new CacheStrategy(request, null, false, false, null, freshness, 0, candidate);
    }
    return conditional(request, candidate, freshness, staleIfErrorCandidate,
        staleIfErrorDeadline);
  }

  /**
   * Returns the {@code stale-if-error} window in seconds, or -1: when both the request and the
   * response grant one, the client's tolerance is the limit.
   */
  private static long staleIfErrorSeconds(CacheControl request, CacheControl response) {
    int fromRequest = request.staleIfErrorSeconds();
    int fromResponse = response.staleIfErrorSeconds();
    if (fromRequest >= 0 && fromResponse >= 0) return Math.min(fromRequest, fromResponse);
    return Math.max(fromRequest, fromResponse);
  }

  /**
   * Answers from the cache: a 304 if the request's own precondition says so (evaluated before
   * its range, RFC 9110 §13.2.2), else the stored response, or the slice {@code range} asks for.
   */
  private static CacheStrategy answer(Request request, Response candidate, long ageMillis,
      boolean revalidateInBackground, ByteRange range) {
    boolean notModified = CacheHeaders.hasCacheablePreconditions(request)
        && CacheHeaders.isNotModified(request, candidate);
    Response served = withAge(candidate, ageMillis);
    if (range != null && !notModified) served = range.partialContent(served);
    return new CacheStrategy(null, served, notModified, revalidateInBackground, null, null, 0,
        null);
  }

  /**
   * Returns a request that validates {@code candidate} with its entity tag and modification
   * date (RFC 9111 §4.3.1); without either, a plain request that replaces it.
   */
  private static CacheStrategy conditional(Request request, Response candidate,
      Freshness freshness, Response staleIfErrorCandidate, long staleIfErrorDeadline) {
    String etag = candidate.header("ETag");
    String lastModified = candidate.header("Last-Modified");
    if (etag == null && lastModified == null) {
      return new CacheStrategy(request, null, false, false, staleIfErrorCandidate, freshness,
          staleIfErrorDeadline, null);
    }
    Request.Builder conditionalRequest = request.newBuilder();
    if (etag != null) conditionalRequest.header("If-None-Match", etag);
    if (lastModified != null) conditionalRequest.header("If-Modified-Since", lastModified);
    return new CacheStrategy(conditionalRequest.build(), candidate, false, false,
        staleIfErrorCandidate, freshness, staleIfErrorDeadline, null);
  }

  private static CacheStrategy network(Request request) {
    return new CacheStrategy(request, null, false, false, null, null, 0, null);
  }

  private static CacheStrategy unsatisfiable() {
    return new CacheStrategy(null, null, false, false, null, null, 0, null);
  }

  private static Response withAge(Response response, long ageMillis) {
    return response.newBuilder().header("Age", Freshness.ageHeaderValue(ageMillis)).build();
  }
}
