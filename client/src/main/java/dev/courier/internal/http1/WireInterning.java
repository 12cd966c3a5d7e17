package dev.courier.internal.http1;

import java.net.ProtocolException;

import dev.courier.internal.http.StatusLine;
import okio.Buffer;
import okio.ByteString;

/**
 * The status lines and header names servers send most, recognised on the wire bytes so that
 * reading them allocates nothing: every response would otherwise make the same strings again.
 */
final class WireInterning {
  private static final String[] HEADER_NAMES = {
      "Accept-Ranges", "Access-Control-Allow-Origin", "Age", "Cache-Control", "Connection",
      "Content-Encoding", "Content-Length", "Content-Type", "Date", "ETag", "Expires",
      "Keep-Alive", "Last-Modified", "Location", "Server", "Set-Cookie",
      "Strict-Transport-Security", "Transfer-Encoding", "Vary", "X-Content-Type-Options",
      "X-Frame-Options", "X-Request-Id",
      // HTTP/2-era servers often send lower case on HTTP/1.1 too.
      "cache-control", "connection", "content-encoding", "content-length", "content-type", "date",
      "etag", "last-modified", "server", "transfer-encoding", "vary", "x-request-id",
  };
  private static final String[] STATUS_LINES = {
      "HTTP/1.1 200 OK", "HTTP/1.1 201 Created", "HTTP/1.1 204 No Content",
      "HTTP/1.1 206 Partial Content", "HTTP/1.1 301 Moved Permanently", "HTTP/1.1 302 Found",
      "HTTP/1.1 304 Not Modified", "HTTP/1.1 400 Bad Request", "HTTP/1.1 401 Unauthorized",
      "HTTP/1.1 404 Not Found", "HTTP/1.1 500 Internal Server Error",
      "HTTP/1.1 502 Bad Gateway", "HTTP/1.1 503 Service Unavailable", "HTTP/1.1 100 Continue",
      "HTTP/1.0 200 OK",
  };

  /** Indexed by length: the names of that length, and their bytes. */
  private static final String[][] NAMES_BY_LENGTH = new String[32][];
  private static final ByteString[][] NAME_BYTES_BY_LENGTH = new ByteString[32][];
  private static final StatusLine[] PARSED_STATUS_LINES = new StatusLine[STATUS_LINES.length];
  private static final ByteString[] STATUS_LINE_BYTES = new ByteString[STATUS_LINES.length];

  static {
    for (String name : HEADER_NAMES) {
      int length = name.length();
      String[] names = NAMES_BY_LENGTH[length];
      String[] grown = names == null ? new String[1] : java.util.Arrays.copyOf(names, names.length + 1);
      grown[grown.length - 1] = name;
      NAMES_BY_LENGTH[length] = grown;
    }
    for (int length = 0; length < NAMES_BY_LENGTH.length; length++) {
      String[] names = NAMES_BY_LENGTH[length];
      if (names == null) continue;
      NAME_BYTES_BY_LENGTH[length] = new ByteString[names.length];
      for (int i = 0; i < names.length; i++) {
        NAME_BYTES_BY_LENGTH[length][i] = ByteString.encodeUtf8(names[i]);
      }
    }
    for (int i = 0; i < STATUS_LINES.length; i++) {
      STATUS_LINE_BYTES[i] = ByteString.encodeUtf8(STATUS_LINES[i]);
      try {
        PARSED_STATUS_LINES[i] = StatusLine.parse(STATUS_LINES[i]);
      } catch (ProtocolException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  private WireInterning() {
  }

  /**
   * Returns the interned header name that the first {@code length} bytes of {@code buffer} spell,
   * or null if they spell none of the common ones. Consumes nothing.
   */
  static String headerName(Buffer buffer, long length) {
    if (length >= NAMES_BY_LENGTH.length) return null;
    ByteString[] candidates = NAME_BYTES_BY_LENGTH[(int) length];
    if (candidates == null) return null;
    for (int i = 0; i < candidates.length; i++) {
      if (buffer.rangeEquals(0, candidates[i])) return NAMES_BY_LENGTH[(int) length][i];
    }
    return null;
  }

  /**
   * Returns the parsed status line that the first {@code length} bytes of {@code buffer} spell,
   * or null if they spell none of the common ones. Consumes nothing.
   */
  static StatusLine statusLine(Buffer buffer, long length) {
    for (int i = 0; i < STATUS_LINE_BYTES.length; i++) {
      if (STATUS_LINE_BYTES[i].size() == length && buffer.rangeEquals(0, STATUS_LINE_BYTES[i])) {
        return PARSED_STATUS_LINES[i];
      }
    }
    return null;
  }
}
