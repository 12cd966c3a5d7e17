package dev.courier.internal.http;

import java.io.IOException;

import dev.courier.MediaType;
import dev.courier.RequestBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * A request body held in an array, as {@link RequestBody#create(byte[], MediaType)} and the
 * {@code String} variant make it. The engine recognizes it to write the array straight to the
 * connection instead of through {@link #writeTo}'s buffer.
 */
public final class ByteArrayRequestBody extends RequestBody {
  private final byte[] content;
  private final @Nullable MediaType contentType;
  private final int offset;
  private final int byteCount;

  /** Creates a body of {@code byteCount} bytes of {@code content} from {@code offset}. */
  public ByteArrayRequestBody(byte[] content, @Nullable MediaType contentType, int offset,
      int byteCount) {
    this.content = content;
    this.contentType = contentType;
    this.offset = offset;
    this.byteCount = byteCount;
  }

  @Override
  public @Nullable MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return byteCount;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    sink.write(content, offset, byteCount);
  }

  /** Returns the array holding the content; not a copy, so never written to. */
  public byte[] content() {
    return content;
  }

  /** Returns where the content starts in {@link #content()}. */
  public int offset() {
    return offset;
  }

  /** Returns the number of bytes of content. */
  public int byteCount() {
    return byteCount;
  }
}
