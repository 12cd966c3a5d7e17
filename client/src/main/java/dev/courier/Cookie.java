package dev.courier;

import dev.courier.internal.http.HttpDates;
import dev.courier.internal.http.SetCookieParser;
import dev.courier.internal.text.Quoting;
import dev.courier.internal.url.Hosts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 6265 HTTP cookie, as received in a {@code Set-Cookie} header and sent back in
 * {@code Cookie}.
 *
 * <p>{@link #parse(HttpUrl, String)} follows the user-agent rules of RFC 6265 §5.2 and §5.3:
 * attribute names are case-insensitive, unknown attributes are ignored, the last occurrence of an
 * attribute wins, {@code Max-Age} wins over {@code Expires}, and {@code Expires} is read with the
 * lenient cookie-date algorithm. A cookie is rejected (null) when:
 * <ul>
 *   <li>the header holds a control character other than tab, as browsers do;
 *   <li>it has no {@code name=value} pair, an empty name, or a name or value with a tab or a
 *       non-ASCII character;
 *   <li>its {@code Domain} does not domain-match the request host;
 *   <li>its {@code Domain} is a single label (no dot, such as {@code com}) other than the host
 *       itself: with no public suffix list, this refuses at least top-level domains;
 *   <li>the request host is an IP address and {@code Domain} is anything but that address.
 * </ul>
 * A {@code Domain} that cannot be a host (empty, ending with a dot, holding forbidden characters)
 * is ignored, which leaves a host-only cookie.
 *
 * <p>Expiry is in epoch milliseconds; a session cookie expires at
 * {@link HttpDates#MAX_DATE_MILLIS}, and a cookie deleted with {@code Max-Age=0} at
 * {@link Long#MIN_VALUE}. Instances are immutable and safe to share between threads.
 */
public final class Cookie {
  private final String name;
  private final String value;
  private final long expiresAt;
  private final String domain;
  private final String path;
  private final boolean secure;
  private final boolean httpOnly;
  private final boolean persistent;
  private final boolean hostOnly;
  private final @Nullable String sameSite;

  private Cookie(String name, String value, long expiresAt, String domain, String path,
      boolean secure, boolean httpOnly, boolean persistent, boolean hostOnly,
      @Nullable String sameSite) {
    this.name = name;
    this.value = value;
    this.expiresAt = expiresAt;
    this.domain = domain;
    this.path = path;
    this.secure = secure;
    this.httpOnly = httpOnly;
    this.persistent = persistent;
    this.hostOnly = hostOnly;
    this.sameSite = sameSite;
  }

  /**
   * Returns the cookie {@code setCookie} (a {@code Set-Cookie} header value) sets in a response to
   * a request for {@code url}, or null if it is not a valid cookie for that URL.
   */
  public static @Nullable Cookie parse(HttpUrl url, String setCookie) {
    if (url == null) throw new IllegalArgumentException("url == null");
    if (setCookie == null) throw new IllegalArgumentException("setCookie == null");
    return parse(System.currentTimeMillis(), url, setCookie);
  }

  /**
   * Returns the cookies of every {@code Set-Cookie} header in {@code headers}, skipping invalid
   * ones; an empty list if there are none. Immutable.
   */
  public static List<Cookie> parseAll(HttpUrl url, Headers headers) {
    List<String> setCookies = headers.values("Set-Cookie");
    if (setCookies.isEmpty()) return List.of();
    long now = System.currentTimeMillis();
    List<Cookie> result = new ArrayList<>(setCookies.size());
    for (String setCookie : setCookies) {
      Cookie cookie = parse(now, url, setCookie);
      if (cookie != null) result.add(cookie);
    }
    return List.copyOf(result);
  }

  /** Like {@link #parse(HttpUrl, String)}, at {@code currentTimeMillis}. */
  static @Nullable Cookie parse(long currentTimeMillis, HttpUrl url, String setCookie) {
    SetCookieParser.Result result =
        SetCookieParser.parse(currentTimeMillis, url.host(), url.encodedPath(), setCookie);
    if (result == null) return null;
    return new Cookie(result.name(), result.value(), result.expiresAt(), result.domain(),
        result.path(), result.secure(), result.httpOnly(), result.persistent(),
        result.hostOnly(), result.sameSite());
  }

  /** Returns true if this cookie should be sent with a request for {@code url}. */
  public boolean matches(HttpUrl url) {
    String host = url.host();
    boolean domainMatch =
        hostOnly ? host.equals(domain) : SetCookieParser.domainMatch(host, domain);
    if (!domainMatch) return false;
    if (!SetCookieParser.pathMatch(url.encodedPath(), path)) return false;
    return !secure || url.isHttps();
  }

  /** Returns the cookie's name, never empty. */
  public String name() {
    return name;
  }

  /** Returns the cookie's value, possibly empty, including any surrounding double quotes. */
  public String value() {
    return value;
  }

  /**
   * Returns when the cookie expires, in epoch milliseconds: {@link HttpDates#MAX_DATE_MILLIS} for
   * a session cookie, {@link Long#MIN_VALUE} for one deleted with {@code Max-Age=0}.
   */
  public long expiresAt() {
    return expiresAt;
  }

  /** Returns true if the cookie had {@code Expires} or {@code Max-Age}: it outlives a session. */
  public boolean persistent() {
    return persistent;
  }

  /**
   * Returns the canonical host the cookie belongs to: the request host for a host-only cookie,
   * else the {@code Domain} attribute without its leading dot.
   */
  public String domain() {
    return domain;
  }

  /** Returns the path the cookie is limited to; always starts with {@code /}. */
  public String path() {
    return path;
  }

  /** Returns true if the cookie is only sent over https. */
  public boolean secure() {
    return secure;
  }

  /** Returns true if the cookie is hidden from scripts; an HTTP client sends it as any other. */
  public boolean httpOnly() {
    return httpOnly;
  }

  /** Returns true if the cookie matches its domain exactly, not its subdomains. */
  public boolean hostOnly() {
    return hostOnly;
  }

  /** Returns the {@code SameSite} attribute as given (such as {@code Lax}), or null if absent. */
  public @Nullable String sameSite() {
    return sameSite;
  }

  /** Returns a builder holding this cookie's attributes. */
  public Builder newBuilder() {
    Builder result = new Builder();
    result.name = name;
    result.value = value;
    result.expiresAt = expiresAt;
    result.domain = domain;
    result.path = path;
    result.secure = secure;
    result.httpOnly = httpOnly;
    result.persistent = persistent;
    result.hostOnly = hostOnly;
    result.sameSite = sameSite;
    return result;
  }

  /** Returns true if {@code other} is a cookie with the same name, value and attributes. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof Cookie)) return false;
    Cookie that = (Cookie) other;
    return that.name.equals(name) && that.value.equals(value) && that.expiresAt == expiresAt
        && that.domain.equals(domain) && that.path.equals(path) && that.secure == secure
        && that.httpOnly == httpOnly && that.persistent == persistent
        && that.hostOnly == hostOnly && Objects.equals(that.sameSite, sameSite);
  }

  /** Returns a hash code consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    int result = 17;
    result = 31 * result + name.hashCode();
    result = 31 * result + value.hashCode();
    result = 31 * result + Long.hashCode(expiresAt);
    result = 31 * result + domain.hashCode();
    result = 31 * result + path.hashCode();
    result = 31 * result + (secure ? 1 : 0);
    result = 31 * result + (httpOnly ? 1 : 0);
    result = 31 * result + (persistent ? 1 : 0);
    result = 31 * result + (hostOnly ? 1 : 0);
    result = 31 * result + Objects.hashCode(sameSite);
    return result;
  }

  /**
   * Returns the cookie in {@code Set-Cookie} form, such as
   * {@code id=a3fWa; expires=Wed, 21 Oct 2037 07:28:00 GMT; domain=example.com; path=/; secure}.
   * It holds the value: treat it as a secret.
   */
  @Override
  public String toString() {
    StringBuilder result = new StringBuilder(64);
    result.append(name).append('=').append(value);
    if (persistent) {
      if (expiresAt == Long.MIN_VALUE) {
        result.append("; max-age=0");
      } else {
        result.append("; expires=").append(HttpDates.format(Instant.ofEpochMilli(expiresAt)));
      }
    }
    if (!hostOnly) result.append("; domain=").append(domain);
    result.append("; path=").append(path);
    if (secure) result.append("; secure");
    if (httpOnly) result.append("; httponly");
    if (sameSite != null) result.append("; samesite=").append(sameSite);
    return result.toString();
  }

  /**
   * Builds a cookie, such as one to put in a {@link CookieJar} by hand:
   *
   * <pre>{@code
   * Cookie cookie = new Cookie.Builder()
   *     .name("session").value("a3fWa")
   *     .domain("example.com").path("/api")
   *     .secure().httpOnly()
   *     .build();
   * }</pre>
   *
   * <p>Names and values are checked so that the cookie can be sent back safely: no control
   * characters, no non-ASCII characters, no {@code ;}, no {@code =} in a name, no surrounding
   * whitespace. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String value;
    private long expiresAt = HttpDates.MAX_DATE_MILLIS;
    private @Nullable String domain;
    private String path = "/";
    private boolean secure;
    private boolean httpOnly;
    private boolean persistent;
    private boolean hostOnly;
    private @Nullable String sameSite;

    /** Creates a builder for a session cookie with path {@code /}. */
    public Builder() {
    }

    /**
     * Sets the name.
     *
     * @throws IllegalArgumentException if it is null, empty, not trimmed, or holds a control
     *     character, a non-ASCII character, {@code ;} or {@code =}
     */
    public Builder name(String name) {
      if (name == null) throw new IllegalArgumentException("name == null");
      if (name.isEmpty() || !isTrimmed(name) || !SetCookieParser.isValidName(name)) {
        throw new IllegalArgumentException("invalid cookie name: " + Quoting.quote(name));
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the value, which may be empty.
     *
     * @throws IllegalArgumentException if it is null, not trimmed, or holds a control character,
     *     a non-ASCII character or {@code ;}
     */
    public Builder value(String value) {
      if (value == null) throw new IllegalArgumentException("value == null");
      if (!isTrimmed(value) || !SetCookieParser.isValidValue(value)) {
        throw new IllegalArgumentException("invalid cookie value: " + Quoting.quote(value));
      }
      this.value = value;
      return this;
    }

    /**
     * Makes the cookie persistent, expiring at {@code expiresAt} epoch milliseconds. Values not
     * after the epoch mean "expired" ({@link Long#MIN_VALUE}); values after
     * {@link HttpDates#MAX_DATE_MILLIS} are clamped to it.
     */
    public Builder expiresAt(long expiresAt) {
      if (expiresAt <= 0L) expiresAt = Long.MIN_VALUE;
      if (expiresAt > HttpDates.MAX_DATE_MILLIS) expiresAt = HttpDates.MAX_DATE_MILLIS;
      this.expiresAt = expiresAt;
      this.persistent = true;
      return this;
    }

    /**
     * Sets the domain, matching it and its subdomains.
     *
     * @throws IllegalArgumentException if it is null or not a valid host
     */
    public Builder domain(String domain) {
      return domain(domain, false);
    }

    /**
     * Sets the domain, matching only that exact host.
     *
     * @throws IllegalArgumentException if it is null or not a valid host
     */
    public Builder hostOnlyDomain(String domain) {
      return domain(domain, true);
    }

    private Builder domain(String domain, boolean hostOnly) {
      if (domain == null) throw new IllegalArgumentException("domain == null");
      String canonical = Hosts.canonicalize(domain);
      if (canonical == null) {
        throw new IllegalArgumentException("invalid cookie domain: " + Quoting.quote(domain));
      }
      this.domain = canonical;
      this.hostOnly = hostOnly;
      return this;
    }

    /**
     * Sets the path; the default is {@code /}.
     *
     * @throws IllegalArgumentException if it is null, does not start with {@code /}, or holds a
     *     control character, a non-ASCII character or {@code ;}
     */
    public Builder path(String path) {
      if (path == null) throw new IllegalArgumentException("path == null");
      if (!path.startsWith("/") || !SetCookieParser.isValidValue(path)) {
        throw new IllegalArgumentException("invalid cookie path: " + Quoting.quote(path));
      }
      this.path = path;
      return this;
    }

    /** Limits the cookie to https. */
    public Builder secure() {
      this.secure = true;
      return this;
    }

    /** Marks the cookie as hidden from scripts. */
    public Builder httpOnly() {
      this.httpOnly = true;
      return this;
    }

    /**
     * Sets the {@code SameSite} attribute, such as {@code Strict}, {@code Lax} or {@code None}.
     *
     * @throws IllegalArgumentException if it is null, not trimmed, or holds a control character,
     *     a non-ASCII character or {@code ;}
     */
    public Builder sameSite(String sameSite) {
      if (sameSite == null) throw new IllegalArgumentException("sameSite == null");
      if (!isTrimmed(sameSite) || !SetCookieParser.isValidValue(sameSite)) {
        throw new IllegalArgumentException(
            "invalid cookie sameSite: " + Quoting.quote(sameSite));
      }
      this.sameSite = sameSite;
      return this;
    }

    /**
     * Returns the cookie.
     *
     * @throws IllegalArgumentException if the name, value or domain was not set
     */
    public Cookie build() {
      if (name == null) throw new IllegalArgumentException("name == null");
      if (value == null) throw new IllegalArgumentException("value == null");
      if (domain == null) throw new IllegalArgumentException("domain == null");
      return new Cookie(name, value, expiresAt, domain, path, secure, httpOnly, persistent,
          hostOnly, sameSite);
    }

    private static boolean isTrimmed(String s) {
      return s.isEmpty() || (s.charAt(0) != ' ' && s.charAt(s.length() - 1) != ' ');
    }
  }
}
