package dev.courier.internal.http2;

/**
 * An HPACK dynamic table (RFC 7541 §2.3.2, §4): the fields one side inserted, newest first,
 * evicted oldest first to stay within a maximum size counted as RFC 7541 §4.1 counts it (name and
 * value octets plus 32 per entry). Each direction of a connection has one, and only the thread
 * that encodes or decodes for that direction touches it.
 */
final class DynamicTable {
  /** The bytes RFC 7541 §4.1 charges each entry beyond its name and value. */
  static final int ENTRY_OVERHEAD = 32;

  private String[] names = new String[8];
  private String[] values = new String[8];
  private int[] sizes = new int[8];
  private int[] nameLengths = new int[8];
  /** Slot of the newest entry; entries run from here upwards, wrapping. */
  private int head;
  private int count;
  private int size;
  private int maxSize;

  DynamicTable(int maxSize) {
    this.maxSize = maxSize;
  }

  /** Returns how many entries the table holds. */
  int count() {
    return count;
  }

  /** Returns the table's size in RFC 7541 §4.1 octets. */
  int size() {
    return size;
  }

  /** Returns the largest size the table may reach. */
  int maxSize() {
    return maxSize;
  }

  /** Returns the name of entry {@code i}, 0 being the newest. */
  String name(int i) {
    return names[(head + i) & (names.length - 1)];
  }

  /** Returns the value of entry {@code i}, 0 being the newest. */
  String value(int i) {
    return values[(head + i) & (names.length - 1)];
  }

  /** Returns the size of entry {@code i} in RFC 7541 §4.1 octets. */
  int entrySize(int i) {
    return sizes[(head + i) & (names.length - 1)];
  }

  /** Returns the octet length of entry {@code i}'s name. */
  int nameLength(int i) {
    return nameLengths[(head + i) & (names.length - 1)];
  }

  /** Changes the maximum size, evicting the oldest entries until the table fits. */
  void maxSize(int maxSize) {
    this.maxSize = maxSize;
    evictToFit(0);
  }

  /**
   * Inserts a field whose name and value take {@code nameLength} and {@code valueLength} octets as
   * the newest entry, evicting the oldest as needed. A field larger than the whole table empties
   * it and is not inserted, as RFC 7541 §4.4 says.
   */
  void add(String name, String value, int nameLength, int valueLength) {
    int entrySize = nameLength + valueLength + ENTRY_OVERHEAD;
    if (entrySize > maxSize) {
      clear();
      return;
    }
    evictToFit(entrySize);
    if (count == names.length) grow();
    head = (head - 1) & (names.length - 1);
    names[head] = name;
    values[head] = value;
    sizes[head] = entrySize;
    nameLengths[head] = nameLength;
    count++;
    size += entrySize;
  }

  /** Returns the index of the newest entry holding exactly {@code name} and {@code value}, or -1. */
  int indexOf(String name, String value) {
    int mask = names.length - 1;
    for (int i = 0; i < count; i++) {
      int slot = (head + i) & mask;
      if (names[slot].equals(name) && values[slot].equals(value)) return i;
    }
    return -1;
  }

  /** Returns the index of the newest entry named {@code name}, or -1. */
  int indexOfName(String name) {
    int mask = names.length - 1;
    for (int i = 0; i < count; i++) {
      if (names[(head + i) & mask].equals(name)) return i;
    }
    return -1;
  }

  private void evictToFit(int incoming) {
    int mask = names.length - 1;
    while (count > 0 && size + incoming > maxSize) {
      int oldest = (head + count - 1) & mask;
      size -= sizes[oldest];
      names[oldest] = null;
      values[oldest] = null;
      count--;
    }
  }

  private void clear() {
    java.util.Arrays.fill(names, null);
    java.util.Arrays.fill(values, null);
    count = 0;
    size = 0;
  }

  /** Doubles the ring, keeping the newest entry first. */
  private void grow() {
    int capacity = names.length * 2;
    String[] newNames = new String[capacity];
    String[] newValues = new String[capacity];
    int[] newSizes = new int[capacity];
    int[] newNameLengths = new int[capacity];
    int mask = names.length - 1;
    for (int i = 0; i < count; i++) {
      int slot = (head + i) & mask;
      newNames[i] = names[slot];
      newValues[i] = values[slot];
      newSizes[i] = sizes[slot];
      newNameLengths[i] = nameLengths[slot];
    }
    names = newNames;
    values = newValues;
    sizes = newSizes;
    nameLengths = newNameLengths;
    head = 0;
  }
}
