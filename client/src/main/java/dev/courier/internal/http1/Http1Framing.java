package dev.courier.internal.http1;

import java.net.ProtocolException;

import dev.courier.Headers;
import dev.courier.Protocol;
import dev.courier.Response;
import dev.courier.internal.http.HttpHeaders;
import dev.courier.internal.http.WireText;

/**
 * How an HTTP/1.1 response body is delimited, decided once from its status and headers (RFC 9112
 * §6.3).
 *
 * <p>Ambiguous framing is where request smuggling and response splitting live, so this is strict:
 * conflicting or malformed {@code Content-Length} values and transfer codings other than chunked
 * are errors, and a message that names both a length and chunked coding is read as chunked but
 * never lets its connection be reused.
 *
 * @param kind how the body ends
 * @param contentLength the body length for {@link Kind#FIXED}, 0 for {@link Kind#NONE}, else -1
 * @param reusable false if the connection must not carry another exchange afterwards
 */
record Http1Framing(Kind kind, long contentLength, boolean reusable) {
  /** How a body ends. */
  enum Kind {
    /** There is no body. */
    NONE,
    /** The body is {@code Content-Length} bytes. */
    FIXED,
    /** The body is chunked and ends with a zero-size chunk. */
    CHUNKED,
    /** The body ends when the server closes the connection. */
    UNTIL_CLOSE
  }

  private static final Http1Framing NO_BODY = new Http1Framing(Kind.NONE, 0, true);

  /**
   * Returns the framing of {@code response}.
   *
   * @throws ProtocolException if the framing headers are malformed or contradict each other
   */
  static Http1Framing of(Response response) throws ProtocolException {
    Headers headers = response.headers();
    int code = response.code();
    if (!HttpHeaders.promisesBody(response)) {
      if ((code == 204) && contentLength(headers) > 0) {
        throw new ProtocolException("HTTP " + code + " had non-zero Content-Length: "
            + contentLength(headers));
      }
      return NO_BODY;
    }
    boolean chunked = isChunked(headers);
    long contentLength = contentLength(headers);
    if (code == 205 && (chunked || contentLength > 0)) {
      throw new ProtocolException("HTTP 205 had a body: "
          + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + contentLength));
    }
    // RFC 9112 §6.1: an HTTP/1.0 message can't carry Transfer-Encoding, so one that does has
    // faulty framing, and its connection is closed after it whatever Connection says.
    boolean http10 = response.protocol() == Protocol.HTTP_1_0;
    if (chunked) return new Http1Framing(Kind.CHUNKED, -1, contentLength == -1 && !http10);
    if (contentLength != -1) return new Http1Framing(Kind.FIXED, contentLength, true);
    return new Http1Framing(Kind.UNTIL_CLOSE, -1, false);
  }

  /**
   * Returns true if the transfer codings end in chunked; false if there is no
   * {@code Transfer-Encoding}.
   *
   * @throws ProtocolException for any coding but chunked, chunked twice, or a field that names no
   *     coding at all (which implementations disagree on: some read it as chunked, some ignore
   *     it, which is what framing desyncs are made of)
   */
  private static boolean isChunked(Headers headers) throws ProtocolException {
    boolean chunked = false;
    boolean any = false;
    boolean present = false;
    for (int i = 0, size = headers.size(); i < size; i++) {
      if (!headers.name(i).equalsIgnoreCase("Transfer-Encoding")) continue;
      present = true;
      for (String coding : headers.value(i).split(",", -1)) {
        String trimmed = coding.trim();
        if (trimmed.isEmpty()) continue;
        any = true;
        if (!trimmed.equalsIgnoreCase("chunked") || chunked) {
          throw new ProtocolException("Unsupported Transfer-Encoding: "
              + WireText.printable(String.join(", ", headers.values("Transfer-Encoding"))));
        }
        chunked = true;
      }
    }
    if (present && !chunked) throw new ProtocolException("Transfer-Encoding without chunked");
    return chunked;
  }

  /**
   * Returns the {@code Content-Length}, or -1 if absent. Repeated fields and comma-separated lists
   * are accepted only when every value is the same number (RFC 9110 §8.6).
   *
   * @throws ProtocolException for a malformed value or values that disagree
   */
  static long contentLength(Headers headers) throws ProtocolException {
    long result = -1;
    for (int i = 0, size = headers.size(); i < size; i++) {
      if (!headers.name(i).equalsIgnoreCase("Content-Length")) continue;
      String value = headers.value(i);
      int start = 0;
      while (start <= value.length()) {
        int comma = value.indexOf(',', start);
        int end = comma == -1 ? value.length() : comma;
        long parsed = parseLength(value, start, end);
        if (result != -1 && parsed != result) {
          throw new ProtocolException("Conflicting Content-Length values: "
              + WireText.printable(String.join(", ", headers.values("Content-Length"))));
        }
        result = parsed;
        start = end + 1;
      }
    }
    return result;
  }

  private static long parseLength(String value, int start, int end) throws ProtocolException {
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) start++;
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) end--;
    if (start == end || end - start > 18) {
      throw new ProtocolException("Invalid Content-Length: " + WireText.printable(value));
    }
    long result = 0;
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new ProtocolException("Invalid Content-Length: " + WireText.printable(value));
      }
      result = result * 10 + (c - '0');
    }
    return result;
  }
}
