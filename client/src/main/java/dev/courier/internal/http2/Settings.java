package dev.courier.internal.http2;

/**
 * A set of SETTINGS parameters (RFC 9113 §6.5.2), as one endpoint announced them. Values are
 * 32-bit unsigned on the wire; those that may exceed {@link Integer#MAX_VALUE} without harm
 * (table size, stream count, header list size) are clamped to it.
 *
 * <p>Not thread-safe: the connection guards the instances it keeps.
 */
public final class Settings {
  /** SETTINGS_HEADER_TABLE_SIZE: the largest HPACK dynamic table the sender's decoder keeps. */
  public static final int HEADER_TABLE_SIZE = 0x1;
  /** SETTINGS_ENABLE_PUSH: whether the server may push; a client sends 0. */
  public static final int ENABLE_PUSH = 0x2;
  /** SETTINGS_MAX_CONCURRENT_STREAMS: the most streams the sender lets its peer open at once. */
  public static final int MAX_CONCURRENT_STREAMS = 0x3;
  /** SETTINGS_INITIAL_WINDOW_SIZE: each new stream's flow-control window for data to the sender. */
  public static final int INITIAL_WINDOW_SIZE = 0x4;
  /** SETTINGS_MAX_FRAME_SIZE: the largest frame payload the sender accepts. */
  public static final int MAX_FRAME_SIZE = 0x5;
  /** SETTINGS_MAX_HEADER_LIST_SIZE: the largest uncompressed header list the sender accepts. */
  public static final int MAX_HEADER_LIST_SIZE = 0x6;

  private static final int COUNT = 7;

  private int set;
  private final int[] values = new int[COUNT];

  /** Creates an empty set. */
  public Settings() {
  }

  /** Sets parameter {@code id} to {@code value}; ids this class does not know are ignored. */
  public Settings set(int id, int value) {
    if (id <= 0 || id >= COUNT) return this;
    set |= 1 << id;
    values[id] = value;
    return this;
  }

  /** Returns true if parameter {@code id} is in this set. */
  public boolean isSet(int id) {
    return id > 0 && id < COUNT && (set & (1 << id)) != 0;
  }

  /** Returns parameter {@code id}; only meaningful if {@link #isSet(int)}. */
  public int get(int id) {
    return values[id];
  }

  /** Returns parameter {@code id}, or {@code defaultValue} if it is not set. */
  public int get(int id, int defaultValue) {
    return isSet(id) ? values[id] : defaultValue;
  }

  /** Returns how many parameters are set. */
  public int size() {
    return Integer.bitCount(set);
  }

  /** Copies every parameter set in {@code other} into this set. */
  void merge(Settings other) {
    for (int id = 1; id < COUNT; id++) {
      if (other.isSet(id)) set(id, other.get(id));
    }
  }

  /** Returns the ids set, lowest first, for writing. */
  int[] ids() {
    int[] result = new int[size()];
    int n = 0;
    for (int id = 1; id < COUNT; id++) {
      if (isSet(id)) result[n++] = id;
    }
    return result;
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("Settings{");
    for (int id = 1; id < COUNT; id++) {
      if (!isSet(id)) continue;
      if (result.length() > 9) result.append(", ");
      result.append(id).append('=').append(values[id]);
    }
    return result.append('}').toString();
  }
}
