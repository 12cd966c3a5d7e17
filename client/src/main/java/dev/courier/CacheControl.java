package dev.courier;

import dev.courier.internal.http.DirectiveReader;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The directives of a {@code Cache-Control} header (RFC 9111 §5.2), from a request or a
 * response.
 *
 * <p>{@link #parse(Headers)} reads every {@code Cache-Control} line of a message, plus
 * {@code Pragma: no-cache} (RFC 9111 §5.4), and is lenient the way the RFC asks:
 * <ul>
 *   <li>directive names are case-insensitive and unknown directives are ignored;
 *   <li>a value may be a token or a quoted string ({@code max-age="60"},
 *       {@code private="Set-Cookie, X-Foo"}); commas inside quotes do not separate directives;
 *   <li>when a directive appears more than once, the first occurrence counts;
 *   <li>a {@code max-age} or {@code s-maxage} whose value is missing or invalid (not a plain
 *       non-negative decimal integer, as in {@code -1}, {@code 1.5}, {@code 60s}) is read as 0:
 *       RFC 9111 §4.2.1 asks for such a response to be treated as stale, not as carrying no
 *       freshness information;
 *   <li>an invalid {@code max-stale}, {@code min-fresh}, {@code stale-while-revalidate} or
 *       {@code stale-if-error} is ignored (-1), which never lets a stale response be used;
 *       {@code max-stale} without a value means any staleness, {@link Integer#MAX_VALUE};
 *   <li>values too large for an {@code int} are clamped to {@link Integer#MAX_VALUE} (§1.2.2).
 * </ul>
 *
 * <p>Second counts are -1 when the directive is absent. Instances are immutable and safe to
 * share between threads.
 */
public final class CacheControl {
  /** Request directive that makes the call skip the cache and validate with the server. */
  public static final CacheControl FORCE_NETWORK = new Builder().noCache().build();

  /**
   * Request directive that makes the call use the cache only, accepting any staleness. If the
   * cache cannot answer, the call fails with a 504 response rather than use the network.
   */
  public static final CacheControl FORCE_CACHE = new Builder()
      .onlyIfCached()
      .maxStale(Duration.ofSeconds(Integer.MAX_VALUE))
      .build();

  /**
   * What messages without {@code Cache-Control} or {@code Pragma} have, most of them: one shared
   * instance, so asking costs a scan of the headers and nothing else.
   */
  private static final CacheControl NO_DIRECTIVES = new Builder().build();

  /** Bits for the valued directives already read, whose later occurrences are ignored. */
  private static final int SEEN_MAX_AGE = 1;
  private static final int SEEN_S_MAXAGE = 1 << 1;
  private static final int SEEN_MAX_STALE = 1 << 2;
  private static final int SEEN_MIN_FRESH = 1 << 3;
  private static final int SEEN_STALE_WHILE_REVALIDATE = 1 << 4;
  private static final int SEEN_STALE_IF_ERROR = 1 << 5;

  private final boolean noCache;
  private final boolean noStore;
  private final int maxAgeSeconds;
  private final int sMaxAgeSeconds;
  private final boolean isPrivate;
  private final boolean isPublic;
  private final boolean mustRevalidate;
  private final boolean proxyRevalidate;
  private final boolean mustUnderstand;
  private final int maxStaleSeconds;
  private final int minFreshSeconds;
  private final boolean onlyIfCached;
  private final boolean noTransform;
  private final boolean immutable;
  private final int staleWhileRevalidateSeconds;
  private final int staleIfErrorSeconds;
  /** The header value this was parsed from, or the computed one; null until needed. */
  private @Nullable String headerValue;

  private CacheControl(Builder builder, @Nullable String headerValue) {
    this.noCache = builder.noCache;
    this.noStore = builder.noStore;
    this.maxAgeSeconds = builder.maxAgeSeconds;
    this.sMaxAgeSeconds = builder.sMaxAgeSeconds;
    this.isPrivate = builder.isPrivate;
    this.isPublic = builder.isPublic;
    this.mustRevalidate = builder.mustRevalidate;
    this.proxyRevalidate = builder.proxyRevalidate;
    this.mustUnderstand = builder.mustUnderstand;
    this.maxStaleSeconds = builder.maxStaleSeconds;
    this.minFreshSeconds = builder.minFreshSeconds;
    this.onlyIfCached = builder.onlyIfCached;
    this.noTransform = builder.noTransform;
    this.immutable = builder.immutable;
    this.staleWhileRevalidateSeconds = builder.staleWhileRevalidateSeconds;
    this.staleIfErrorSeconds = builder.staleIfErrorSeconds;
    this.headerValue = headerValue;
  }

  /**
   * Returns the cache directives of {@code headers}: every {@code Cache-Control} field, in order,
   * and {@code Pragma: no-cache}. See the class comment for how odd values are read.
   */
  public static CacheControl parse(Headers headers) {
    if (headers == null) throw new IllegalArgumentException("headers == null");
    Builder result = null;
    boolean canUseHeaderValue = true;
    String headerValue = null;
    int seen = 0;
    for (int i = 0, size = headers.size(); i < size; i++) {
      String name = headers.name(i);
      if (name.equalsIgnoreCase("Cache-Control")) {
        if (result == null) result = new Builder();
        if (headerValue != null) canUseHeaderValue = false;
        headerValue = headers.value(i);
        seen = readDirectives(new DirectiveReader(headerValue), result, seen);
      } else if (name.equalsIgnoreCase("Pragma")) {
        if (result == null) result = new Builder();
        canUseHeaderValue = false; // toString() must show the no-cache it may add.
        DirectiveReader reader = new DirectiveReader(headers.value(i));
        while (reader.next()) {
          if (reader.nameIs("no-cache")) result.noCache = true;
        }
      }
    }
    if (result == null) return NO_DIRECTIVES;
    return new CacheControl(result, canUseHeaderValue ? headerValue : null);
  }

  /**
   * Applies the directives {@code reader} yields to {@code result}. {@code seen} has a bit for
   * each valued directive met before, whose later occurrences are ignored; returns it updated.
   */
  private static int readDirectives(DirectiveReader reader, Builder result, int seen) {
    while (reader.next()) {
      if (reader.nameIs("no-cache")) {
        result.noCache = true;
      } else if (reader.nameIs("no-store")) {
        result.noStore = true;
      } else if (reader.nameIs("max-age")) {
        if ((seen & SEEN_MAX_AGE) == 0) result.maxAgeSeconds = freshness(reader);
        seen |= SEEN_MAX_AGE;
      } else if (reader.nameIs("s-maxage")) {
        if ((seen & SEEN_S_MAXAGE) == 0) result.sMaxAgeSeconds = freshness(reader);
        seen |= SEEN_S_MAXAGE;
      } else if (reader.nameIs("private")) {
        result.isPrivate = true;
      } else if (reader.nameIs("public")) {
        result.isPublic = true;
      } else if (reader.nameIs("must-revalidate")) {
        result.mustRevalidate = true;
      } else if (reader.nameIs("proxy-revalidate")) {
        result.proxyRevalidate = true;
      } else if (reader.nameIs("must-understand")) {
        result.mustUnderstand = true;
      } else if (reader.nameIs("max-stale")) {
        if ((seen & SEEN_MAX_STALE) == 0) {
          result.maxStaleSeconds =
              reader.hasArgument() ? reader.argumentSeconds() : Integer.MAX_VALUE;
        }
        seen |= SEEN_MAX_STALE;
      } else if (reader.nameIs("min-fresh")) {
        if ((seen & SEEN_MIN_FRESH) == 0) result.minFreshSeconds = reader.argumentSeconds();
        seen |= SEEN_MIN_FRESH;
      } else if (reader.nameIs("only-if-cached")) {
        result.onlyIfCached = true;
      } else if (reader.nameIs("no-transform")) {
        result.noTransform = true;
      } else if (reader.nameIs("immutable")) {
        result.immutable = true;
      } else if (reader.nameIs("stale-while-revalidate")) {
        if ((seen & SEEN_STALE_WHILE_REVALIDATE) == 0) {
          result.staleWhileRevalidateSeconds = reader.argumentSeconds();
        }
        seen |= SEEN_STALE_WHILE_REVALIDATE;
      } else if (reader.nameIs("stale-if-error")) {
        if ((seen & SEEN_STALE_IF_ERROR) == 0) {
          result.staleIfErrorSeconds = reader.argumentSeconds();
        }
        seen |= SEEN_STALE_IF_ERROR;
      }
    }
    return seen;
  }

  /** Returns a freshness lifetime argument, or 0 (stale) if it is missing or invalid. */
  private static int freshness(DirectiveReader reader) {
    int seconds = reader.argumentSeconds();
    return seconds != -1 ? seconds : 0;
  }

  /**
   * Returns true for {@code no-cache}: in a response, it may not be used from the cache without
   * validation; in a request, the cache must not answer without validating.
   */
  public boolean noCache() {
    return noCache;
  }

  /** Returns true for {@code no-store}: the message must not be stored in any cache. */
  public boolean noStore() {
    return noStore;
  }

  /**
   * Returns {@code max-age} in seconds, -1 if absent, 0 if its value was invalid. In a response,
   * the freshness lifetime; in a request, the oldest response the client accepts.
   */
  public int maxAgeSeconds() {
    return maxAgeSeconds;
  }

  /**
   * Returns {@code s-maxage} in seconds: a freshness lifetime for shared caches. -1 if absent, 0
   * if its value was invalid.
   */
  public int sMaxAgeSeconds() {
    return sMaxAgeSeconds;
  }

  /** Returns true for {@code private}, with or without a list of field names. */
  public boolean isPrivate() {
    return isPrivate;
  }

  /** Returns true for {@code public}. */
  public boolean isPublic() {
    return isPublic;
  }

  /** Returns true for {@code must-revalidate}: once stale, the response needs validation. */
  public boolean mustRevalidate() {
    return mustRevalidate;
  }

  /**
   * Returns true for {@code proxy-revalidate}: like {@code must-revalidate}, for shared caches
   * only (RFC 9111 §5.2.2.8).
   */
  public boolean proxyRevalidate() {
    return proxyRevalidate;
  }

  /**
   * Returns true for {@code must-understand}: only a cache that knows the caching rules of the
   * response's status code may store it (RFC 9111 §5.2.2.3).
   */
  public boolean mustUnderstand() {
    return mustUnderstand;
  }

  /**
   * Returns request directive {@code max-stale} in seconds: how stale a response the client
   * accepts. {@link Integer#MAX_VALUE} if it has no value; -1 if absent or invalid.
   */
  public int maxStaleSeconds() {
    return maxStaleSeconds;
  }

  /**
   * Returns request directive {@code min-fresh} in seconds: how long a response must still be
   * fresh for. -1 if absent or invalid.
   */
  public int minFreshSeconds() {
    return minFreshSeconds;
  }

  /** Returns true for request directive {@code only-if-cached}: do not use the network. */
  public boolean onlyIfCached() {
    return onlyIfCached;
  }

  /** Returns true for {@code no-transform}: intermediaries must not change the content. */
  public boolean noTransform() {
    return noTransform;
  }

  /** Returns true for response directive {@code immutable} (RFC 8246). */
  public boolean immutable() {
    return immutable;
  }

  /**
   * Returns response directive {@code stale-while-revalidate} (RFC 5861) in seconds. -1 if
   * absent or invalid.
   */
  public int staleWhileRevalidateSeconds() {
    return staleWhileRevalidateSeconds;
  }

  /**
   * Returns directive {@code stale-if-error} (RFC 5861) in seconds. -1 if absent or invalid.
   */
  public int staleIfErrorSeconds() {
    return staleIfErrorSeconds;
  }

  /**
   * Returns the {@code Cache-Control} header value: the original value if this was parsed from a
   * single {@code Cache-Control} field and no {@code Pragma}, or else the directives in a standard
   * order, such as {@code no-cache, max-age=60}.
   */
  @Override
  public String toString() {
    String result = headerValue; // A racy but safe cache: Strings are immutable.
    if (result == null) {
      result = computeHeaderValue();
      headerValue = result;
    }
    return result;
  }

  private String computeHeaderValue() {
    StringBuilder result = new StringBuilder();
    if (noCache) result.append("no-cache, ");
    if (noStore) result.append("no-store, ");
    if (maxAgeSeconds != -1) result.append("max-age=").append(maxAgeSeconds).append(", ");
    if (sMaxAgeSeconds != -1) result.append("s-maxage=").append(sMaxAgeSeconds).append(", ");
    if (isPrivate) result.append("private, ");
    if (isPublic) result.append("public, ");
    if (mustRevalidate) result.append("must-revalidate, ");
    if (proxyRevalidate) result.append("proxy-revalidate, ");
    if (mustUnderstand) result.append("must-understand, ");
    if (maxStaleSeconds != -1) result.append("max-stale=").append(maxStaleSeconds).append(", ");
    if (minFreshSeconds != -1) result.append("min-fresh=").append(minFreshSeconds).append(", ");
    if (onlyIfCached) result.append("only-if-cached, ");
    if (noTransform) result.append("no-transform, ");
    if (immutable) result.append("immutable, ");
    if (staleWhileRevalidateSeconds != -1) {
      result.append("stale-while-revalidate=").append(staleWhileRevalidateSeconds).append(", ");
    }
    if (staleIfErrorSeconds != -1) {
      result.append("stale-if-error=").append(staleIfErrorSeconds).append(", ");
    }
    if (result.length() == 0) return "";
    result.setLength(result.length() - 2);
    return result.toString();
  }

  /**
   * Builds the request directives of a {@code Cache-Control} header, such as
   * {@code new CacheControl.Builder().maxStale(Duration.ofMinutes(5)).build()}. Not thread-safe.
   */
  public static final class Builder {
    boolean noCache;
    boolean noStore;
    int maxAgeSeconds = -1;
    int sMaxAgeSeconds = -1;
    boolean isPrivate;
    boolean isPublic;
    boolean mustRevalidate;
    boolean proxyRevalidate;
    boolean mustUnderstand;
    int maxStaleSeconds = -1;
    int minFreshSeconds = -1;
    boolean onlyIfCached;
    boolean noTransform;
    boolean immutable;
    int staleWhileRevalidateSeconds = -1;
    int staleIfErrorSeconds = -1;

    /** Creates a builder with no directives. */
    public Builder() {
    }

    /** Adds {@code no-cache}: don't accept a cached response without validating it. */
    public Builder noCache() {
      this.noCache = true;
      return this;
    }

    /** Adds {@code no-store}: don't store the response in any cache. */
    public Builder noStore() {
      this.noStore = true;
      return this;
    }

    /**
     * Adds {@code max-age}: don't accept a cached response older than {@code maxAge}. Sub-second
     * parts are dropped; values above {@link Integer#MAX_VALUE} seconds are clamped.
     *
     * @throws IllegalArgumentException if it is null or negative
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAgeSeconds = seconds("max-age", maxAge);
      return this;
    }

    /**
     * Adds {@code max-stale}: accept a cached response that has been stale for up to
     * {@code maxStale}. Sub-second parts are dropped; large values are clamped.
     *
     * @throws IllegalArgumentException if it is null or negative
     */
    public Builder maxStale(Duration maxStale) {
      this.maxStaleSeconds = seconds("max-stale", maxStale);
      return this;
    }

    /**
     * Adds {@code min-fresh}: accept only a response that stays fresh for at least
     * {@code minFresh}. Sub-second parts are dropped; large values are clamped.
     *
     * @throws IllegalArgumentException if it is null or negative
     */
    public Builder minFresh(Duration minFresh) {
      this.minFreshSeconds = seconds("min-fresh", minFresh);
      return this;
    }

    /** Adds {@code only-if-cached}: use only the cache, never the network. */
    public Builder onlyIfCached() {
      this.onlyIfCached = true;
      return this;
    }

    /** Adds {@code no-transform}: intermediaries must not change the response content. */
    public Builder noTransform() {
      this.noTransform = true;
      return this;
    }

    /** Adds {@code immutable}: the response will not change while fresh. */
    public Builder immutable() {
      this.immutable = true;
      return this;
    }

    /** Returns the directives added so far. */
    public CacheControl build() {
      return new CacheControl(this, null);
    }

    private static int seconds(String directive, Duration duration) {
      if (duration == null) throw new IllegalArgumentException(directive + " == null");
      if (duration.isNegative()) {
        throw new IllegalArgumentException(
            directive + " must not be negative but was " + duration);
      }
      long seconds = duration.getSeconds();
      return seconds > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) seconds;
    }
  }
}
