package dev.courier.internal.url;

import dev.courier.internal.text.Quoting;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutable, already canonical components of a URL under construction: the state behind
 * {@link dev.courier.HttpUrl.Builder} and the target of {@link UrlParser}.
 *
 * <p>Every setter canonicalizes its input with the component's percent-encode set, so whatever is
 * stored here can be joined into a URL string without further checks, and holds no raw control
 * characters. Path editing removes dot segments the way parsing does.
 */
public final class UrlComponents {
  String scheme;
  String encodedUsername = "";
  String encodedPassword = "";
  String host;
  int port = -1;
  final List<String> encodedPathSegments;
  List<String> encodedQueryNamesAndValues;
  String encodedFragment;

  /** Creates empty components: no scheme, no host, the path {@code /}. */
  public UrlComponents() {
    encodedPathSegments = new ArrayList<>(4);
    encodedPathSegments.add("");
  }

  /**
   * Creates components holding the canonical parts of an existing URL. {@code port} is -1 for the
   * scheme's default; {@code encodedQueryNamesAndValues} may be null and may hold null values.
   */
  public UrlComponents(String scheme, String encodedUsername, String encodedPassword, String host,
      int port, List<String> encodedPathSegments, List<String> encodedQueryNamesAndValues,
      String encodedFragment) {
    this.scheme = scheme;
    this.encodedUsername = encodedUsername;
    this.encodedPassword = encodedPassword;
    this.host = host;
    this.port = port;
    this.encodedPathSegments = new ArrayList<>(encodedPathSegments);
    this.encodedQueryNamesAndValues =
        encodedQueryNamesAndValues != null ? new ArrayList<>(encodedQueryNamesAndValues) : null;
    this.encodedFragment = encodedFragment;
  }

  /** Returns 80 for http, 443 for https, and -1 for anything else. */
  public static int defaultPort(String scheme) {
    if ("http".equals(scheme)) return 80;
    if ("https".equals(scheme)) return 443;
    return -1;
  }

  /** Returns {@code "http"}, {@code "https"}, or null if not set yet. */
  public String scheme() {
    return scheme;
  }

  /**
   * Sets the scheme, matched case-insensitively.
   *
   * @throws IllegalArgumentException if it is neither http nor https
   */
  public void scheme(String scheme) {
    if (scheme == null) throw new IllegalArgumentException("scheme == null");
    if (scheme.equalsIgnoreCase("http")) {
      this.scheme = "http";
    } else if (scheme.equalsIgnoreCase("https")) {
      this.scheme = "https";
    } else {
      throw new IllegalArgumentException("unexpected scheme: " + Quoting.quote(scheme));
    }
  }

  /** Returns the canonical username; empty if none. */
  public String encodedUsername() {
    return encodedUsername;
  }

  /** Sets the username, canonicalized with the userinfo set. */
  public void username(String username, boolean alreadyEncoded) {
    if (username == null) throw new IllegalArgumentException("username == null");
    encodedUsername =
        PercentEncoding.canonicalize(username, PercentEncoding.USERINFO, alreadyEncoded, false);
  }

  /** Returns the canonical password; empty if none. */
  public String encodedPassword() {
    return encodedPassword;
  }

  /** Sets the password, canonicalized with the userinfo set. */
  public void password(String password, boolean alreadyEncoded) {
    if (password == null) throw new IllegalArgumentException("password == null");
    encodedPassword =
        PercentEncoding.canonicalize(password, PercentEncoding.USERINFO, alreadyEncoded, false);
  }

  /** Returns the canonical host (IPv6 without brackets), or null if not set yet. */
  public String host() {
    return host;
  }

  /**
   * Sets the host: a domain name, an IPv4 address or an IPv6 address with or without brackets.
   *
   * @throws IllegalArgumentException if it is none of these
   */
  public void host(String host) {
    if (host == null) throw new IllegalArgumentException("host == null");
    String canonical = Hosts.canonicalize(host);
    if (canonical == null) {
      throw new IllegalArgumentException("unexpected host: " + Quoting.quote(host));
    }
    this.host = canonical;
  }

  /** Returns the explicit port, or -1 if the scheme's default applies. */
  public int port() {
    return port;
  }

  /** Returns the explicit port, or else the scheme's default port. */
  public int effectivePort() {
    return port != -1 ? port : defaultPort(scheme);
  }

  /**
   * Sets the port.
   *
   * @throws IllegalArgumentException if it is not in 1..65535
   */
  public void port(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535 but was " + port);
    }
    this.port = port;
  }

  /** Returns the live list of path segments; never empty. */
  public List<String> encodedPathSegments() {
    return encodedPathSegments;
  }

  /** Appends one segment; {@code .} does nothing and {@code ..} removes the last segment. */
  public void addPathSegment(String segment, boolean alreadyEncoded) {
    if (segment == null) throw new IllegalArgumentException("pathSegment == null");
    push(segment, 0, segment.length(), false, alreadyEncoded);
  }

  /**
   * Appends segments separated by {@code /} (or {@code \}), such as {@code a/b/c}. A trailing
   * slash leaves an empty last segment.
   */
  public void addPathSegments(String segments, boolean alreadyEncoded) {
    if (segments == null) throw new IllegalArgumentException("pathSegments == null");
    int offset = 0;
    int length = segments.length();
    do {
      int end = delimiterOffset(segments, offset, length, '/', '\\');
      boolean trailingSlash = end < length;
      push(segments, offset, end, trailingSlash, alreadyEncoded);
      offset = end + 1;
    } while (offset <= length);
  }

  /**
   * Replaces the segment at {@code index}.
   *
   * @throws IllegalArgumentException if the segment is {@code .} or {@code ..} in any spelling
   * @throws IndexOutOfBoundsException if there is no such segment
   */
  public void setPathSegment(int index, String segment, boolean alreadyEncoded) {
    if (segment == null) throw new IllegalArgumentException("pathSegment == null");
    String canonical = PercentEncoding.canonicalize(
        segment, PercentEncoding.PATH_SEGMENT, alreadyEncoded, false);
    if (isDot(canonical) || isDotDot(canonical)) {
      throw new IllegalArgumentException("unexpected path segment: " + Quoting.quote(segment));
    }
    encodedPathSegments.set(index, canonical);
  }

  /**
   * Removes the segment at {@code index}, leaving the path {@code /} if it was the last one.
   *
   * @throws IndexOutOfBoundsException if there is no such segment
   */
  public void removePathSegment(int index) {
    encodedPathSegments.remove(index);
    if (encodedPathSegments.isEmpty()) encodedPathSegments.add("");
  }

  /**
   * Replaces the whole path.
   *
   * @throws IllegalArgumentException if it does not start with {@code /}
   */
  public void encodedPath(String encodedPath) {
    if (encodedPath == null) throw new IllegalArgumentException("encodedPath == null");
    if (!encodedPath.startsWith("/")) {
      throw new IllegalArgumentException("unexpected encodedPath: " + Quoting.quote(encodedPath));
    }
    resolvePath(encodedPath, 0, encodedPath.length());
  }

  /**
   * Applies the path {@code input[pos, limit)}: an absolute path (leading slash) replaces the
   * current one, a relative path replaces the last segment. Dot segments are resolved.
   */
  void resolvePath(String input, int pos, int limit) {
    if (pos == limit) return;
    char c = input.charAt(pos);
    if (c == '/' || c == '\\') {
      encodedPathSegments.clear();
      encodedPathSegments.add("");
      pos++;
    } else {
      encodedPathSegments.set(encodedPathSegments.size() - 1, "");
    }
    for (int i = pos; i < limit; ) {
      int segmentEnd = delimiterOffset(input, i, limit, '/', '\\');
      boolean trailingSlash = segmentEnd < limit;
      push(input, i, segmentEnd, trailingSlash, true);
      i = segmentEnd;
      if (trailingSlash) i++;
    }
  }

  private void push(String input, int pos, int limit, boolean addTrailingSlash,
      boolean alreadyEncoded) {
    String segment = PercentEncoding.canonicalize(
        input, pos, limit, PercentEncoding.PATH_SEGMENT, alreadyEncoded, false, false);
    if (isDot(segment)) return;
    if (isDotDot(segment)) {
      pop();
      return;
    }
    int last = encodedPathSegments.size() - 1;
    if (encodedPathSegments.get(last).isEmpty()) {
      encodedPathSegments.set(last, segment);
    } else {
      encodedPathSegments.add(segment);
    }
    if (addTrailingSlash) encodedPathSegments.add("");
  }

  /** Removes the last segment, so that {@code /a/b/} and {@code /a/b} both become {@code /a/}. */
  private void pop() {
    String removed = encodedPathSegments.remove(encodedPathSegments.size() - 1);
    if (removed.isEmpty() && !encodedPathSegments.isEmpty()) {
      encodedPathSegments.set(encodedPathSegments.size() - 1, "");
    } else {
      encodedPathSegments.add("");
    }
  }

  private static boolean isDot(String s) {
    return s.equals(".") || s.equalsIgnoreCase("%2e");
  }

  private static boolean isDotDot(String s) {
    return s.equals("..") || s.equalsIgnoreCase("%2e.") || s.equalsIgnoreCase(".%2e")
        || s.equalsIgnoreCase("%2e%2e");
  }

  /** Returns the live list of alternating query names and values, or null for no query. */
  public List<String> encodedQueryNamesAndValues() {
    return encodedQueryNamesAndValues;
  }

  /** Replaces the whole query; null removes it. {@code &} and {@code =} keep their meaning. */
  public void query(String query, boolean alreadyEncoded) {
    encodedQueryNamesAndValues = query == null ? null : QueryStrings.split(
        PercentEncoding.canonicalize(query, PercentEncoding.QUERY, alreadyEncoded, true));
  }

  /** Appends a query parameter; a null value gives a name without {@code =}. */
  public void addQueryParameter(String name, String value, boolean alreadyEncoded) {
    if (name == null) throw new IllegalArgumentException("query parameter name == null");
    int encodeSet = alreadyEncoded
        ? PercentEncoding.QUERY_COMPONENT_REENCODE : PercentEncoding.QUERY_COMPONENT;
    if (encodedQueryNamesAndValues == null) encodedQueryNamesAndValues = new ArrayList<>(4);
    encodedQueryNamesAndValues.add(
        PercentEncoding.canonicalize(name, encodeSet, alreadyEncoded, true));
    encodedQueryNamesAndValues.add(value == null ? null
        : PercentEncoding.canonicalize(value, encodeSet, alreadyEncoded, true));
  }

  /**
   * Removes every parameter whose decoded name equals {@code name} decoded; the query is removed
   * entirely when no parameter is left.
   */
  public void removeAllQueryParameters(String name, boolean alreadyEncoded) {
    if (name == null) throw new IllegalArgumentException("query parameter name == null");
    if (encodedQueryNamesAndValues == null) return;
    String decodedName = alreadyEncoded ? PercentEncoding.percentDecode(name, true) : name;
    for (int i = encodedQueryNamesAndValues.size() - 2; i >= 0; i -= 2) {
      if (decodedName.equals(
          PercentEncoding.percentDecode(encodedQueryNamesAndValues.get(i), true))) {
        encodedQueryNamesAndValues.remove(i + 1);
        encodedQueryNamesAndValues.remove(i);
      }
    }
    if (encodedQueryNamesAndValues.isEmpty()) encodedQueryNamesAndValues = null;
  }

  /** Returns the canonical fragment, or null for none. */
  public String encodedFragment() {
    return encodedFragment;
  }

  /** Sets the fragment; null removes it. */
  public void fragment(String fragment, boolean alreadyEncoded) {
    encodedFragment = fragment == null ? null
        : PercentEncoding.canonicalize(fragment, PercentEncoding.FRAGMENT, alreadyEncoded, false);
  }

  /**
   * Returns the URL string these components make: {@code scheme://user:password@host:port/path
   * ?query#fragment}, leaving out absent parts and a default port. Missing scheme or host are left
   * out too, which only {@code Builder.toString()} shows.
   */
  public String toUrlString() {
    StringBuilder out = new StringBuilder(64);
    if (scheme != null) out.append(scheme).append("://");
    if (!encodedUsername.isEmpty() || !encodedPassword.isEmpty()) {
      out.append(encodedUsername);
      if (!encodedPassword.isEmpty()) out.append(':').append(encodedPassword);
      out.append('@');
    }
    if (host != null) appendHost(out, host);
    if (port != -1 || scheme != null) {
      int effectivePort = effectivePort();
      if (scheme == null || effectivePort != defaultPort(scheme)) {
        out.append(':').append(effectivePort);
      }
    }
    for (String segment : encodedPathSegments) {
      out.append('/').append(segment);
    }
    if (encodedQueryNamesAndValues != null) {
      out.append('?');
      QueryStrings.join(out, encodedQueryNamesAndValues);
    }
    if (encodedFragment != null) out.append('#').append(encodedFragment);
    return out.toString();
  }

  /**
   * Appends {@code host} as a URL writes it: an IPv6 address (the only kind of host with a colon)
   * in square brackets, any other host as it is.
   */
  public static void appendHost(StringBuilder out, String host) {
    if (host.indexOf(':') != -1) {
      out.append('[').append(host).append(']');
    } else {
      out.append(host);
    }
  }

  static int delimiterOffset(String input, int pos, int limit, char a, char b) {
    for (int i = pos; i < limit; i++) {
      char c = input.charAt(i);
      if (c == a || c == b) return i;
    }
    return limit;
  }
}
