package dev.courier.internal.cache;

import java.io.IOException;
import java.util.List;

import dev.courier.Response;
import dev.courier.internal.http.RealResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * One satisfiable byte range of a stored complete response (RFC 9110 §14), which the cache
 * answers with a 206 itself instead of asking the server. It exists so a cache holding the whole
 * body doesn't send range requests on: only a single, plainly written {@code bytes} range is
 * taken; several ranges, other units, or anything unusual go to the server, whose answer is
 * authoritative.
 */
record ByteRange(long first, long last, long length) {
  /**
   * Returns the range that {@code values}, a request's {@code Range} fields, asks of a body of
   * {@code length} bytes, or null unless it is a single satisfiable {@code bytes} range.
   */
  static ByteRange parse(List<String> values, long length) {
    if (values.size() != 1 || length <= 0) return null;
    String value = values.get(0);
    int equals = value.indexOf('=');
    if (equals == -1 || !value.substring(0, equals).equalsIgnoreCase("bytes")) return null;
    String spec = value.substring(equals + 1);
    int dash = spec.indexOf('-');
    if (dash == -1) return null;
    long first = digits(spec.substring(0, dash));
    long last = digits(spec.substring(dash + 1));
    if (dash == 0) { // A suffix: the last bytes.
      if (last <= 0) return null;
      return new ByteRange(Math.max(0, length - last), length - 1, length);
    }
    if (first < 0 || first >= length) return null;
    if (dash == spec.length() - 1) return new ByteRange(first, length - 1, length);
    if (last < first) return null;
    return new ByteRange(first, Math.min(last, length - 1), length);
  }

  /** Returns the decimal number {@code s} holds, or -1 unless it is 1 to 18 digits. */
  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 18) return -1;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
    }
    return Long.parseLong(s);
  }

  /** Returns the 206 for this range of {@code stored}, whose body it reads lazily. */
  Response partialContent(Response stored) {
    long count = last - first + 1;
    BufferedSource slice = Okio.buffer(new SliceSource(stored.body().source(), first, count));
    return stored.newBuilder()
        .code(206)
        .message("Partial Content")
        .header("Content-Range", "bytes " + first + "-" + last + "/" + length)
        .header("Content-Length", Long.toString(count))
        .body(new RealResponseBody(stored.header("Content-Type"), count, slice))
        .build();
  }

  /** Skips to the range's first byte on the first read, then reads up to its last. */
  private static final class SliceSource implements Source {
    private final BufferedSource source;
    private long toSkip;
    private long remaining;

    SliceSource(BufferedSource source, long skip, long count) {
      this.source = source;
      this.toSkip = skip;
      this.remaining = count;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (toSkip > 0) {
        source.skip(toSkip);
        toSkip = 0;
      }
      if (remaining == 0) return -1;
      long read = source.read(sink, Math.min(byteCount, remaining));
      if (read == -1) throw new IOException("cache entry shorter than its recorded length");
      remaining -= read;
      return read;
    }

    @Override
    public Timeout timeout() {
      return source.timeout();
    }

    @Override
    public void close() throws IOException {
      source.close();
    }
  }
}
