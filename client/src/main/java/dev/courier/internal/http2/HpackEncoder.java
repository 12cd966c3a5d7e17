package dev.courier.internal.http2;

import java.nio.charset.StandardCharsets;

import okio.Buffer;

/**
 * Encodes header fields with HPACK (RFC 7541) for one peer, keeping the dynamic table that peer's
 * decoder mirrors.
 *
 * <p>Fields found in the static or dynamic table are sent as one index; others are sent as
 * literals and, unless they vary per request or are secret, inserted into the dynamic table so the
 * next request sends an index instead. Credentials and cookies ({@code authorization},
 * {@code cookie}, {@code proxy-authorization}, {@code set-cookie}) are sent never-indexed, so no
 * intermediary stores them in a table (RFC 7541 §7.1.3) and their length can't be probed through
 * the table. A string is Huffman-coded unless that would make it longer.
 *
 * <p>Not thread-safe: the connection's frame writer calls it under its lock.
 */
final class HpackEncoder {
  /** The largest dynamic table this encoder keeps, whatever more the peer allows. */
  static final int MAX_TABLE_SIZE = Http2.DEFAULT_HEADER_TABLE_SIZE;

  private final DynamicTable table;
  private final boolean huffman;
  private boolean sizeUpdatePending;
  private int smallestPendingSize = Integer.MAX_VALUE;
  private byte[] scratch = new byte[64];

  /** Creates an encoder that Huffman-codes strings when that is shorter. */
  HpackEncoder() {
    this(true, MAX_TABLE_SIZE);
  }

  /** Creates an encoder with a table that starts at {@code tableSize}, for tests. */
  HpackEncoder(boolean huffman, int tableSize) {
    this.huffman = huffman;
    this.table = new DynamicTable(tableSize);
  }

  /**
   * Applies the peer's SETTINGS_HEADER_TABLE_SIZE: the table shrinks at once if needed, and the
   * next block starts with the size update the peer's decoder needs (RFC 7541 §4.2).
   */
  void peerHeaderTableSize(int setting) {
    int size = Math.min(setting, MAX_TABLE_SIZE);
    if (size == table.maxSize() && !sizeUpdatePending) return;
    smallestPendingSize = Math.min(smallestPendingSize, size);
    sizeUpdatePending = true;
    table.maxSize(size);
  }

  /** Starts a header block in {@code out}: writes any pending table size updates. */
  void beginBlock(Buffer out) {
    if (!sizeUpdatePending) return;
    // Signal the smallest size reached since the last block, then the current one.
    if (smallestPendingSize < table.maxSize()) writeInt(out, smallestPendingSize, 0x1f, 0x20);
    writeInt(out, table.maxSize(), 0x1f, 0x20);
    sizeUpdatePending = false;
    smallestPendingSize = Integer.MAX_VALUE;
  }

  /** Writes one field; {@code name} is lowercase already. */
  void field(Buffer out, String name, String value) {
    int staticName = StaticTable.indexOfName(name);
    if (isSensitive(name)) {
      literal(out, 0x10, 0x0f, name, nameIndex(staticName, name), value);
      return;
    }
    int staticIndex = StaticTable.indexOf(staticName, name, value);
    if (staticIndex != 0) {
      writeInt(out, staticIndex, 0x7f, 0x80);
      return;
    }
    int dynamicIndex = table.indexOf(name, value);
    if (dynamicIndex != -1) {
      writeInt(out, dynamicIndex + StaticTable.SIZE + 1, 0x7f, 0x80);
      return;
    }
    int nameLength = byteLength(name);
    int valueLength = byteLength(value);
    int nameIndex = nameIndex(staticName, name);
    if (variesPerRequest(name)
        || nameLength + valueLength + DynamicTable.ENTRY_OVERHEAD > table.maxSize()) {
      literal(out, 0x00, 0x0f, name, nameIndex, value);
    } else {
      literal(out, 0x40, 0x3f, name, nameIndex, value);
      table.add(name, value, nameLength, valueLength);
    }
  }

  /** Returns the dynamic table, for tests. */
  DynamicTable table() {
    return table;
  }

  /** Returns the index to reference {@code name} by, or 0 to send it as a literal. */
  private int nameIndex(int staticName, String name) {
    if (staticName != 0) return staticName;
    int dynamicName = table.indexOfName(name);
    return dynamicName != -1 ? dynamicName + StaticTable.SIZE + 1 : 0;
  }

  private void literal(Buffer out, int pattern, int prefixMask, String name, int nameIndex,
      String value) {
    if (nameIndex != 0) {
      writeInt(out, nameIndex, prefixMask, pattern);
    } else {
      out.writeByte(pattern);
      writeString(out, name);
    }
    writeString(out, value);
  }

  /** Returns true for fields whose values are secrets (RFC 7541 §7.1.3). */
  static boolean isSensitive(String name) {
    switch (name) {
      case "authorization":
      case "cookie":
      case "proxy-authorization":
      case "set-cookie":
        return true;
      default:
        return false;
    }
  }

  /**
   * Returns true for fields whose values rarely repeat, which would only evict useful entries
   * from the table.
   */
  private static boolean variesPerRequest(String name) {
    switch (name) {
      case ":path":
      case "content-length":
      case "if-modified-since":
      case "if-none-match":
      case "if-match":
        return true;
      default:
        return false;
    }
  }

  private void writeString(Buffer out, String s) {
    int length = toBytes(s);
    byte[] bytes = scratch;
    if (huffman) {
      int huffmanLength = Huffman.encodedLength(bytes, length);
      if (huffmanLength <= length) {
        writeInt(out, huffmanLength, 0x7f, 0x80);
        Huffman.encode(bytes, length, out);
        return;
      }
    }
    writeInt(out, length, 0x7f, 0x00);
    out.write(bytes, 0, length);
  }

  /** Puts the UTF-8 octets of {@code s} into {@link #scratch} and returns how many there are. */
  private int toBytes(String s) {
    int length = s.length();
    if (scratch.length < length) scratch = new byte[Math.max(length, scratch.length * 2)];
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (scratch.length < utf8.length) scratch = new byte[utf8.length];
        System.arraycopy(utf8, 0, scratch, 0, utf8.length);
        return utf8.length;
      }
      scratch[i] = (byte) c;
    }
    return length;
  }

  /** Returns the UTF-8 length of {@code s}. */
  static int byteLength(String s) {
    int length = s.length();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) return s.getBytes(StandardCharsets.UTF_8).length;
    }
    return length;
  }

  /** Writes {@code value} with a {@code prefixMask}-bit prefix, OR-ing {@code pattern} in. */
  static void writeInt(Buffer out, int value, int prefixMask, int pattern) {
    if (value < prefixMask) {
      out.writeByte(pattern | value);
      return;
    }
    out.writeByte(pattern | prefixMask);
    value -= prefixMask;
    while (value >= 0x80) {
      out.writeByte((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }
}
