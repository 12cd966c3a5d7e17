package dev.courier.internal.http;

import java.io.IOException;

import okio.Source;

/**
 * A source that can also read straight into the caller's array, skipping Okio's segments.
 *
 * <p>It exists for large bodies: reading a megabyte through segments copies every byte twice (from
 * the socket into a segment, then into the caller's array) and does per-segment bookkeeping; read
 * straight from the socket, the kernel's copy is the only one. Both ways of reading see the same
 * bytes, count them the same and fail the same way, so a caller may mix them.
 */
public interface ArraySource extends Source {
  /**
   * Reads up to {@code byteCount} bytes into {@code sink} at {@code offset}, as
   * {@link java.io.InputStream#read(byte[], int, int)} does: returns how many were read, at least
   * one when {@code byteCount} is positive, or -1 at the end of the source. Never reads beyond
   * what this source delivers, and fails as {@link #read(okio.Buffer, long)} would.
   */
  int read(byte[] sink, int offset, int byteCount) throws IOException;
}
