package dev.courier.internal.http1;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;

import dev.courier.Headers;
import dev.courier.internal.http.StatusLine;
import dev.courier.internal.http.WireText;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads HTTP/1.x status lines and header blocks from a connection within a byte budget.
 *
 * <p>One reader serves one exchange: status lines of interim and final responses, their header
 * blocks and the trailers all draw on the same {@link #HEADER_LIMIT}, so neither one huge header
 * nor a flood of 1xx responses can make the client buffer without bound. Lines end with CRLF or,
 * as RFC 9112 §2.2 lets a recipient accept, a bare LF; a CR anywhere else is refused.
 *
 * <p>Fields are parsed straight from the connection's buffer: a name and a value string per field
 * (none for the common names), never a string for the whole line.
 */
public final class HeadersReader {
  /** The most bytes of status lines and headers one exchange may read: 256 KiB. */
  public static final int HEADER_LIMIT = 256 * 1024;

  /** The longest chunk-size line, extensions included, that a chunked body may carry. */
  static final int CHUNK_SIZE_LINE_LIMIT = 8 * 1024;

  private final BufferedSource source;
  private final Buffer buffer;
  private final RecentFieldValues recentValues;
  private long remaining = HEADER_LIMIT;

  /** Creates a reader over {@code source}. */
  public HeadersReader(BufferedSource source) {
    this(source, null);
  }

  /**
   * Creates a reader over {@code source} that reuses values repeated from the connection's last
   * response, as remembered in {@code recentValues} (null to remember nothing).
   */
  public HeadersReader(BufferedSource source, RecentFieldValues recentValues) {
    this.source = source;
    this.buffer = source.getBuffer();
    this.recentValues = recentValues;
  }

  /**
   * Reads a status or header line, without its terminator, charging it to the budget.
   *
   * @throws ProtocolException if the budget is exhausted before the line ends
   * @throws EOFException if the stream ends before the line does
   */
  public String readLine() throws IOException {
    long length = lineLength(remaining, "Response header block", HEADER_LIMIT);
    remaining -= length;
    return takeLine(length);
  }

  /**
   * Reads and parses a status line.
   *
   * @throws ProtocolException if it is not a valid HTTP/1.x status line
   */
  public StatusLine readStatusLine() throws IOException {
    long length = lineLength(remaining, "Response header block", HEADER_LIMIT);
    remaining -= length;
    StatusLine common = WireInterning.statusLine(buffer, contentLength(length));
    if (common != null) {
      buffer.skip(length);
      return common;
    }
    return StatusLine.parse(takeLine(length));
  }

  /**
   * Reads header lines up to and including the empty line that ends the block. Folded lines
   * (obs-fold) are joined with a space, as RFC 9112 §5.2 asks of user agents.
   *
   * @throws ProtocolException if a line is not a valid {@code name: value} field
   */
  public Headers readHeaders() throws IOException {
    Headers.Builder result = new Headers.Builder();
    String pendingName = null;
    String pendingValue = null;
    // The pending value once continuation lines extend it: joined in one builder, since copying
    // the value so far for each line would cost the square of the block's size.
    StringBuilder folded = null;
    int fieldIndex = 0;
    while (true) {
      long length = lineLength(remaining, "Response header block", HEADER_LIMIT);
      remaining -= length;
      long content = contentLength(length);
      if (content == 0) {
        buffer.skip(length);
        break;
      }
      byte first = buffer.getByte(0);
      if (first == ' ' || first == '\t') {
        if (pendingName == null) {
          throw new ProtocolException("Unexpected continuation line before any header: "
              + WireText.printable(takeLine(length)));
        }
        String continuation = readContinuation(length, pendingName);
        if (folded == null) folded = new StringBuilder(pendingValue);
        if (folded.length() > 0) folded.append(' ');
        folded.append(continuation);
        continue;
      }
      if (pendingName != null) add(result, pendingName, joined(pendingValue, folded));
      folded = null;
      long colon = buffer.indexOf((byte) ':', 0, content);
      if (colon <= 0) {
        throw new ProtocolException("Unexpected header line: "
            + WireText.printable(takeLine(length)));
      }
      String name = WireInterning.headerName(buffer, colon);
      boolean interned = name != null;
      if (interned) {
        buffer.skip(colon);
      } else {
        name = buffer.readUtf8(colon);
      }
      buffer.skip(1); // The colon.
      long valueLength = content - colon - 1;
      long start = 0;
      while (start < valueLength && isOws(buffer.getByte(start))) start++;
      long end = valueLength;
      while (end > start && isOws(buffer.getByte(end - 1))) end--;
      buffer.skip(start);
      String value;
      if (interned && recentValues != null) {
        value = recentValues.reuse(fieldIndex, name, buffer, end - start);
        if (value != null) {
          buffer.skip(end - start);
        } else {
          value = recentValues.readAndRemember(fieldIndex, name, buffer, end - start);
        }
      } else {
        value = buffer.readUtf8(end - start);
      }
      fieldIndex++;
      buffer.skip(valueLength - end + (length - content));
      if (value.indexOf('\r') != -1) {
        throw new ProtocolException("Unexpected bare CR in line: " + printableField(name, value));
      }
      pendingName = name;
      pendingValue = value;
    }
    if (pendingName != null) add(result, pendingName, joined(pendingValue, folded));
    return result.build();
  }

  /**
   * Reads a continuation line of {@code lengthWithLf} bytes of field {@code name}'s value, without
   * the whitespace around it, into one string: a block of many short lines costs in proportion to
   * its size.
   */
  private String readContinuation(long lengthWithLf, String name) throws IOException {
    long content = contentLength(lengthWithLf);
    long start = 0;
    while (start < content && isOws(buffer.getByte(start))) start++;
    long end = content;
    while (end > start && isOws(buffer.getByte(end - 1))) end--;
    buffer.skip(start);
    String continuation = buffer.readUtf8(end - start);
    buffer.skip(lengthWithLf - end);
    if (continuation.indexOf('\r') != -1) {
      // A continuation of a secret's value is as secret as the rest of it.
      throw new ProtocolException("Unexpected bare CR in " + (Headers.isSensitive(name)
          ? "a continuation of " + name : "line: " + printableLine(continuation)));
    }
    return continuation;
  }

  /** Returns a field's value: {@code value} as read, or as continuation lines extended it. */
  private static String joined(String value, StringBuilder folded) {
    return folded != null ? folded.toString() : value;
  }

  /**
   * Reads a chunk-size line (not charged to the header budget, which a long body would exhaust).
   *
   * @throws ProtocolException if the line is longer than {@link #CHUNK_SIZE_LINE_LIMIT}
   */
  String readChunkSizeLine() throws IOException {
    return takeLine(lineLength(CHUNK_SIZE_LINE_LIMIT, "Chunk size line", CHUNK_SIZE_LINE_LIMIT));
  }

  /** Returns the length of the next line including its LF, waiting for bytes as needed. */
  private long lineLength(long limit, String what, int nominalLimit) throws IOException {
    long newline = source.indexOf((byte) '\n', 0, limit);
    if (newline == -1) {
      if (buffer.size() >= limit) {
        throw new ProtocolException(what + " exceeds " + nominalLimit + " bytes");
      }
      throw new EOFException("Unexpected end of stream after " + buffer.size()
          + " bytes of an unterminated line: " + printableLine(buffer.snapshot().utf8()));
    }
    return newline + 1;
  }

  /** Returns the length of a line of {@code lengthWithLf} bytes without its terminator. */
  private long contentLength(long lengthWithLf) {
    long content = lengthWithLf - 1;
    if (content > 0 && buffer.getByte(content - 1) == '\r') content--;
    return content;
  }

  /** Reads a line of {@code lengthWithLf} bytes, without its terminator. */
  private String takeLine(long lengthWithLf) throws IOException {
    long content = contentLength(lengthWithLf);
    String line = buffer.readUtf8(content);
    buffer.skip(lengthWithLf - content);
    if (line.indexOf('\r') != -1) {
      throw new ProtocolException("Unexpected bare CR in line: " + printableLine(line));
    }
    return line;
  }

  /**
   * Returns {@code name: value} for an error message, escaped, with the value hidden for fields
   * that carry secrets: error messages end up in logs.
   */
  private static String printableField(String name, String value) {
    return WireText.printable(name) + ": "
        + (Headers.isSensitive(name) ? "\u2588\u2588" : WireText.printable(value));
  }

  /**
   * Returns {@code line} for an error message, hiding the value of any secret field in it; a bare
   * CR may hide a field after other text, so each CR-separated part is looked at.
   */
  private static String printableLine(String line) {
    StringBuilder result = new StringBuilder();
    int start = 0;
    while (start <= line.length()) {
      int cr = line.indexOf('\r', start);
      int end = cr == -1 ? line.length() : cr;
      String part = line.substring(start, end);
      int colon = part.indexOf(':');
      if (colon > 0 && Headers.isSensitive(part.substring(0, colon).trim())) {
        result.append(printableField(part.substring(0, colon), ""));
        break; // Whatever follows may be more of the secret.
      }
      result.append(WireText.printable(part));
      if (cr == -1) break;
      result.append(WireText.printable("\r"));
      start = cr + 1;
    }
    return result.toString();
  }

  private static boolean isOws(byte b) {
    return b == ' ' || b == '\t';
  }

  private static void add(Headers.Builder builder, String name, String value)
      throws ProtocolException {
    try {
      builder.add(name, value);
    } catch (IllegalArgumentException e) {
      ProtocolException protocolException = new ProtocolException("Invalid header field: "
          + printableField(name, value));
      protocolException.initCause(e);
      throw protocolException;
    }
  }
}
