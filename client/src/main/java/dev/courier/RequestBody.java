package dev.courier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.courier.internal.http.BodyCharsets;
import dev.courier.internal.http.ByteArrayRequestBody;
import okio.BufferedSink;
import okio.ByteString;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * The content of a request, written by the engine to the connection.
 *
 * <p>Bodies made by the {@code create} methods hold their content in memory (or in a file) and can
 * be written any number of times, so a redirect or a retry can send them again. A subclass that
 * streams content it cannot reproduce overrides {@link #isOneShot()}; Courier never sends a one-shot
 * body twice.
 */
public abstract class RequestBody {
  /** Creates a body; subclasses implement {@link #contentType()} and {@link #writeTo}. */
  protected RequestBody() {
  }

  /** Returns the media type sent as {@code Content-Type}, or null to send none. */
  public abstract @Nullable MediaType contentType();

  /**
   * Returns the number of bytes {@link #writeTo} will write, or -1 if unknown, in which case the
   * body is sent with chunked transfer coding.
   */
  public long contentLength() throws IOException {
    return -1L;
  }

  /** Writes the content to {@code sink}; called once per attempt to send the request. */
  public abstract void writeTo(BufferedSink sink) throws IOException;

  /**
   * Returns true if this body can be written only once, such as one that drains a stream. Requests
   * with a one-shot body are not redirected with their body and not retried once sending started.
   */
  public boolean isOneShot() {
    return false;
  }

  /**
   * Returns a body holding {@code content}, encoded with the charset of {@code contentType}, or
   * UTF-8 when it names none (in which case {@code ; charset=utf-8} is added to the type).
   *
   * @param contentType the media type, or null for none
   */
  public static RequestBody create(String content, @Nullable MediaType contentType) {
    if (content == null) throw new IllegalArgumentException("content == null");
    BodyCharsets.TextEncoding encoding = BodyCharsets.forText(contentType);
    byte[] bytes = content.getBytes(encoding.charset());
    return create(bytes, encoding.contentType(), 0, bytes.length);
  }

  /**
   * Returns a body holding {@code content}; the array is not copied and must not change later.
   *
   * @param contentType the media type, or null for none
   */
  public static RequestBody create(byte[] content, @Nullable MediaType contentType) {
    if (content == null) throw new IllegalArgumentException("content == null");
    return create(content, contentType, 0, content.length);
  }

  /**
   * Returns a body holding {@code byteCount} bytes of {@code content} from {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the range is outside the array
   */
  public static RequestBody create(byte[] content, @Nullable MediaType contentType, int offset,
      int byteCount) {
    if (content == null) throw new IllegalArgumentException("content == null");
    if ((offset | byteCount) < 0 || offset > content.length - byteCount) {
      throw new IndexOutOfBoundsException("offset " + offset + " and byteCount " + byteCount
          + " out of range for length " + content.length);
    }
    return new ByteArrayRequestBody(content, contentType, offset, byteCount);
  }

  /** Returns a body holding {@code content}. */
  public static RequestBody create(ByteString content, @Nullable MediaType contentType) {
    if (content == null) throw new IllegalArgumentException("content == null");
    return new RequestBody() {
      @Override
      public @Nullable MediaType contentType() {
        return contentType;
      }

      @Override
      public long contentLength() {
        return content.size();
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.write(content);
      }
    };
  }

  /**
   * Returns a body that streams the file at {@code path} each time it is written; its length is
   * read when the request is sent.
   */
  public static RequestBody create(Path path, @Nullable MediaType contentType) {
    if (path == null) throw new IllegalArgumentException("path == null");
    return new RequestBody() {
      @Override
      public @Nullable MediaType contentType() {
        return contentType;
      }

      @Override
      public long contentLength() throws IOException {
        return Files.size(path);
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        try (Source source = Okio.source(path)) {
          sink.writeAll(source);
        }
      }
    };
  }
}
