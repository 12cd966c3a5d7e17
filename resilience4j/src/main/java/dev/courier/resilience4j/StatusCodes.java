package dev.courier.resilience4j;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable set of HTTP status codes with a constant-time {@link #contains}, because it is
 * asked once per response on the hot path.
 */
final class StatusCodes {
  static final int MIN = 100;
  static final int MAX = 599;

  private final boolean[] member = new boolean[MAX + 1];
  private final Set<Integer> codes;

  private StatusCodes(Collection<Integer> codes) {
    TreeSet<Integer> sorted = new TreeSet<>();
    for (Integer code : codes) {
      if (code == null || code < MIN || code > MAX) {
        throw new IllegalArgumentException("status code must be between " + MIN + " and " + MAX
            + ": " + code);
      }
      member[code] = true;
      sorted.add(code);
    }
    this.codes = Collections.unmodifiableSet(sorted);
  }

  /**
   * Returns the set of {@code codes}.
   *
   * @throws IllegalArgumentException if a code is not between 100 and 599
   */
  static StatusCodes of(Collection<Integer> codes) {
    return new StatusCodes(codes);
  }

  /** Returns the codes from {@code from} to {@code to}, inclusive. */
  static StatusCodes range(int from, int to) {
    TreeSet<Integer> codes = new TreeSet<>();
    for (int code = from; code <= to; code++) codes.add(code);
    return new StatusCodes(codes);
  }

  /** Returns true if {@code code} is in the set. */
  boolean contains(int code) {
    return code >= 0 && code <= MAX && member[code];
  }

  /** Returns the codes, in ascending order. */
  Set<Integer> codes() {
    return codes;
  }

  @Override
  public String toString() {
    return codes.toString();
  }
}
