package dev.courier;

import dev.courier.internal.url.PercentEncoding;
import dev.courier.internal.url.QueryStrings;
import dev.courier.internal.url.UrlComponents;
import dev.courier.internal.url.UrlParser;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An {@code http} or {@code https} URL, parsed and held in canonical form.
 *
 * <p>Parsing follows the WHATWG URL standard for special schemes: the scheme and host are
 * lower-cased, internationalized host names are converted to punycode, IP addresses are
 * normalized, a backslash counts as a slash, {@code .} and {@code ..} segments are removed, the
 * default port is left out, and each component is percent-encoded with its own encode set. Two
 * URLs are equal exactly when their canonical strings ({@link #toString()}) are.
 *
 * <pre>{@code
 * HttpUrl url = HttpUrl.get("HTTPS://Example.com:443/a/./b/../c?q=1#top");
 * url.toString();       // "https://example.com/a/c?q=1#top"
 * url.resolve("/d?x");  // "https://example.com/d?x"
 * }</pre>
 *
 * <p>Unlike WHATWG, which silently drops tab, CR and LF from the input, any ASCII control
 * character anywhere in the input makes it invalid; only leading and trailing spaces are trimmed.
 * Components set through the {@link Builder} percent-encode control characters, so no
 * {@code HttpUrl} ever holds a raw CR or LF that could split a request line or a header.
 *
 * <p>Accessors come in pairs: {@code encodedX()} returns the component as it appears in the URL
 * string, {@code x()} returns it percent-decoded (as UTF-8; {@code +} decodes to a space in the
 * query only). Instances are immutable and safe to share between threads.
 */
public final class HttpUrl {
  private final String scheme;
  private final String encodedUsername;
  private final String encodedPassword;
  private final String host;
  private final int port;
  private final List<String> encodedPathSegments;
  /** Alternating names and values; values may be null. Null if there is no query. */
  private final @Nullable List<@Nullable String> encodedQueryNamesAndValues;
  private final @Nullable String encodedFragment;
  private final String url;
  private final int pathStart;
  private final int pathEnd;
  private final int queryEnd;

  /**
   * Creates a URL from canonical components. With {@code owned}, the caller hands the component
   * lists over and will not touch them again, so they are wrapped instead of copied.
   */
  private HttpUrl(UrlComponents components, boolean owned) {
    this.scheme = components.scheme();
    this.encodedUsername = components.encodedUsername();
    this.encodedPassword = components.encodedPassword();
    this.host = components.host();
    this.port = components.effectivePort();
    List<String> path = components.encodedPathSegments();
    this.encodedPathSegments = owned ? Collections.unmodifiableList(path) : List.copyOf(path);
    List<String> query = components.encodedQueryNamesAndValues();
    if (query == null) {
      this.encodedQueryNamesAndValues = null;
    } else {
      this.encodedQueryNamesAndValues =
          Collections.unmodifiableList(owned ? query : new ArrayList<>(query));
    }
    this.encodedFragment = components.encodedFragment();
    this.url = components.toUrlString();
    this.pathStart = url.indexOf('/', scheme.length() + 3);
    int end = pathStart;
    int length = url.length();
    while (end < length && url.charAt(end) != '?' && url.charAt(end) != '#') end++;
    this.pathEnd = end;
    if (encodedQueryNamesAndValues != null) {
      int hash = url.indexOf('#', pathEnd);
      this.queryEnd = hash != -1 ? hash : length;
    } else {
      this.queryEnd = pathEnd;
    }
  }

  /**
   * Returns the URL {@code url} names.
   *
   * @throws IllegalArgumentException if it is not a valid http or https URL; the message says
   *     which part is wrong and quotes the input with control characters escaped
   */
  public static HttpUrl get(String url) {
    if (url == null) throw new IllegalArgumentException("url == null");
    UrlComponents components = new UrlComponents();
    UrlParser parser = new UrlParser();
    if (parser.parse(components, null, url) != UrlParser.SUCCESS) {
      throw new IllegalArgumentException(parser.failureMessage());
    }
    return new HttpUrl(components, true);
  }

  /**
   * Returns the URL {@code url} names, or null if it is not a valid http or https URL.
   *
   * @throws IllegalArgumentException if {@code url} is null
   */
  public static @Nullable HttpUrl parse(String url) {
    if (url == null) throw new IllegalArgumentException("url == null");
    UrlComponents components = new UrlComponents();
    if (new UrlParser().parse(components, null, url) != UrlParser.SUCCESS) return null;
    return new HttpUrl(components, true);
  }

  /**
   * Returns the URL for {@code uri}.
   *
   * @throws IllegalArgumentException if it is not a valid http or https URL
   */
  public static HttpUrl get(URI uri) {
    if (uri == null) throw new IllegalArgumentException("uri == null");
    return get(uri.toString());
  }

  /** Returns the URL for {@code uri}, or null if it is not a valid http or https URL. */
  public static @Nullable HttpUrl parse(URI uri) {
    if (uri == null) throw new IllegalArgumentException("uri == null");
    return parse(uri.toString());
  }

  /**
   * Returns the URL for {@code url}.
   *
   * @throws IllegalArgumentException if it is not a valid http or https URL
   */
  public static HttpUrl get(URL url) {
    if (url == null) throw new IllegalArgumentException("url == null");
    return get(url.toString());
  }

  /** Returns the URL for {@code url}, or null if it is not a valid http or https URL. */
  public static @Nullable HttpUrl parse(URL url) {
    if (url == null) throw new IllegalArgumentException("url == null");
    return parse(url.toString());
  }

  /** Returns 80 for {@code "http"}, 443 for {@code "https"} and -1 for any other scheme. */
  public static int defaultPort(String scheme) {
    return UrlComponents.defaultPort(scheme);
  }

  /** Returns {@code "http"} or {@code "https"}. */
  public String scheme() {
    return scheme;
  }

  /** Returns true if the scheme is {@code https}. */
  public boolean isHttps() {
    return scheme.equals("https");
  }

  /** Returns the username, percent-encoded; the empty string if there is none. */
  public String encodedUsername() {
    return encodedUsername;
  }

  /** Returns the decoded username; the empty string if there is none. */
  public String username() {
    return PercentEncoding.percentDecode(encodedUsername, false);
  }

  /** Returns the password, percent-encoded; the empty string if there is none. */
  public String encodedPassword() {
    return encodedPassword;
  }

  /** Returns the decoded password; the empty string if there is none. */
  public String password() {
    return PercentEncoding.percentDecode(encodedPassword, false);
  }

  /**
   * Returns the canonical host: a lower-case ASCII domain name (punycode for internationalized
   * names, such as {@code xn--n3h.net}), an IPv4 address in dotted decimal, or an IPv6 address
   * in RFC 5952 form <em>without</em> brackets, such as {@code 2001:db8::1}. Never null.
   */
  public String host() {
    return host;
  }

  /** Returns the port to connect to: the explicit port, or else 80 for http and 443 for https. */
  public int port() {
    return port;
  }

  /**
   * Returns the host and port as a {@code Host} header (RFC 9110 §7.2) and an origin write them:
   * an IPv6 address in square brackets, and the port only if it is not the scheme's default. For
   * example {@code example.com}, {@code example.com:8443} or {@code [::1]:8080}.
   */
  public String hostHeader() {
    boolean defaultPort = port == defaultPort(scheme);
    if (defaultPort && host.indexOf(':') == -1) return host;
    StringBuilder result = new StringBuilder(host.length() + 8);
    UrlComponents.appendHost(result, host);
    if (!defaultPort) result.append(':').append(port);
    return result.toString();
  }

  /** Returns the number of path segments; at least 1, since {@code /} has one empty segment. */
  public int pathSize() {
    return encodedPathSegments.size();
  }

  /** Returns the whole path, percent-encoded, such as {@code /a/b%20c}. Starts with {@code /}. */
  public String encodedPath() {
    return url.substring(pathStart, pathEnd);
  }

  /**
   * Returns the percent-encoded path segments, such as {@code [a, b%20c]} for {@code /a/b%20c}
   * and {@code [a, ""]} for {@code /a/}. Never empty; immutable.
   */
  public List<String> encodedPathSegments() {
    return encodedPathSegments;
  }

  /** Returns the decoded path segments; see {@link #encodedPathSegments()}. Immutable. */
  public List<String> pathSegments() {
    String[] decoded = null;
    for (int i = 0, size = encodedPathSegments.size(); i < size; i++) {
      String segment = encodedPathSegments.get(i);
      String value = PercentEncoding.percentDecode(segment, false);
      if (value != segment && decoded == null) {
        decoded = encodedPathSegments.toArray(new String[0]);
      }
      if (decoded != null) decoded[i] = value;
    }
    return decoded == null ? encodedPathSegments : List.of(decoded);
  }

  /**
   * Returns the query without its {@code ?}, percent-encoded, or null if there is no query. The
   * URL {@code http://host/?} has the empty query.
   */
  public @Nullable String encodedQuery() {
    return encodedQueryNamesAndValues != null ? url.substring(pathEnd + 1, queryEnd) : null;
  }

  /** Returns the decoded query, or null if there is none. */
  public @Nullable String query() {
    if (encodedQueryNamesAndValues == null) return null;
    List<@Nullable String> decoded = new ArrayList<>(encodedQueryNamesAndValues.size());
    for (String s : encodedQueryNamesAndValues) {
      decoded.add(s != null ? PercentEncoding.percentDecode(s, true) : null);
    }
    StringBuilder result = new StringBuilder();
    QueryStrings.join(result, decoded);
    return result.toString();
  }

  /**
   * Returns the number of query parameters: 0 without a query, and 1 for the empty query, which
   * is one parameter with the empty name and a null value.
   */
  public int querySize() {
    return encodedQueryNamesAndValues != null ? encodedQueryNamesAndValues.size() / 2 : 0;
  }

  /**
   * Returns the decoded value of the first query parameter named {@code name} (compared decoded),
   * or null if there is none or it has no {@code =}.
   */
  public @Nullable String queryParameter(String name) {
    if (encodedQueryNamesAndValues == null) return null;
    for (int i = 0, size = encodedQueryNamesAndValues.size(); i < size; i += 2) {
      if (name.equals(PercentEncoding.percentDecode(encodedQueryNamesAndValues.get(i), true))) {
        String value = encodedQueryNamesAndValues.get(i + 1);
        return value != null ? PercentEncoding.percentDecode(value, true) : null;
      }
    }
    return null;
  }

  /** Returns the distinct decoded names of the query parameters, in order. Immutable. */
  public Set<String> queryParameterNames() {
    if (encodedQueryNamesAndValues == null) return Set.of();
    Set<String> result = new LinkedHashSet<>();
    for (int i = 0, size = encodedQueryNamesAndValues.size(); i < size; i += 2) {
      result.add(PercentEncoding.percentDecode(encodedQueryNamesAndValues.get(i), true));
    }
    return Collections.unmodifiableSet(result);
  }

  /**
   * Returns the decoded values of every query parameter named {@code name}, in order; null for a
   * parameter without {@code =}. Empty if there is none. Immutable.
   */
  public List<@Nullable String> queryParameterValues(String name) {
    if (encodedQueryNamesAndValues == null) return List.of();
    List<@Nullable String> result = new ArrayList<>(2);
    for (int i = 0, size = encodedQueryNamesAndValues.size(); i < size; i += 2) {
      if (name.equals(PercentEncoding.percentDecode(encodedQueryNamesAndValues.get(i), true))) {
        String value = encodedQueryNamesAndValues.get(i + 1);
        result.add(value != null ? PercentEncoding.percentDecode(value, true) : null);
      }
    }
    return Collections.unmodifiableList(result);
  }

  /**
   * Returns the decoded name of the query parameter at {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, querySize())}
   */
  public String queryParameterName(int index) {
    return PercentEncoding.percentDecode(
        encodedQueryNamesAndValues.get(checkQueryIndex(index) * 2), true);
  }

  /**
   * Returns the decoded value of the query parameter at {@code index}, or null if it has no
   * {@code =}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, querySize())}
   */
  public @Nullable String queryParameterValue(int index) {
    String value = encodedQueryNamesAndValues.get(checkQueryIndex(index) * 2 + 1);
    return value != null ? PercentEncoding.percentDecode(value, true) : null;
  }

  private int checkQueryIndex(int index) {
    if (index < 0 || index >= querySize()) {
      throw new IndexOutOfBoundsException(
          "query parameter index " + index + " out of range for " + querySize() + " parameters");
    }
    return index;
  }

  /** Returns the fragment without its {@code #}, percent-encoded, or null if there is none. */
  public @Nullable String encodedFragment() {
    return encodedFragment;
  }

  /** Returns the decoded fragment, or null if there is none. */
  public @Nullable String fragment() {
    return encodedFragment != null ? PercentEncoding.percentDecode(encodedFragment, false) : null;
  }

  /**
   * Returns this URL as a {@link URI}. The few characters that are canonical here but that
   * {@code URI} refuses (such as {@code |} in the query or {@code [} in the path, or a {@code %}
   * not followed by two hex digits) are percent-encoded; the result means the same resource.
   */
  public URI uri() {
    StringBuilder result = new StringBuilder(url.length() + 16);
    result.append(scheme).append("://");
    if (!encodedUsername.isEmpty() || !encodedPassword.isEmpty()) {
      result.append(forUri(encodedUsername, PercentEncoding.USERINFO));
      if (!encodedPassword.isEmpty()) {
        result.append(':').append(forUri(encodedPassword, PercentEncoding.USERINFO));
      }
      result.append('@');
    }
    result.append(hostHeader());
    for (String segment : encodedPathSegments) {
      result.append('/').append(forUri(segment, PercentEncoding.PATH_SEGMENT_URI));
    }
    if (encodedQueryNamesAndValues != null) {
      result.append('?').append(forUri(encodedQuery(), PercentEncoding.QUERY_URI));
    }
    if (encodedFragment != null) {
      result.append('#').append(forUri(encodedFragment, PercentEncoding.FRAGMENT_URI));
    }
    return URI.create(result.toString());
  }

  private static String forUri(String canonical, int encodeSet) {
    return PercentEncoding.canonicalize(
        canonical, 0, canonical.length(), encodeSet, true, true, false);
  }

  /** Returns this URL as a {@link URL}; see {@link #uri()}. */
  public URL url() {
    try {
      return uri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("http and https are always known to java.net.URL", e);
    }
  }

  /**
   * Returns the URL {@code link} names relative to this one, as a browser resolves an
   * {@code href}: {@code "../a"}, {@code "/a"}, {@code "//other.host/a"}, {@code "?q"},
   * {@code "#f"} or a whole URL. Returns null if the result is not a valid http or https URL, as
   * for {@code "mailto:x"} or {@code "ftp://host/"}.
   */
  public @Nullable HttpUrl resolve(String link) {
    Builder builder = newBuilder(link);
    return builder != null ? builder.build() : null;
  }

  /** Returns a builder holding this URL's components, to derive a changed URL. */
  public Builder newBuilder() {
    return new Builder(new UrlComponents(scheme, encodedUsername, encodedPassword, host,
        port != defaultPort(scheme) ? port : -1, encodedPathSegments,
        encodedQueryNamesAndValues, encodedFragment));
  }

  /**
   * Returns a builder holding {@code link} resolved against this URL (see {@link #resolve}), or
   * null if the result is not a valid http or https URL.
   */
  public @Nullable Builder newBuilder(String link) {
    if (link == null) throw new IllegalArgumentException("link == null");
    UrlComponents base = new UrlComponents(scheme, encodedUsername, encodedPassword, host,
        port != defaultPort(scheme) ? port : -1, encodedPathSegments,
        encodedQueryNamesAndValues, encodedFragment);
    UrlComponents components = new UrlComponents();
    if (new UrlParser().parse(components, base, link) != UrlParser.SUCCESS) return null;
    return new Builder(components);
  }

  /**
   * Returns a form of this URL safe to log: scheme, host and port followed by {@code /...}, such
   * as {@code https://example.com/...}. Credentials, path, query and fragment are left out.
   */
  public String redact() {
    return scheme + "://" + hostHeader() + "/...";
  }

  /** Returns true if {@code other} is an {@code HttpUrl} with the same canonical string. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof HttpUrl && ((HttpUrl) other).url.equals(url);
  }

  /** Returns the hash code of the canonical string. */
  @Override
  public int hashCode() {
    return url.hashCode();
  }

  /**
   * Returns the canonical URL string, such as {@code https://example.com/a?b#c}. It parses back to
   * an equal URL. It includes any username and password: log {@link #redact()} instead.
   */
  @Override
  public String toString() {
    return url;
  }

  /**
   * Builds an {@link HttpUrl} from components. Every setter canonicalizes what it is given:
   * methods without {@code encoded} in their name take raw text and percent-encode everything
   * that needs it, including {@code %}; {@code encoded} methods take text that is already
   * percent-encoded, keep its escapes and encode only what may not appear raw. Either way control
   * characters end up percent-encoded.
   *
   * <pre>{@code
   * HttpUrl url = new HttpUrl.Builder()
   *     .scheme("https")
   *     .host("example.com")
   *     .addPathSegments("search/results")
   *     .addQueryParameter("q", "a&b c")
   *     .build();  // https://example.com/search/results?q=a%26b%20c
   * }</pre>
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final UrlComponents components;

    /** Creates a builder with no scheme, no host and the path {@code /}. */
    public Builder() {
      this.components = new UrlComponents();
    }

    private Builder(UrlComponents components) {
      this.components = components;
    }

    /**
     * Sets the scheme, {@code http} or {@code https} in any case.
     *
     * @throws IllegalArgumentException if it is null or another scheme
     */
    public Builder scheme(String scheme) {
      components.scheme(scheme);
      return this;
    }

    /** Sets the raw username; the empty string means none. */
    public Builder username(String username) {
      components.username(username, false);
      return this;
    }

    /** Sets the percent-encoded username; the empty string means none. */
    public Builder encodedUsername(String encodedUsername) {
      components.username(encodedUsername, true);
      return this;
    }

    /** Sets the raw password; the empty string means none. */
    public Builder password(String password) {
      components.password(password, false);
      return this;
    }

    /** Sets the percent-encoded password; the empty string means none. */
    public Builder encodedPassword(String encodedPassword) {
      components.password(encodedPassword, true);
      return this;
    }

    /**
     * Sets the host: a domain name (internationalized names are converted to punycode), an IPv4
     * address, or an IPv6 address with or without brackets ({@code "[::1]"} or {@code "::1"}).
     *
     * @throws IllegalArgumentException if it is null or not a valid host
     */
    public Builder host(String host) {
      components.host(host);
      return this;
    }

    /**
     * Sets the port. The scheme's default port is left out of the URL string.
     *
     * @throws IllegalArgumentException if it is not in 1..65535
     */
    public Builder port(int port) {
      components.port(port);
      return this;
    }

    /**
     * Appends a raw path segment; {@code /} in it is encoded. {@code "."} adds nothing and
     * {@code ".."} removes the last segment, as they would in a URL string.
     */
    public Builder addPathSegment(String pathSegment) {
      components.addPathSegment(pathSegment, false);
      return this;
    }

    /**
     * Appends raw path segments separated by {@code /}, such as {@code "a/b/c"}. A trailing slash
     * leaves an empty last segment, so the path ends with {@code /}.
     */
    public Builder addPathSegments(String pathSegments) {
      components.addPathSegments(pathSegments, false);
      return this;
    }

    /** Appends a percent-encoded path segment; see {@link #addPathSegment(String)}. */
    public Builder addEncodedPathSegment(String encodedPathSegment) {
      components.addPathSegment(encodedPathSegment, true);
      return this;
    }

    /** Appends percent-encoded path segments; see {@link #addPathSegments(String)}. */
    public Builder addEncodedPathSegments(String encodedPathSegments) {
      components.addPathSegments(encodedPathSegments, true);
      return this;
    }

    /**
     * Replaces the path segment at {@code index} with a raw segment.
     *
     * @throws IllegalArgumentException if the segment is {@code "."} or {@code ".."}
     * @throws IndexOutOfBoundsException if there is no segment at {@code index}
     */
    public Builder setPathSegment(int index, String pathSegment) {
      components.setPathSegment(index, pathSegment, false);
      return this;
    }

    /**
     * Replaces the path segment at {@code index} with a percent-encoded segment.
     *
     * @throws IllegalArgumentException if the segment is a dot segment, such as {@code "%2e"}
     * @throws IndexOutOfBoundsException if there is no segment at {@code index}
     */
    public Builder setEncodedPathSegment(int index, String encodedPathSegment) {
      components.setPathSegment(index, encodedPathSegment, true);
      return this;
    }

    /**
     * Removes the path segment at {@code index}; removing the only segment leaves {@code /}.
     *
     * @throws IndexOutOfBoundsException if there is no segment at {@code index}
     */
    public Builder removePathSegment(int index) {
      components.removePathSegment(index);
      return this;
    }

    /**
     * Replaces the whole path with a percent-encoded one; dot segments are resolved.
     *
     * @throws IllegalArgumentException if it is null or does not start with {@code /}
     */
    public Builder encodedPath(String encodedPath) {
      components.encodedPath(encodedPath);
      return this;
    }

    /**
     * Replaces the whole query with raw text, in which {@code &} and {@code =} keep separating
     * parameters; null removes the query.
     */
    public Builder query(@Nullable String query) {
      components.query(query, false);
      return this;
    }

    /** Replaces the whole query with percent-encoded text; null removes the query. */
    public Builder encodedQuery(@Nullable String encodedQuery) {
      components.query(encodedQuery, true);
      return this;
    }

    /**
     * Appends a query parameter from a raw name and value; {@code &}, {@code =}, {@code +} and
     * the like are encoded. A null value adds the name alone, without {@code =}.
     */
    public Builder addQueryParameter(String name, @Nullable String value) {
      components.addQueryParameter(name, value, false);
      return this;
    }

    /** Appends a query parameter from a percent-encoded name and value (which may be null). */
    public Builder addEncodedQueryParameter(String encodedName, @Nullable String encodedValue) {
      components.addQueryParameter(encodedName, encodedValue, true);
      return this;
    }

    /** Replaces every query parameter named {@code name} with one holding {@code value}. */
    public Builder setQueryParameter(String name, @Nullable String value) {
      components.removeAllQueryParameters(name, false);
      components.addQueryParameter(name, value, false);
      return this;
    }

    /** Replaces every parameter named {@code encodedName} with one holding the value. */
    public Builder setEncodedQueryParameter(String encodedName, @Nullable String encodedValue) {
      components.removeAllQueryParameters(encodedName, true);
      components.addQueryParameter(encodedName, encodedValue, true);
      return this;
    }

    /**
     * Removes every query parameter whose decoded name is {@code name}. Removing the last
     * parameter removes the query, {@code ?} included.
     */
    public Builder removeAllQueryParameters(String name) {
      components.removeAllQueryParameters(name, false);
      return this;
    }

    /** Removes every query parameter whose name decodes to what {@code encodedName} does. */
    public Builder removeAllEncodedQueryParameters(String encodedName) {
      components.removeAllQueryParameters(encodedName, true);
      return this;
    }

    /** Sets the raw fragment; null removes it. */
    public Builder fragment(@Nullable String fragment) {
      components.fragment(fragment, false);
      return this;
    }

    /** Sets the percent-encoded fragment; null removes it. */
    public Builder encodedFragment(@Nullable String encodedFragment) {
      components.fragment(encodedFragment, true);
      return this;
    }

    /**
     * Returns the URL.
     *
     * @throws IllegalArgumentException with {@code "scheme == null"} or {@code "host == null"} if
     *     either was not set
     */
    public HttpUrl build() {
      if (components.scheme() == null) throw new IllegalArgumentException("scheme == null");
      if (components.host() == null) throw new IllegalArgumentException("host == null");
      return new HttpUrl(components, false);
    }

    /** Returns the URL string built so far, leaving out a scheme or host not yet set. */
    @Override
    public String toString() {
      return components.toUrlString();
    }
  }
}
