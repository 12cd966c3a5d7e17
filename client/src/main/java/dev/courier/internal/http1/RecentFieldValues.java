package dev.courier.internal.http1;

import java.io.EOFException;

import okio.Buffer;
import okio.ByteString;

/**
 * The values of common header fields in the last response on one connection, by position, so that
 * a field repeated byte for byte reuses its string instead of decoding a new one.
 *
 * <p>A server answering the same kind of request sends the same fields in the same order, and
 * most of them ({@code Server}, {@code Content-Type}, {@code Connection}, often {@code ETag} and
 * {@code Date} within a second) with the same values. Only fields with a name from
 * {@link WireInterning} are remembered, so the name comparison is an identity check.
 *
 * <p>Confined to the connection's current exchange, one at a time.
 */
public final class RecentFieldValues {
  static final int CAPACITY = 24;

  private final String[] names = new String[CAPACITY];
  private final ByteString[] values = new ByteString[CAPACITY];

  /**
   * Returns the remembered value of field {@code index} if it has this interned {@code name} and
   * the first {@code length} bytes of {@code buffer} are its value; else null. Consumes nothing.
   */
  String reuse(int index, String name, Buffer buffer, long length) {
    if (index >= CAPACITY || names[index] != name) return null;
    ByteString value = values[index];
    return value.size() == length && buffer.rangeEquals(0, value) ? value.utf8() : null;
  }

  /**
   * Reads a value of {@code length} bytes from {@code buffer}, remembering it as field
   * {@code index} named {@code name}.
   */
  String readAndRemember(int index, String name, Buffer buffer, long length)
      throws EOFException {
    ByteString value = buffer.readByteString(length);
    if (index < CAPACITY) {
      names[index] = name;
      values[index] = value;
    }
    return value.utf8(); // Decoded once; the byte string keeps it for the next reuse.
  }
}
