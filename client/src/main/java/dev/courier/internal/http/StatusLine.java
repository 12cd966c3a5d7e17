package dev.courier.internal.http;

import java.net.ProtocolException;

import dev.courier.Protocol;

/**
 * A parsed HTTP/1.x status line, such as {@code HTTP/1.1 200 OK} (RFC 9112 §4).
 *
 * @param protocol HTTP/1.0 or HTTP/1.1
 * @param code the status code, 100 to 599
 * @param message the reason phrase, possibly empty
 */
public record StatusLine(Protocol protocol, int code, String message) {
  /**
   * Parses {@code line}, which must not include the line terminator.
   *
   * @throws ProtocolException naming the line if it is not a valid HTTP/1.x status line
   */
  public static StatusLine parse(String line) throws ProtocolException {
    // "HTTP/1.1 200" is the shortest valid line: version, space, three digits.
    if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' ') {
      throw unexpected(line);
    }
    Protocol protocol;
    switch (line.charAt(7)) {
      case '0': protocol = Protocol.HTTP_1_0; break;
      case '1': protocol = Protocol.HTTP_1_1; break;
      default: throw unexpected(line);
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') throw unexpected(line);
      code = code * 10 + (c - '0');
    }
    if (code < 100 || code > 599) {
      throw new ProtocolException("Unexpected status code " + code + " in status line: "
          + WireText.printable(line));
    }
    String message = "";
    if (line.length() > 12) {
      if (line.charAt(12) != ' ') throw unexpected(line);
      message = line.substring(13);
    }
    for (int i = 0, length = message.length(); i < length; i++) {
      char c = message.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) throw unexpected(line);
    }
    return new StatusLine(protocol, code, message);
  }

  private static ProtocolException unexpected(String line) {
    return new ProtocolException("Unexpected status line: " + WireText.printable(line));
  }
}
