package dev.courier.internal.http2;

import java.nio.charset.StandardCharsets;

import okio.Buffer;

/**
 * Decodes HPACK header blocks (RFC 7541) from one peer into name and value strings, keeping that
 * peer's dynamic table.
 *
 * <p>Every block must be decoded, in order, even one whose stream is gone: the dynamic table is
 * shared by the whole connection. Memory stays bounded however hostile the block: the table is at
 * most the size this side announced in SETTINGS_HEADER_TABLE_SIZE, and the decoded list stops
 * growing at the header list limit (an HPACK bomb references one large entry many times): fields
 * past it are decoded for the table's sake but not kept, and {@link #listTooLarge()} tells. Any
 * coding error (a bad index, a truncated integer or string, a table size update that is too large
 * or late) fails the whole connection with {@link ErrorCode#COMPRESSION_ERROR}.
 *
 * <p>Not thread-safe: the connection's reader thread owns it.
 */
final class HpackDecoder {
  private final DynamicTable table;
  private final int maxTableSizeSetting;
  private final int maxHeaderListSize;

  private String[] fields = new String[32];
  private int fieldCount;
  private long listSize;
  private boolean listTooLarge;
  /** The block being decoded, copied out of its buffer, and the position and end in it. */
  private byte[] input = new byte[512];
  private int pos;
  private int limit;
  private byte[] decoded = new byte[256];
  private final RecentLiterals recentLiterals = new RecentLiterals();
  /** The octet length of the string {@link #readString} returned last. */
  private int lastStringLength;

  /**
   * Creates a decoder whose dynamic table may grow to {@code maxTableSizeSetting} octets (the
   * SETTINGS_HEADER_TABLE_SIZE this side sent) and that keeps header lists up to
   * {@code maxHeaderListSize} octets as RFC 9113 §6.5.2 counts them.
   */
  HpackDecoder(int maxTableSizeSetting, int maxHeaderListSize) {
    this.table = new DynamicTable(maxTableSizeSetting);
    this.maxTableSizeSetting = maxTableSizeSetting;
    this.maxHeaderListSize = maxHeaderListSize;
  }

  /**
   * Decodes the whole of {@code block}, consuming it and replacing the previous block's fields.
   *
   * @throws Http2ProtocolException with {@link ErrorCode#COMPRESSION_ERROR} for malformed coding
   */
  void decode(Buffer block) throws Http2ProtocolException {
    int size = (int) block.size();
    if (input.length < size) input = new byte[Math.max(size, input.length * 2)];
    for (int read = 0; read < size; ) {
      read += block.read(input, read, size - read);
    }
    decode(input, 0, size);
  }

  /** Decodes {@code bytes[offset..offset+length)}, replacing the previous block's fields. */
  void decode(byte[] bytes, int offset, int length) throws Http2ProtocolException {
    byte[] saved = input;
    input = bytes;
    pos = offset;
    limit = offset + length;
    fieldCount = 0;
    listSize = 0;
    listTooLarge = false;
    try {
      boolean sawField = false;
      while (pos < limit) {
        int b = input[pos++] & 0xff;
        if ((b & 0x80) != 0) {
          indexedField(readInt(b, 0x7f));
          sawField = true;
        } else if ((b & 0xc0) == 0x40) {
          literalField(readInt(b, 0x3f), true);
          sawField = true;
        } else if ((b & 0xe0) == 0x20) {
          if (sawField) throw error("Dynamic table size update after a header field");
          int size = readInt(b, 0x1f);
          if (size > maxTableSizeSetting) {
            throw error("Dynamic table size update to " + size + " exceeds the "
                + maxTableSizeSetting + " octets allowed");
          }
          table.maxSize(size);
        } else {
          // 0000xxxx literal without indexing, 0001xxxx literal never indexed.
          literalField(readInt(b, 0x0f), false);
          sawField = true;
        }
      }
    } finally {
      input = saved;
    }
  }

  /** Returns how many fields the last block held (of those kept: see {@link #listTooLarge()}). */
  int fieldCount() {
    return fieldCount;
  }

  /** Returns the name of field {@code i} of the last block. */
  String name(int i) {
    return fields[2 * i];
  }

  /** Returns the value of field {@code i} of the last block. */
  String value(int i) {
    return fields[2 * i + 1];
  }

  /** Returns true if the last block's header list exceeded the limit; its fields are incomplete. */
  boolean listTooLarge() {
    return listTooLarge;
  }

  /** Returns the dynamic table, for tests. */
  DynamicTable table() {
    return table;
  }

  private void indexedField(int index) throws Http2ProtocolException {
    if (index == 0) throw error("Indexed header field with index 0");
    if (index <= StaticTable.SIZE) {
      String name = StaticTable.name(index);
      String value = StaticTable.value(index);
      emit(name, value, name.length() + value.length() + DynamicTable.ENTRY_OVERHEAD);
      return;
    }
    int dynamicIndex = index - StaticTable.SIZE - 1;
    if (dynamicIndex >= table.count()) throw indexOutOfRange(index);
    emit(table.name(dynamicIndex), table.value(dynamicIndex), table.entrySize(dynamicIndex));
  }

  private void literalField(int nameIndex, boolean addToTable) throws Http2ProtocolException {
    String name;
    int nameLength;
    if (nameIndex == 0) {
      name = readString(false);
      nameLength = lastStringLength;
    } else if (nameIndex <= StaticTable.SIZE) {
      name = StaticTable.name(nameIndex);
      nameLength = name.length();
    } else {
      int dynamicIndex = nameIndex - StaticTable.SIZE - 1;
      if (dynamicIndex >= table.count()) throw indexOutOfRange(nameIndex);
      name = table.name(dynamicIndex);
      nameLength = table.nameLength(dynamicIndex);
    }
    String value = readString(true);
    emit(name, value, nameLength + lastStringLength + DynamicTable.ENTRY_OVERHEAD);
    if (addToTable) table.add(name, value, nameLength, lastStringLength);
  }

  /** Adds a field to the list, unless the list has grown past the limit. */
  private void emit(String name, String value, int size) {
    listSize += size;
    if (listSize > maxHeaderListSize) {
      listTooLarge = true;
      return;
    }
    if (fieldCount * 2 == fields.length) fields = java.util.Arrays.copyOf(fields, fields.length * 2);
    fields[2 * fieldCount] = name;
    fields[2 * fieldCount + 1] = value;
    fieldCount++;
  }

  /**
   * Reads a string literal (RFC 7541 §5.2): names as ISO-8859-1 so every octet stays visible to
   * validation, values as UTF-8 like the HTTP/1.1 codec reads them.
   */
  private String readString(boolean utf8) throws Http2ProtocolException {
    if (pos == limit) throw error("Header block ends before a string literal");
    int first = input[pos++] & 0xff;
    boolean huffman = (first & 0x80) != 0;
    int length = readInt(first, 0x7f);
    if (length > limit - pos) {
      throw error("String literal of " + length + " octets exceeds the " + (limit - pos)
          + " left in the header block");
    }
    int start = pos;
    pos += length;
    // Servers repeat most literals on every response: the same octets decode to the same string.
    int flags = (huffman ? 1 : 0) | (utf8 ? 2 : 0);
    String recent = recentLiterals.find(input, start, length, flags);
    if (recent != null) {
      lastStringLength = recentLiterals.lastDecodedLength();
      return recent;
    }
    String result;
    if (!huffman) {
      lastStringLength = length;
      result = new String(input, start, length,
          utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    } else {
      int maxDecoded = length * 8 / 5 + 1;
      if (decoded.length < maxDecoded) {
        decoded = new byte[Math.max(maxDecoded, decoded.length * 2)];
      }
      int decodedLength = Huffman.decode(input, start, length, decoded);
      lastStringLength = decodedLength;
      result = new String(decoded, 0, decodedLength,
          utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }
    recentLiterals.remember(input, start, length, flags, result, lastStringLength);
    return result;
  }

  /** Reads an integer with a {@code prefixMask}-bit prefix whose first octet was {@code first}. */
  private int readInt(int first, int prefixMask) throws Http2ProtocolException {
    int value = first & prefixMask;
    if (value < prefixMask) return value;
    long result = prefixMask;
    int shift = 0;
    while (true) {
      if (pos == limit) throw error("Header block ends inside an integer");
      int b = input[pos++] & 0xff;
      result += (long) (b & 0x7f) << shift;
      if (result > Integer.MAX_VALUE) throw error("Integer overflow in header block");
      if ((b & 0x80) == 0) return (int) result;
      shift += 7;
      if (shift > 28) throw error("Integer overflow in header block");
    }
  }

  private Http2ProtocolException indexOutOfRange(int index) {
    return error("Header index " + index + " out of range: the dynamic table holds "
        + table.count() + " entries");
  }

  private static Http2ProtocolException error(String message) {
    return new Http2ProtocolException(ErrorCode.COMPRESSION_ERROR, message);
  }
}
