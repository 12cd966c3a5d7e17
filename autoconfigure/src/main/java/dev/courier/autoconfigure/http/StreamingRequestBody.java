package dev.courier.autoconfigure.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;
import org.springframework.http.StreamingHttpOutputMessage;

import dev.courier.MediaType;
import dev.courier.RequestBody;
import okio.BufferedSink;

/**
 * A Courier {@link RequestBody} that Spring writes straight into the connection. It is one-shot
 * unless Spring says the body can be written again, so Courier never replays a body it cannot.
 */
final class StreamingRequestBody extends RequestBody {
  private final StreamingHttpOutputMessage.Body body;
  private final @Nullable MediaType contentType;
  private final long contentLength;

  StreamingRequestBody(StreamingHttpOutputMessage.Body body, @Nullable MediaType contentType,
      long contentLength) {
    this.body = body;
    this.contentType = contentType;
    this.contentLength = contentLength;
  }

  @Override
  public @Nullable MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public boolean isOneShot() {
    return !body.repeatable();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    // Some message converters close the stream they wrote; that must not close Courier's sink,
    // which the engine finishes (chunk trailer, length check) after this returns.
    OutputStream out = new FilterOutputStream(sink.outputStream()) {
      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        this.out.write(bytes, offset, length);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
    body.writeTo(out);
    out.flush();
  }
}
