package dev.courier.internal.http;

import java.io.IOException;

import okio.Buffer;
import okio.Sink;

/**
 * A sink that can also write straight from the caller's array, skipping Okio's segments.
 *
 * <p>It exists for request bodies held in memory: written through segments, a 64 KiB body is
 * copied into a buffer before it reaches the socket; written from its own array, it is not copied
 * by Courier at all. What the connection still holds (the request line and headers) goes first,
 * in the same system call when both fit in one.
 */
public interface ArraySink extends Sink {
  /**
   * Writes all of {@code head}, then {@code byteCount} bytes of {@code source} from
   * {@code offset}, and fails as {@link #write(Buffer, long)} would.
   */
  void write(Buffer head, byte[] source, int offset, int byteCount) throws IOException;
}
