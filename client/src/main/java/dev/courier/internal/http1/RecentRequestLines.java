package dev.courier.internal.http1;

import java.io.IOException;

import dev.courier.HttpUrl;
import okio.Buffer;
import okio.BufferedSink;
import okio.ByteString;

/**
 * The request line and header lines of the last request on one connection, so that lines a
 * client repeats request after request (the same method and URL, {@code Host},
 * {@code User-Agent}, an API token) are encoded once and then copied as bytes.
 *
 * <p>A line is remembered as strings first and encoded only when it comes again in the same place,
 * so requests whose lines vary cost nothing extra. Confined to the connection's current exchange.
 */
public final class RecentRequestLines {
  static final int CAPACITY = 24;

  private String method;
  private String url;
  private ByteString requestLine;
  private final String[] names = new String[CAPACITY];
  private final String[] values = new String[CAPACITY];
  private final ByteString[] lines = new ByteString[CAPACITY];

  /** Writes the origin-form request line for {@code method} and {@code url}. */
  void writeRequestLine(BufferedSink sink, String method, HttpUrl url) throws IOException {
    String urlString = url.toString();
    if (method.equals(this.method) && urlString.equals(this.url)) {
      if (requestLine == null) {
        Buffer encoded = new Buffer();
        writeRequestLineUtf8(encoded, method, url);
        requestLine = encoded.readByteString();
      }
      sink.write(requestLine);
      return;
    }
    this.method = method;
    this.url = urlString;
    this.requestLine = null;
    writeRequestLineUtf8(sink, method, url);
  }

  /** Writes header line {@code index}, {@code name: value}. */
  void writeHeader(BufferedSink sink, int index, String name, String value) throws IOException {
    if (index >= CAPACITY) {
      writeHeaderUtf8(sink, name, value);
      return;
    }
    if (name.equals(names[index]) && value.equals(values[index])) {
      ByteString line = lines[index];
      if (line == null) {
        Buffer encoded = new Buffer();
        writeHeaderUtf8(encoded, name, value);
        line = encoded.readByteString();
        lines[index] = line;
      }
      sink.write(line);
      return;
    }
    names[index] = name;
    values[index] = value;
    lines[index] = null;
    writeHeaderUtf8(sink, name, value);
  }

  /** Writes {@code METHOD /path?query HTTP/1.1} and its CRLF. */
  static void writeRequestLineUtf8(BufferedSink sink, String method, HttpUrl url)
      throws IOException {
    sink.writeUtf8(method).writeByte(' ').writeUtf8(url.encodedPath());
    String query = url.encodedQuery();
    if (query != null) sink.writeByte('?').writeUtf8(query);
    sink.writeUtf8(" HTTP/1.1\r\n");
  }

  /** Writes {@code name: value} and its CRLF. */
  static void writeHeaderUtf8(BufferedSink sink, String name, String value) throws IOException {
    sink.writeUtf8(name).writeUtf8(": ").writeUtf8(value).writeUtf8("\r\n");
  }
}
