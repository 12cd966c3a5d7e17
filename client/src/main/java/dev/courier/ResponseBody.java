package dev.courier;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import dev.courier.internal.http.BodyCharsets;
import dev.courier.internal.http.RealResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The content of a response, streamed from the server as the caller reads it.
 *
 * <p>A body is read once. It holds the connection until it is read to the end or closed, so every
 * response body must be closed: {@link #bytes()} and {@link #string()} close it for you; otherwise
 * use try-with-resources on the {@link Response}. A body left open keeps its connection out of the
 * pool and is reported as a leak.
 */
public abstract class ResponseBody implements Closeable {
  /** Creates a body; subclasses implement the three abstract methods. */
  protected ResponseBody() {
  }

  /** Returns the media type from {@code Content-Type}, or null if absent or invalid. */
  public abstract @Nullable MediaType contentType();

  /** Returns the number of bytes the body holds, or -1 if unknown until the end is read. */
  public abstract long contentLength();

  /** Returns the source to read the body from; the same source each call. */
  public abstract BufferedSource source();

  /** Returns the body as a stream; closing the stream closes the body. */
  public final InputStream byteStream() {
    // A network body's stream reads large reads straight into the caller's array.
    if (this instanceof RealResponseBody real) return real.inputStream();
    return source().inputStream();
  }

  /**
   * Reads the whole body into memory and closes it.
   *
   * @throws IOException if reading fails or the length read differs from {@link #contentLength()}
   */
  public final byte[] bytes() throws IOException {
    long contentLength = checkBufferable();
    byte[] result;
    try (BufferedSource source = source()) {
      // A network body of known length is read into an array of that length, straight from the
      // connection.
      result = this instanceof RealResponseBody real && contentLength != -1L
          ? real.readFully((int) contentLength)
          : source.readByteArray();
    }
    checkLength(contentLength, result.length);
    return result;
  }

  /**
   * Reads the whole body into memory as a byte string and closes it.
   *
   * @throws IOException if reading fails or the length read differs from {@link #contentLength()}
   */
  public final ByteString byteString() throws IOException {
    long contentLength = checkBufferable();
    ByteString result;
    try (BufferedSource source = source()) {
      result = source.readByteString();
    }
    checkLength(contentLength, result.size());
    return result;
  }

  private long checkBufferable() throws IOException {
    long contentLength = contentLength();
    if (contentLength > Integer.MAX_VALUE) {
      throw new IOException("Cannot buffer entire body for content length: " + contentLength);
    }
    return contentLength;
  }

  private static void checkLength(long contentLength, long actual) throws IOException {
    if (contentLength != -1L && contentLength != actual) {
      throw new IOException("Content-Length (" + contentLength + ") and stream length ("
          + actual + ") disagree");
    }
  }

  /**
   * Reads the whole body as text and closes it. The charset is taken from a byte order mark if
   * there is one, else from the {@code Content-Type} charset, else UTF-8.
   */
  public final String string() throws IOException {
    try (BufferedSource source = source()) {
      long contentLength = contentLength();
      if (this instanceof RealResponseBody real && contentLength != -1L
          && contentLength <= Integer.MAX_VALUE) {
        // As bytes() reads it, then decoded in place.
        byte[] bytes = real.readFully((int) contentLength);
        int bom = BodyCharsets.byteOrderMarkLength(bytes);
        Charset charset = bom > 0 ? BodyCharsets.byteOrderMarkCharset(bytes) : charset();
        return new String(bytes, bom, bytes.length - bom, charset);
      }
      Charset charset = BodyCharsets.select(source, charset());
      return source.readString(charset);
    }
  }

  /**
   * Returns the body as characters, decoded like {@link #string()}; closing the reader closes the
   * body.
   */
  public final Reader charStream() throws IOException {
    BufferedSource source = source();
    return new InputStreamReader(source.inputStream(), BodyCharsets.select(source, charset()));
  }

  /** Closes the body, releasing its connection. Closing twice is harmless. */
  @Override
  public void close() {
    try {
      source().close();
    } catch (IOException ignored) {
      // Nothing the caller can do about a failed close; the connection is discarded.
    }
  }

  private Charset charset() {
    MediaType contentType = contentType();
    Charset charset = contentType != null ? contentType.charset() : null;
    return charset != null ? charset : StandardCharsets.UTF_8;
  }

  /**
   * Returns a body holding {@code content}, encoded with the charset of {@code contentType}, or
   * UTF-8 when it names none (in which case {@code ; charset=utf-8} is added to the type).
   *
   * @param contentType the media type, or null for none
   */
  public static ResponseBody create(String content, @Nullable MediaType contentType) {
    if (content == null) throw new IllegalArgumentException("content == null");
    BodyCharsets.TextEncoding encoding = BodyCharsets.forText(contentType);
    Buffer buffer = new Buffer().writeString(content, encoding.charset());
    return create(buffer, encoding.contentType(), buffer.size());
  }

  /** Returns a body holding {@code content}. */
  public static ResponseBody create(byte[] content, @Nullable MediaType contentType) {
    if (content == null) throw new IllegalArgumentException("content == null");
    return create(new Buffer().write(content), contentType, content.length);
  }

  /** Returns a body holding {@code content}. */
  public static ResponseBody create(ByteString content, @Nullable MediaType contentType) {
    if (content == null) throw new IllegalArgumentException("content == null");
    return create(new Buffer().write(content), contentType, content.size());
  }

  /**
   * Returns a body that reads from {@code source}.
   *
   * @param contentLength the number of bytes in {@code source}, or -1 if unknown
   */
  public static ResponseBody create(BufferedSource source, @Nullable MediaType contentType,
      long contentLength) {
    if (source == null) throw new IllegalArgumentException("source == null");
    return new ResponseBody() {
      @Override
      public @Nullable MediaType contentType() {
        return contentType;
      }

      @Override
      public long contentLength() {
        return contentLength;
      }

      @Override
      public BufferedSource source() {
        return source;
      }
    };
  }
}
