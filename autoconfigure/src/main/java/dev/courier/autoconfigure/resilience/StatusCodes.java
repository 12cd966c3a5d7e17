package dev.courier.autoconfigure.resilience;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable set of HTTP status codes with a constant-time {@link #contains}, because it is
 * asked once per response on the hot path. Also reads the textual forms the properties use:
 * {@code 503}, {@code 500-504} and {@code 5xx}.
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

  /**
   * Reads {@code specs}, each a code ({@code 503}), a range ({@code 500-504}) or a class
   * ({@code 5xx}).
   *
   * @throws IllegalArgumentException naming the first entry that is none of these
   */
  static StatusCodes parse(List<String> specs) {
    TreeSet<Integer> codes = new TreeSet<>();
    for (String spec : specs) {
      String s = spec == null ? "" : spec.trim().toLowerCase(java.util.Locale.ROOT);
      int from;
      int to;
      try {
        if (s.length() == 3 && s.endsWith("xx")) {
          from = Integer.parseInt(s.substring(0, 1)) * 100;
          to = from + 99;
        } else if (s.indexOf('-') > 0) {
          from = Integer.parseInt(s.substring(0, s.indexOf('-')).trim());
          to = Integer.parseInt(s.substring(s.indexOf('-') + 1).trim());
        } else {
          from = Integer.parseInt(s);
          to = from;
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + spec + "' is not a status code (503), a range "
            + "(500-504) or a class (5xx)");
      }
      if (from < MIN || to > MAX || from > to) {
        throw new IllegalArgumentException("'" + spec + "' is not within " + MIN + "-" + MAX);
      }
      for (int code = from; code <= to; code++) codes.add(code);
    }
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
