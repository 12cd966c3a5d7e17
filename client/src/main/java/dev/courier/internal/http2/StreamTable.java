package dev.courier.internal.http2;

/**
 * The open streams of a connection by id: an open-addressing hash table on {@code int} keys, so
 * finding the stream of each incoming frame neither boxes its id nor allocates. Deletion shifts
 * later entries back instead of leaving tombstones, so lookups stay short however many streams
 * come and go.
 *
 * <p>Not thread-safe: the connection guards it.
 */
final class StreamTable {
  private int[] keys = new int[16];
  private Http2Stream[] values = new Http2Stream[16];
  private int size;

  /** Returns the number of streams. */
  int size() {
    return size;
  }

  /** Returns the stream with {@code id}, or null. */
  Http2Stream get(int id) {
    int mask = keys.length - 1;
    for (int slot = hash(id) & mask; ; slot = (slot + 1) & mask) {
      Http2Stream value = values[slot];
      if (value == null) return null;
      if (keys[slot] == id) return value;
    }
  }

  /** Adds {@code stream}, whose id is not in the table. */
  void put(int id, Http2Stream stream) {
    if ((size + 1) * 2 > keys.length) resize(keys.length * 2);
    int mask = keys.length - 1;
    int slot = hash(id) & mask;
    while (values[slot] != null) slot = (slot + 1) & mask;
    keys[slot] = id;
    values[slot] = stream;
    size++;
  }

  /** Removes and returns the stream with {@code id}, or returns null if there is none. */
  Http2Stream remove(int id) {
    int mask = keys.length - 1;
    int slot = hash(id) & mask;
    while (true) {
      Http2Stream value = values[slot];
      if (value == null) return null;
      if (keys[slot] == id) break;
      slot = (slot + 1) & mask;
    }
    Http2Stream removed = values[slot];
    // Shift back entries that probed past the freed slot.
    int free = slot;
    for (int next = (free + 1) & mask; values[next] != null; next = (next + 1) & mask) {
      int home = hash(keys[next]) & mask;
      boolean movable = free <= next ? (home <= free || home > next) : (home <= free && home > next);
      if (movable) {
        keys[free] = keys[next];
        values[free] = values[next];
        free = next;
      }
    }
    values[free] = null;
    size--;
    return removed;
  }

  /** Removes every stream. */
  void clear() {
    java.util.Arrays.fill(values, null);
    size = 0;
  }

  /** Returns the streams, in no particular order, as a new array. */
  Http2Stream[] snapshot() {
    Http2Stream[] result = new Http2Stream[size];
    int n = 0;
    for (Http2Stream value : values) {
      if (value != null) result[n++] = value;
    }
    return result;
  }

  private void resize(int capacity) {
    int[] oldKeys = keys;
    Http2Stream[] oldValues = values;
    keys = new int[capacity];
    values = new Http2Stream[capacity];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) put(oldKeys[i], oldValues[i]);
    }
  }

  private static int hash(int id) {
    int h = id * 0x9e3779b9;
    return h ^ (h >>> 16);
  }
}
