package dev.courier.internal.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.courier.CacheControl;
import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.http.HttpDates;
import dev.courier.internal.http.HttpMethod;

/**
 * The header rules of RFC 9111 that decide what is stored, how stored headers are updated, which
 * request a stored response may answer, and what a write invalidates. Pure functions of headers,
 * kept apart from the strategy so each rule can be read (and tested) on its own.
 */
final class CacheHeaders {
  /**
   * Fields that describe one hop or one message's framing rather than the response (RFC 9111
   * §3.1, RFC 9110 §7.6.1), plus cookies: a cache that replayed {@code Set-Cookie} would
   * resurrect cookies the server has since changed, and would keep secrets on disk.
   */
  private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive",
      "proxy-connection", "te", "transfer-encoding", "upgrade", "set-cookie", "set-cookie2");

  /**
   * Fields a 304 must not change in the stored response (RFC 9111 §3.2): the hop-by-hop ones,
   * and those that describe the stored body's bytes, which the 304 did not resend.
   */
  private static final Set<String> NOT_UPDATED = Set.of("connection", "keep-alive",
      "proxy-connection", "te", "transfer-encoding", "upgrade", "content-length",
      "content-encoding", "content-range");

  /**
   * Fields that identify the stored bytes: a 304 confirmed those bytes, so where the stored
   * response has one of these, it stays, whatever the 304 says (RFC 9111 §3.2 exempts fields the
   * stored response depends on). An entity tag the 304 changed would label the stored body with
   * the tag of another, and a later {@code If-None-Match} would match bytes it doesn't name.
   */
  private static final Set<String> IDENTIFY_STORED_BYTES = Set.of("etag", "content-md5",
      "digest", "content-digest", "repr-digest");

  private CacheHeaders() {
  }

  /**
   * Returns true if RFC 9110 §15.1 lets a cache compute a heuristic lifetime for {@code code};
   * responses with other codes are stored only with explicit freshness. 206 is left out: this
   * cache stores complete responses only.
   */
  static boolean isHeuristicallyCacheable(int code) {
    switch (code) {
      case 200: case 203: case 204: case 300: case 301: case 308:
      case 404: case 405: case 410: case 414: case 501:
        return true;
      default:
        return false;
    }
  }

  /**
   * Returns true if {@code response} to {@code request} may be stored (RFC 9111 §3): a final,
   * complete response to GET, with neither side saying {@code no-store}, not varying on
   * {@code *}, and either explicit freshness, {@code public}, {@code private} (in a private
   * cache), or a heuristically cacheable status. A shared cache (§3.5) also refuses
   * {@code private} responses, responses to requests with {@code Authorization} unless
   * {@code public}, {@code s-maxage} or {@code must-revalidate} allow sharing them, and
   * responses to requests with {@code Cookie} unless {@code public} or {@code s-maxage} do.
   */
  static boolean isStorable(Response response, Request request, boolean shared) {
    if (!request.method().equals("GET")) return false;
    int code = response.code();
    // 407 is about the connection to a proxy, not about the resource the URL names.
    if (code < 200 || code == 206 || code == 304 || code == 407) return false;
    CacheControl responseCaching = response.cacheControl();
    if (request.cacheControl().noStore() || forbidsStorage(responseCaching, code)) return false;
    if (varyNames(response.headers()).contains("*")) return false;
    boolean sharedExplicitly = responseCaching.isPublic() || responseCaching.sMaxAgeSeconds() != -1;
    if (shared) {
      if (responseCaching.isPrivate()) return false;
      if (request.header("Authorization") != null && !sharedExplicitly
          && !responseCaching.mustRevalidate()) {
        return false;
      }
      // A cookie usually identifies a caller, and servers often forget to mark what they
      // personalise with it as private: only an explicit word from the server shares it.
      if (request.header("Cookie") != null && !sharedExplicitly) return false;
    }
    if (responseCaching.maxAgeSeconds() != -1 || response.header("Expires") != null
        || responseCaching.isPublic() || (shared && responseCaching.sMaxAgeSeconds() != -1)
        || (!shared && responseCaching.isPrivate())) {
      return true;
    }
    return isHeuristicallyCacheable(code);
  }

  /**
   * Returns true if {@code caching}, a response's directives, forbids storing it: with
   * {@code must-understand} (RFC 9111 §5.2.2.3), if this cache doesn't know the caching rules of
   * {@code code}, whatever else it says; without it, if it says {@code no-store}.
   */
  static boolean forbidsStorage(CacheControl caching, int code) {
    return caching.mustUnderstand() ? !isUnderstood(code) : caching.noStore();
  }

  /**
   * Returns true for the final status codes RFC 9110 §15 defines, whose caching rules this cache
   * follows; {@code must-understand} responses with any other code are not stored.
   */
  static boolean isUnderstood(int code) {
    return (code >= 200 && code <= 206) || (code >= 300 && code <= 305) || code == 307
        || code == 308 || (code >= 400 && code <= 417) || code == 421 || code == 422
        || code == 426 || (code >= 500 && code <= 505);
  }

  /** Returns {@code headers} without the fields a cache must not store. */
  static Headers storedHeaders(Headers headers) {
    Set<String> listed = connectionListed(headers);
    Headers.Builder result = new Headers.Builder();
    for (int i = 0, size = headers.size(); i < size; i++) {
      String name = headers.name(i).toLowerCase(Locale.ROOT);
      if (NOT_STORED.contains(name) || listed.contains(name)) continue;
      result.add(headers.name(i), headers.value(i));
    }
    return result.build();
  }

  /** Returns the lowercase field names listed in {@code Connection}. */
  private static Set<String> connectionListed(Headers headers) {
    List<String> values = headers.values("Connection");
    if (values.isEmpty()) return Set.of();
    Set<String> result = new HashSet<>();
    for (String value : values) {
      for (String token : splitList(value)) result.add(token.toLowerCase(Locale.ROOT));
    }
    return result;
  }

  /**
   * Returns the stored headers updated with those of a 304 (RFC 9111 §3.2): each field the 304
   * carries replaces the stored ones of that name, except hop-by-hop and body-describing fields,
   * and the entity tag and digests the stored response has. The stored {@code Age} goes, as it
   * described the old message; a 304 without {@code Date} gets one for when it arrived (RFC 9110
   * §6.6.1), so the old date can't age the new response.
   */
  static Headers merge(Headers stored, Headers network, long networkReceivedMillis) {
    Set<String> listed = connectionListed(network);
    Set<String> updated = new HashSet<>();
    Headers.Builder fromNetwork = new Headers.Builder();
    for (int i = 0, size = network.size(); i < size; i++) {
      String name = network.name(i).toLowerCase(Locale.ROOT);
      if (NOT_UPDATED.contains(name) || listed.contains(name)) continue;
      if (IDENTIFY_STORED_BYTES.contains(name) && stored.get(name) != null) continue;
      updated.add(name);
      fromNetwork.add(network.name(i), network.value(i));
    }
    Headers.Builder result = new Headers.Builder();
    for (int i = 0, size = stored.size(); i < size; i++) {
      String name = stored.name(i).toLowerCase(Locale.ROOT);
      if (updated.contains(name) || name.equals("age")) continue;
      result.add(stored.name(i), stored.value(i));
    }
    result.addAll(fromNetwork.build());
    if (!updated.contains("date")) {
      result.set("Date", HttpDates.format(Instant.ofEpochMilli(networkReceivedMillis)));
    }
    return result.build();
  }

  /** Returns the field names {@code Vary} lists, lowercase; {@code *} if it lists that. */
  static Set<String> varyNames(Headers responseHeaders) {
    List<String> values = responseHeaders.values("Vary");
    if (values.isEmpty()) return Collections.emptySet();
    Set<String> result = new HashSet<>();
    for (String value : values) {
      for (String name : splitList(value)) result.add(name.toLowerCase(Locale.ROOT));
    }
    return result;
  }

  /**
   * Returns the fields of {@code requestHeaders} that the response's {@code Vary} names, as
   * stored: secret fields (credentials, cookies) as one {@code digest} of their normalised value
   * each, never as themselves.
   */
  static Headers varyHeaders(Headers requestHeaders, Headers responseHeaders, FieldDigest digest) {
    Set<String> names = varyNames(responseHeaders);
    if (names.isEmpty()) return Headers.EMPTY;
    Headers.Builder result = new Headers.Builder();
    Set<String> digested = new HashSet<>();
    for (int i = 0, size = requestHeaders.size(); i < size; i++) {
      String name = requestHeaders.name(i);
      String lowercase = name.toLowerCase(Locale.ROOT);
      if (!names.contains(lowercase)) continue;
      if (!Headers.isSensitive(name)) {
        result.add(name, requestHeaders.value(i));
      } else if (digested.add(lowercase)) {
        result.add(name, digest.of(normalizedValue(requestHeaders, lowercase)));
      }
    }
    return result.build();
  }

  /**
   * Returns true if {@code request} selects the same response as the request whose varying
   * fields were {@code storedVaryHeaders} (RFC 9111 §4.1): for each field {@code Vary} names,
   * both lack it or both have it with the same value after normalising whitespace, combining
   * field lines and ordering list members. Secret fields are compared by their digest.
   */
  static boolean varyMatches(Headers responseHeaders, Headers storedVaryHeaders,
      Request request, FieldDigest digest) {
    for (String name : varyNames(responseHeaders)) {
      if (name.equals("*")) return false;
      String stored = normalizedValue(storedVaryHeaders, name);
      String current = normalizedValue(request.headers(), name);
      if (current != null && Headers.isSensitive(name)) current = digest.of(current);
      if (stored == null ? current != null : !stored.equals(current)) return false;
    }
    return true;
  }

  /**
   * Returns the stored varying fields, with the secret ones as the request {@code current} has
   * them: it matched their digests, so its values are the ones the entry was stored for.
   */
  static Headers storedRequestHeaders(Headers storedVaryHeaders, Headers current) {
    Headers.Builder result = new Headers.Builder();
    Set<String> secret = new HashSet<>();
    for (int i = 0, size = storedVaryHeaders.size(); i < size; i++) {
      String name = storedVaryHeaders.name(i);
      if (Headers.isSensitive(name)) {
        secret.add(name.toLowerCase(Locale.ROOT));
      } else {
        result.add(name, storedVaryHeaders.value(i));
      }
    }
    for (int i = 0, size = current.size(); i < size; i++) {
      if (secret.contains(current.name(i).toLowerCase(Locale.ROOT))) {
        result.add(current.name(i), current.value(i));
      }
    }
    return result.build();
  }

  /**
   * Returns every value of field {@code name} as one canonical list: members trimmed, runs of
   * whitespace outside quoted strings reduced to one space (none around {@code ;} and {@code =}),
   * empty members dropped, members sorted. Returns null if the field is absent.
   */
  static String normalizedValue(Headers headers, String name) {
    List<String> values = headers.values(name);
    if (values.isEmpty()) return null;
    List<String> members = new ArrayList<>();
    for (String value : values) {
      for (String member : splitList(value)) members.add(canonicalMember(member));
    }
    Collections.sort(members);
    return String.join(",", members);
  }

  private static String canonicalMember(String member) {
    StringBuilder result = new StringBuilder(member.length());
    boolean pendingSpace = false;
    for (int i = 0; i < member.length(); i++) {
      char c = member.charAt(i);
      if (c == '"') {
        int end = endOfQuotedString(member, i);
        appendSpaceIfNeeded(result, pendingSpace, c);
        pendingSpace = false;
        result.append(member, i, end);
        i = end - 1;
      } else if (c == ' ' || c == '\t') {
        pendingSpace = result.length() > 0;
      } else {
        appendSpaceIfNeeded(result, pendingSpace, c);
        pendingSpace = false;
        result.append(c);
      }
    }
    return result.toString();
  }

  private static void appendSpaceIfNeeded(StringBuilder result, boolean pendingSpace, char next) {
    if (!pendingSpace || next == ';' || next == '=') return;
    char last = result.charAt(result.length() - 1);
    if (last != ';' && last != '=') result.append(' ');
  }

  /** Returns the index just past the quoted string starting at {@code start}, or the end. */
  private static int endOfQuotedString(String s, int start) {
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return s.length();
  }

  /** Splits a list-valued field at commas outside quoted strings; drops empty members. */
  static List<String> splitList(String value) {
    List<String> result = new ArrayList<>(2);
    int start = 0;
    for (int i = 0; i <= value.length(); i++) {
      if (i < value.length() && value.charAt(i) == '"') {
        i = endOfQuotedString(value, i) - 1;
        continue;
      }
      if (i == value.length() || value.charAt(i) == ',') {
        String member = value.substring(start, Math.min(i, value.length())).strip();
        if (!member.isEmpty()) result.add(member);
        start = i + 1;
      }
    }
    return result;
  }

  /**
   * Returns the URLs a response to {@code request} invalidates (RFC 9111 §4.4): after an unsafe
   * method, including methods we don't know, and a non-error status, the request URL and the
   * same-origin {@code Location} and {@code Content-Location}.
   */
  static List<HttpUrl> invalidatedUrls(Request request, Response response) {
    if (HttpMethod.isSafe(request.method())) return List.of();
    if (response.code() < 200 || response.code() >= 400) return List.of();
    List<HttpUrl> result = new ArrayList<>(3);
    HttpUrl url = request.url();
    result.add(url);
    for (String name : new String[] {"Location", "Content-Location"}) {
      String value = response.header(name);
      HttpUrl target = value != null ? url.resolve(value) : null;
      if (target != null && target.scheme().equals(url.scheme())
          && target.host().equals(url.host()) && target.port() == url.port()) {
        result.add(target);
      }
    }
    return result;
  }

  /**
   * Returns true if {@code request} carries a precondition that this cache can evaluate against
   * a stored response: {@code If-None-Match} or {@code If-Modified-Since}.
   */
  static boolean hasCacheablePreconditions(Request request) {
    return request.header("If-None-Match") != null || request.header("If-Modified-Since") != null;
  }

  /**
   * Returns true for requests the cache passes to the network untouched: those with a
   * precondition about the server's current state ({@code If-Match}, {@code If-Unmodified-Since},
   * {@code If-Range}), which a copy can't answer. Byte ranges are decided by the strategy.
   */
  static boolean bypassesCache(Request request) {
    return request.header("If-Match") != null || request.header("If-Unmodified-Since") != null
        || request.header("If-Range") != null;
  }

  /**
   * Evaluates the request's {@code If-None-Match} (weak comparison) or, without it,
   * {@code If-Modified-Since} against {@code stored} (RFC 9110 §13.2.2). Returns true if the
   * stored response is "not modified" for this request.
   */
  static boolean isNotModified(Request request, Response stored) {
    List<String> ifNoneMatch = request.headers("If-None-Match");
    if (!ifNoneMatch.isEmpty()) {
      String etag = stored.header("ETag");
      for (String value : ifNoneMatch) {
        for (String tag : splitList(value)) {
          if (tag.equals("*") || (etag != null && opaqueTag(tag).equals(opaqueTag(etag)))) {
            return true;
          }
        }
      }
      return false;
    }
    Instant since = HttpDates.parse(request.header("If-Modified-Since"));
    if (since == null) return false;
    Instant lastModified = HttpDates.parse(stored.header("Last-Modified"));
    if (lastModified == null) lastModified = HttpDates.parse(stored.header("Date"));
    return lastModified != null && !lastModified.isAfter(since);
  }

  /** Returns true if both carry the same strong entity tag. */
  static boolean sameStrongEtag(Headers a, Headers b) {
    String etagA = a.get("ETag");
    String etagB = b.get("ETag");
    return etagA != null && etagA.equals(etagB) && !etagA.startsWith("W/");
  }

  /** Returns an entity tag without its weakness indicator, for weak comparison. */
  private static String opaqueTag(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
