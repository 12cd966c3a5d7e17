package dev.courier.internal.http2;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Request;
import okio.Buffer;

/**
 * The header fields of a request as HTTP/2 sends them (RFC 9113 §8.3.1): the pseudo-header fields
 * {@code :method}, {@code :scheme}, {@code :authority} and {@code :path} first, then the request's
 * fields with lowercase names, less those that only make sense on an HTTP/1.1 connection.
 *
 * <p>{@code Host} becomes {@code :authority}; {@code Connection}, the fields it names,
 * {@code Keep-Alive}, {@code Proxy-Connection}, {@code Transfer-Encoding} and {@code Upgrade} are
 * dropped (§8.2.2); {@code TE} is kept only as {@code trailers}.
 */
final class RequestFields {
  private static final Map<String, String> LOWERCASE = new HashMap<>();

  static {
    for (String name : new String[] {
        "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control",
        "Content-Encoding", "Content-Length", "Content-Type", "Cookie", "Expect", "If-Match",
        "If-Modified-Since", "If-None-Match", "If-Range", "Origin", "Range", "Referer",
        "User-Agent", "X-Request-Id", "X-Forwarded-For", "Traceparent", "Tracestate",
    }) {
      LOWERCASE.put(name, name.toLowerCase(Locale.ROOT));
    }
  }

  private final String method;
  private final String scheme;
  private final String authority;
  private final String path;
  private final Headers headers;
  private final String connectionTokens; // The Connection field's value, or null.

  private RequestFields(String method, String scheme, String authority, String path,
      Headers headers, String connectionTokens) {
    this.method = method;
    this.scheme = scheme;
    this.authority = authority;
    this.path = path;
    this.headers = headers;
    this.connectionTokens = connectionTokens;
  }

  /** Returns the fields of {@code request}. */
  static RequestFields of(Request request) {
    HttpUrl url = request.url();
    Headers headers = request.headers();
    String host = headers.get("Host");
    String authority = host != null ? host : authority(url);
    String query = url.encodedQuery();
    String path = query == null ? url.encodedPath() : url.encodedPath() + "?" + query;
    return new RequestFields(request.method(), url.scheme(), authority, path, headers,
        headers.get("Connection"));
  }

  /** Returns {@code host[:port]} for {@code url}, the port only if it is not the default. */
  private static String authority(HttpUrl url) {
    String host = url.host().indexOf(':') != -1 ? "[" + url.host() + "]" : url.host();
    return url.port() != HttpUrl.defaultPort(url.scheme()) ? host + ":" + url.port() : host;
  }

  /** Returns the size of the header list as RFC 9113 §6.5.2 counts it, for the peer's limit. */
  long listSize() {
    long size = 4 * DynamicTable.ENTRY_OVERHEAD + ":method".length() + method.length()
        + ":authority".length() + HpackEncoder.byteLength(authority);
    if (!isConnect()) {
      size += ":scheme".length() + scheme.length() + ":path".length() + path.length();
    }
    for (int i = 0, count = headers.size(); i < count; i++) {
      String name = headers.name(i);
      if (!sent(name, headers.value(i))) continue;
      size += name.length() + HpackEncoder.byteLength(headers.value(i))
          + DynamicTable.ENTRY_OVERHEAD;
    }
    return size;
  }

  /** Encodes every field into {@code out}. */
  void encode(HpackEncoder encoder, Buffer out) {
    encoder.field(out, ":method", method);
    if (!isConnect()) encoder.field(out, ":scheme", scheme);
    encoder.field(out, ":authority", authority);
    if (!isConnect()) encoder.field(out, ":path", path);
    for (int i = 0, count = headers.size(); i < count; i++) {
      String name = headers.name(i);
      String value = headers.value(i);
      if (!sent(name, value)) continue;
      String lowercase = LOWERCASE.get(name);
      if (lowercase == null) lowercase = name.toLowerCase(Locale.ROOT);
      encoder.field(out, lowercase, value);
    }
  }

  /** A CONNECT request names only its authority (RFC 9113 §8.5). */
  private boolean isConnect() {
    return method.equals("CONNECT");
  }

  /** Returns false for a field HTTP/2 does not carry. */
  private boolean sent(String name, String value) {
    switch (name.length()) {
      case 2:
        if (name.equalsIgnoreCase("TE")) return value.equalsIgnoreCase("trailers");
        break;
      case 4:
        if (name.equalsIgnoreCase("Host")) return false;
        break;
      case 7:
        if (name.equalsIgnoreCase("Upgrade")) return false;
        break;
      case 10:
        if (name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive")) {
          return false;
        }
        break;
      case 16:
        if (name.equalsIgnoreCase("Proxy-Connection")) return false;
        break;
      case 17:
        if (name.equalsIgnoreCase("Transfer-Encoding")) return false;
        break;
      default:
        break;
    }
    return !nominatedByConnection(name);
  }

  /** Returns true if the {@code Connection} field lists {@code name} as hop-by-hop. */
  private boolean nominatedByConnection(String name) {
    String tokens = connectionTokens;
    if (tokens == null || tokens.length() < name.length()) return false;
    int start = 0;
    while (start < tokens.length()) {
      int comma = tokens.indexOf(',', start);
      int end = comma == -1 ? tokens.length() : comma;
      int from = start;
      int to = end;
      while (from < to && (tokens.charAt(from) == ' ' || tokens.charAt(from) == '\t')) from++;
      while (to > from && (tokens.charAt(to - 1) == ' ' || tokens.charAt(to - 1) == '\t')) to--;
      if (to - from == name.length() && tokens.regionMatches(true, from, name, 0, name.length())) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }
}
