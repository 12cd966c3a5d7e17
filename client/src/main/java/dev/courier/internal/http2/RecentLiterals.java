package dev.courier.internal.http2;

import java.util.Arrays;

/**
 * The short string literals one peer sent recently, keyed by their encoded octets, so that a field
 * a server repeats on every response without indexing it (its name, a content type, a length, the
 * date within the same second, as nginx sends them) is neither Huffman-decoded nor allocated again.
 *
 * <p>A small direct-mapped table: a literal replaces whatever shared its slot. Memory is bounded
 * whatever the peer sends: {@value #SLOTS} slots of at most {@value #MAX_ENCODED_LENGTH} octets.
 * Not thread-safe: the connection's reader thread owns it, through its decoder.
 */
final class RecentLiterals {
  static final int SLOTS = 64;
  /** Longer literals are rarely repeated verbatim, and are decoded each time. */
  static final int MAX_ENCODED_LENGTH = 128;

  /** Per slot: the flags, then the encoded octets. */
  private final byte[][] keys = new byte[SLOTS][];
  private final String[] strings = new String[SLOTS];
  private final int[] decodedLengths = new int[SLOTS];
  private int lastDecodedLength;

  /**
   * Returns the string decoded from {@code input[start..start+length)} with {@code flags} (which
   * tell Huffman coding and charset apart) if it was seen last in its slot, else null.
   */
  String find(byte[] input, int start, int length, int flags) {
    if (length > MAX_ENCODED_LENGTH) return null;
    int slot = slot(input, start, length, flags);
    byte[] key = keys[slot];
    if (key == null || key.length != length + 1 || key[0] != flags
        || !Arrays.equals(key, 1, key.length, input, start, start + length)) {
      return null;
    }
    lastDecodedLength = decodedLengths[slot];
    return strings[slot];
  }

  /** Returns the decoded octet length of the string {@link #find} returned last. */
  int lastDecodedLength() {
    return lastDecodedLength;
  }

  /** Remembers that {@code input[start..start+length)} with {@code flags} decodes to {@code s}. */
  void remember(byte[] input, int start, int length, int flags, String s, int decodedLength) {
    if (length > MAX_ENCODED_LENGTH) return;
    int slot = slot(input, start, length, flags);
    byte[] key = keys[slot];
    if (key == null || key.length != length + 1) {
      key = new byte[length + 1];
      keys[slot] = key;
    }
    key[0] = (byte) flags;
    System.arraycopy(input, start, key, 1, length);
    strings[slot] = s;
    decodedLengths[slot] = decodedLength;
  }

  private static int slot(byte[] input, int start, int length, int flags) {
    int h = flags;
    for (int i = start, end = start + length; i < end; i++) {
      h = 31 * h + input[i];
    }
    h ^= h >>> 16;
    return h & (SLOTS - 1);
  }
}
