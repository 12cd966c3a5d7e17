package dev.courier.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

import dev.courier.MediaType;
import dev.courier.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * A response body read from the network, whose media type is parsed only if asked for: most
 * callers never look at it.
 *
 * <p>When the connection can read into an array ({@link ArraySource}), large reads into the
 * caller's array ({@link #read(byte[], int, int)}, which {@code bytes()}, {@code string()} and
 * {@code byteStream()} use) skip {@link #source()}'s buffer while it is empty, so a large body is
 * copied once, by the kernel, instead of into segments and then out of them again. Whatever
 * {@link #source()} has buffered (after a peek, say) is read first, so both ways can be mixed.
 */
public final class RealResponseBody extends ResponseBody {
  /**
   * Reads smaller than this go through the buffer, which reads ahead: read straight from the
   * socket, each would cost a system call.
   */
  static final int DIRECT_READ_MIN = 8192;

  /**
   * The largest array {@link #readFully} makes before the bytes arrive, so that a false
   * {@code Content-Length} can't make a small response allocate gigabytes. A longer body grows the
   * array as it arrives.
   */
  static final int MAX_INITIAL_ARRAY = 1024 * 1024;

  private final String contentTypeString;
  private final long contentLength;
  private final BufferedSource source;
  private final @Nullable ArraySource direct;

  /**
   * Creates a body.
   *
   * @param contentTypeString the {@code Content-Type} value, or null
   */
  public RealResponseBody(String contentTypeString, long contentLength, BufferedSource source) {
    this(contentTypeString, contentLength, source, null);
  }

  /**
   * Creates a body whose {@code source} buffers {@code direct}, which large reads may use
   * directly; null if they may not.
   *
   * @param contentTypeString the {@code Content-Type} value, or null
   */
  public RealResponseBody(String contentTypeString, long contentLength, BufferedSource source,
      @Nullable ArraySource direct) {
    this.contentTypeString = contentTypeString;
    this.contentLength = contentLength;
    this.source = source;
    this.direct = direct;
  }

  @Override
  public MediaType contentType() {
    return contentTypeString != null ? MediaType.parse(contentTypeString) : null;
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public BufferedSource source() {
    return source;
  }

  /**
   * Reads up to {@code byteCount} bytes into {@code sink}, as
   * {@link InputStream#read(byte[], int, int)} does: what {@link #source()} buffered first, then
   * straight from the connection when the read is large enough.
   */
  public int read(byte[] sink, int offset, int byteCount) throws IOException {
    if (direct != null && byteCount >= DIRECT_READ_MIN && source.getBuffer().size() == 0) {
      Objects.checkFromIndexSize(offset, byteCount, sink.length);
      return direct.read(sink, offset, byteCount);
    }
    return source.read(sink, offset, byteCount);
  }

  /**
   * Reads the rest of the body into an array, expecting {@code expected} bytes: the array is made
   * that size up front (up to {@link #MAX_INITIAL_ARRAY}) and filled in place. The result holds
   * what the body really had, so a caller can compare its length with what was expected. Does not
   * close the body.
   */
  public byte[] readFully(int expected) throws IOException {
    byte[] result = new byte[Math.min(expected, MAX_INITIAL_ARRAY)];
    int size = 0;
    while (true) {
      if (size == result.length) {
        if (size == expected) break;
        result = Arrays.copyOf(result, (int) Math.min(expected, 2L * size));
      }
      int read = read(result, size, result.length - size);
      if (read == -1) return Arrays.copyOf(result, size);
      size += read;
    }
    if (source.exhausted()) return result;
    // Longer than expected: return it all, so the caller sees by how much.
    byte[] rest = source.readByteArray();
    byte[] all = Arrays.copyOf(result, size + rest.length);
    System.arraycopy(rest, 0, all, size, rest.length);
    return all;
  }

  /**
   * Returns the body as a stream whose large reads go straight to the connection, as
   * {@link #read(byte[], int, int)} does; everything else is {@link #source()}'s stream.
   */
  public InputStream inputStream() {
    InputStream buffered = source.inputStream();
    return direct != null ? new DirectInputStream(buffered) : buffered;
  }

  /** {@link #source()}'s stream, with large reads taken straight from the connection. */
  private final class DirectInputStream extends InputStream {
    private final InputStream buffered;

    DirectInputStream(InputStream buffered) {
      this.buffered = buffered;
    }

    @Override
    public int read() throws IOException {
      return buffered.read();
    }

    @Override
    public int read(byte[] sink, int offset, int byteCount) throws IOException {
      // A closed body fails as the buffered stream fails: with "closed".
      if (!source.isOpen()) return buffered.read(sink, offset, byteCount);
      return RealResponseBody.this.read(sink, offset, byteCount);
    }

    @Override
    public int available() throws IOException {
      return buffered.available();
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
      return buffered.transferTo(out);
    }

    @Override
    public void close() throws IOException {
      buffered.close();
    }

    @Override
    public String toString() {
      return buffered.toString();
    }
  }
}
