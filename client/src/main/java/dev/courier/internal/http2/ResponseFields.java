package dev.courier.internal.http2;

import dev.courier.Headers;
import dev.courier.internal.http.Tokens;
import dev.courier.internal.http.WireText;

/**
 * Checks a decoded response header block against RFC 9113 §8.2 and §8.3.2 and turns it into a
 * {@link HeaderBlock}. A block that breaks a rule makes its response malformed, which is a stream
 * error of type {@link ErrorCode#PROTOCOL_ERROR} (§8.1.1): the stream is reset, its call fails, and
 * the connection and its other streams carry on.
 *
 * <p>The rules: {@code :status} exactly once, before any regular field, three digits, never 101;
 * no other pseudo-header field; names non-empty, lowercase tokens; values free of NUL, CR and LF
 * and of surrounding whitespace; no connection-specific field; {@code content-length} a number,
 * repeated only identically; trailers carry no pseudo-header field. Messages name the offending
 * field but never show a value of a field that may hold a secret.
 */
final class ResponseFields {
  private ResponseFields() {
  }

  /**
   * Returns the response head that {@code fields} hold.
   *
   * @throws Http2ProtocolException if the block is malformed
   */
  static HeaderBlock response(HpackDecoder fields, int streamId) throws Http2ProtocolException {
    checkSize(fields, streamId);
    int status = -1;
    Headers.Builder headers = new Headers.Builder();
    long contentLength = -1;
    boolean regularSeen = false;
    for (int i = 0, count = fields.fieldCount(); i < count; i++) {
      String name = fields.name(i);
      String value = fields.value(i);
      if (name.startsWith(":")) {
        if (!name.equals(":status")) throw malformed(streamId, "pseudo-header field " + name);
        if (regularSeen) throw malformed(streamId, ":status after regular header fields");
        if (status != -1) throw malformed(streamId, "a second :status");
        status = parseStatus(value, streamId);
        continue;
      }
      regularSeen = true;
      add(headers, name, value, streamId);
      if (name.equals("content-length")) {
        contentLength = parseContentLength(value, contentLength, streamId);
      }
    }
    if (status == -1) throw malformed(streamId, "no :status");
    return new HeaderBlock(status, headers.build(), contentLength);
  }

  /**
   * Returns the trailers that {@code fields} hold.
   *
   * @throws Http2ProtocolException if the block is malformed
   */
  static Headers trailers(HpackDecoder fields, int streamId) throws Http2ProtocolException {
    checkSize(fields, streamId);
    Headers.Builder headers = new Headers.Builder();
    for (int i = 0, count = fields.fieldCount(); i < count; i++) {
      String name = fields.name(i);
      if (name.startsWith(":")) throw malformed(streamId, "pseudo-header field " + name
          + " in trailers");
      add(headers, name, fields.value(i), streamId);
    }
    return headers.build();
  }

  private static void checkSize(HpackDecoder fields, int streamId) throws Http2ProtocolException {
    if (fields.listTooLarge()) {
      throw new Http2ProtocolException(ErrorCode.PROTOCOL_ERROR, "Response header list on stream "
          + streamId + " exceeds SETTINGS_MAX_HEADER_LIST_SIZE");
    }
  }

  private static void add(Headers.Builder headers, String name, String value, int streamId)
      throws Http2ProtocolException {
    checkName(name, streamId);
    if (isConnectionSpecific(name)) {
      throw malformed(streamId, "connection-specific header field " + name);
    }
    int length = value.length();
    if (length > 0 && (isWhitespace(value.charAt(0)) || isWhitespace(value.charAt(length - 1)))) {
      throw malformed(streamId, "whitespace around the value of " + name);
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw malformed(streamId, "control character 0x" + Integer.toHexString(c)
            + " in the value of " + name);
      }
    }
    headers.add(name, value);
  }

  private static void checkName(String name, int streamId) throws Http2ProtocolException {
    if (name.isEmpty()) throw malformed(streamId, "an empty header name");
    for (int i = 0, length = name.length(); i < length; i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        throw malformed(streamId, "uppercase header name " + printableName(name));
      }
      if (!Tokens.isTokenChar(c)) throw malformed(streamId, "invalid header name " + printableName(name));
    }
  }

  private static String printableName(String name) {
    return WireText.printable(name);
  }

  /** RFC 9113 §8.2.2: these belong to an HTTP/1.1 connection and make an HTTP/2 message malformed. */
  private static boolean isConnectionSpecific(String name) {
    switch (name) {
      case "connection":
      case "keep-alive":
      case "proxy-connection":
      case "transfer-encoding":
      case "upgrade":
      case "te":
        return true;
      default:
        return false;
    }
  }

  private static int parseStatus(String value, int streamId) throws Http2ProtocolException {
    if (value.length() != 3) throw malformed(streamId, "invalid :status");
    int status = 0;
    for (int i = 0; i < 3; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') throw malformed(streamId, "invalid :status");
      status = status * 10 + (c - '0');
    }
    if (status < 100) throw malformed(streamId, "invalid :status " + status);
    if (status == 101) throw malformed(streamId, ":status 101, which HTTP/2 does not allow");
    return status;
  }

  private static long parseContentLength(String value, long previous, int streamId)
      throws Http2ProtocolException {
    long result = 0;
    int length = value.length();
    if (length == 0 || length > 18) throw malformed(streamId, "invalid content-length");
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') throw malformed(streamId, "invalid content-length");
      result = result * 10 + (c - '0');
    }
    if (previous != -1 && previous != result) {
      throw malformed(streamId, "conflicting content-length values " + previous + ", " + result);
    }
    return result;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  private static Http2ProtocolException malformed(int streamId, String what) {
    return new Http2ProtocolException(ErrorCode.PROTOCOL_ERROR,
        "Malformed response on stream " + streamId + ": " + what);
  }
}
