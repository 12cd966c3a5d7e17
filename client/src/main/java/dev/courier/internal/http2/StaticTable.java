package dev.courier.internal.http2;

import java.util.HashMap;
import java.util.Map;

/** HPACK's static table (RFC 7541 Appendix A): 61 fields both sides know without sending them. */
final class StaticTable {
  /** The number of entries; dynamic table indices start after it. */
  static final int SIZE = 61;

  private static final String[] NAMES = {
      ":authority", ":method", ":method", ":path", ":path", ":scheme", ":scheme", ":status",
      ":status", ":status", ":status", ":status", ":status", ":status", "accept-charset",
      "accept-encoding", "accept-language", "accept-ranges", "accept",
      "access-control-allow-origin", "age", "allow", "authorization", "cache-control",
      "content-disposition", "content-encoding", "content-language", "content-length",
      "content-location", "content-range", "content-type", "cookie", "date", "etag", "expect",
      "expires", "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range",
      "if-unmodified-since", "last-modified", "link", "location", "max-forwards",
      "proxy-authenticate", "proxy-authorization", "range", "referer", "refresh", "retry-after",
      "server", "set-cookie", "strict-transport-security", "transfer-encoding", "user-agent",
      "vary", "via", "www-authenticate",
  };

  private static final String[] VALUES = new String[SIZE];

  /** The lowest index of each name. */
  private static final Map<String, Integer> FIRST_INDEX = new HashMap<>();

  static {
    java.util.Arrays.fill(VALUES, "");
    VALUES[1] = "GET";
    VALUES[2] = "POST";
    VALUES[3] = "/";
    VALUES[4] = "/index.html";
    VALUES[5] = "http";
    VALUES[6] = "https";
    VALUES[7] = "200";
    VALUES[8] = "204";
    VALUES[9] = "206";
    VALUES[10] = "304";
    VALUES[11] = "400";
    VALUES[12] = "404";
    VALUES[13] = "500";
    VALUES[15] = "gzip, deflate";
    for (int i = SIZE - 1; i >= 0; i--) {
      FIRST_INDEX.put(NAMES[i], i + 1);
    }
  }

  private StaticTable() {
  }

  /** Returns the name at 1-based {@code index}. */
  static String name(int index) {
    return NAMES[index - 1];
  }

  /** Returns the value at 1-based {@code index}. */
  static String value(int index) {
    return VALUES[index - 1];
  }

  /** Returns the 1-based index of the first entry named {@code name}, or 0. */
  static int indexOfName(String name) {
    Integer index = FIRST_INDEX.get(name);
    return index != null ? index : 0;
  }

  /**
   * Returns the 1-based index of the entry holding exactly {@code name} and {@code value}, or 0.
   * {@code nameIndex} is {@link #indexOfName}'s answer for {@code name}.
   */
  static int indexOf(int nameIndex, String name, String value) {
    if (nameIndex == 0) return 0;
    for (int i = nameIndex; i <= SIZE && NAMES[i - 1].equals(name); i++) {
      if (VALUES[i - 1].equals(value)) return i;
    }
    return 0;
  }
}
