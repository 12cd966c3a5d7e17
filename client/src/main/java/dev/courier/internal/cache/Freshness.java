package dev.courier.internal.cache;

import java.time.Instant;
import java.util.List;

import dev.courier.CacheControl;
import dev.courier.Headers;
import dev.courier.Response;
import dev.courier.internal.http.HttpDates;

/**
 * The age and freshness lifetime of a stored response (RFC 9111 §4.2), computed once from its
 * headers and the times it was requested and received.
 *
 * <p>It exists because the RFC's arithmetic has traps that make caches serve stale data as fresh:
 * an {@code Age} that is not a non-negative integer ({@code -1}, {@code 1.5}, {@code 60s}, or two
 * {@code Age} fields) is not "no age" but untrustworthy, so such a response is treated as
 * infinitely old (RFC 9111 §5.1 says to ignore it, which would make it fresher than the server
 * may have meant); a list in one field counts its first member, as §5.1 asks; an invalid
 * {@code Expires} is in the past; a missing or invalid {@code Date} is replaced by the time the
 * response arrived.
 */
final class Freshness {
  /** Stands for an unknown, hence unbounded, age; far from overflow when added to. */
  static final long UNBOUNDED = Long.MAX_VALUE / 4;
  /** The largest Age value a cache may send (RFC 9111 §1.2.2). */
  static final long MAX_AGE_SECONDS = 2147483648L;

  private final long correctedInitialAgeMillis;
  private final long receivedMillis;
  private final long lifetimeMillis;

  private Freshness(long correctedInitialAgeMillis, long receivedMillis, long lifetimeMillis) {
    this.correctedInitialAgeMillis = correctedInitialAgeMillis;
    this.receivedMillis = receivedMillis;
    this.lifetimeMillis = lifetimeMillis;
  }

  /**
   * Computes the freshness of {@code response}, a stored response or one just received, for a
   * shared cache (where {@code s-maxage} overrides {@code max-age} and {@code Expires}) or a
   * private one.
   */
  static Freshness of(Response response, boolean shared) {
    Headers headers = response.headers();
    long received = response.receivedResponseAtMillis();
    long sent = Math.min(response.sentRequestAtMillis(), received);
    Instant date = singleDate(headers, "Date");
    long dateMillis = date != null ? date.toEpochMilli() : received;

    long apparentAge = Math.max(0, received - dateMillis);
    long ageSeconds = ageSeconds(headers);
    long correctedInitialAge = ageSeconds == -1 ? UNBOUNDED
        : Math.max(apparentAge, ageSeconds * 1000 + (received - sent));

    CacheControl caching = response.cacheControl();
    long lifetime = 0;
    if (shared && caching.sMaxAgeSeconds() != -1) {
      lifetime = caching.sMaxAgeSeconds() * 1000L;
    } else if (caching.maxAgeSeconds() != -1) {
      lifetime = caching.maxAgeSeconds() * 1000L;
    } else if (!headers.values("Expires").isEmpty()) {
      Instant expires = singleDate(headers, "Expires");
      lifetime = expires != null ? Math.max(0, expires.toEpochMilli() - dateMillis) : 0;
    } else if ((CacheHeaders.isHeuristicallyCacheable(response.code()) || caching.isPublic())
        && response.request().url().query() == null) {
      // RFC 9111 §4.2.2 suggests 10% of the time since the last change, for heuristically
      // cacheable statuses and responses marked public; like OkHttp and RFC 2616 before it, not
      // for URLs with a query, whose responses are rarely meant to be reused.
      Instant lastModified = singleDate(headers, "Last-Modified");
      if (lastModified != null && dateMillis > lastModified.toEpochMilli()) {
        lifetime = (dateMillis - lastModified.toEpochMilli()) / 10;
      }
    }
    return new Freshness(correctedInitialAge, received, Math.min(lifetime, UNBOUNDED));
  }

  /**
   * Returns the {@code Age} in seconds: 0 if absent, -1 if invalid, at most
   * {@link #MAX_AGE_SECONDS}. A single field holding a list counts its first member (RFC 9111
   * §5.1); several fields, or a member that isn't a non-negative decimal integer, are invalid.
   */
  static long ageSeconds(Headers headers) {
    List<String> values = headers.values("Age");
    if (values.isEmpty()) return 0;
    if (values.size() > 1) return -1;
    String value = values.get(0);
    int comma = value.indexOf(',');
    if (comma != -1) value = value.substring(0, comma).strip();
    if (value.isEmpty()) return -1;
    long result = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return -1;
      result = Math.min(result * 10 + (c - '0'), MAX_AGE_SECONDS);
    }
    return result;
  }

  /** Returns the date in the only field named {@code name}; null if absent, invalid or repeated. */
  private static Instant singleDate(Headers headers, String name) {
    List<String> values = headers.values(name);
    return values.size() == 1 ? HttpDates.parse(values.get(0)) : null;
  }

  /** Returns the response's age at {@code nowMillis}, or {@link #UNBOUNDED} if unknown. */
  long currentAgeMillis(long nowMillis) {
    if (correctedInitialAgeMillis >= UNBOUNDED) return UNBOUNDED;
    return Math.min(UNBOUNDED, correctedInitialAgeMillis + Math.max(0, nowMillis - receivedMillis));
  }

  /** Returns how long the response is fresh for, from when it was generated. */
  long lifetimeMillis() {
    return lifetimeMillis;
  }

  /**
   * Returns the last instant at which the response is at most {@code extraMillis} past its
   * lifetime, or {@link Long#MIN_VALUE} if its age is unknown.
   */
  long staleDeadlineMillis(long extraMillis) {
    if (correctedInitialAgeMillis >= UNBOUNDED) return Long.MIN_VALUE;
    return receivedMillis + lifetimeMillis + extraMillis - correctedInitialAgeMillis;
  }

  /** Returns {@code ageMillis} as the value of an {@code Age} field: whole seconds, capped. */
  static String ageHeaderValue(long ageMillis) {
    return Long.toString(Math.min(ageMillis / 1000, MAX_AGE_SECONDS));
  }
}
