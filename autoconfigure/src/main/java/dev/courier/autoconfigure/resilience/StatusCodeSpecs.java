package dev.courier.autoconfigure.resilience;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the textual status forms the properties use: a code ({@code 503}), a range
 * ({@code 500-504}) or a class ({@code 5xx}).
 */
final class StatusCodeSpecs {
  private static final int MIN = 100;
  private static final int MAX = 599;

  private StatusCodeSpecs() {
  }

  /**
   * Returns the codes {@code specs} name, in ascending order.
   *
   * @throws IllegalArgumentException naming the first entry that is none of these forms, or that
   *     is not within 100-599
   */
  static Set<Integer> parse(List<String> specs) {
    TreeSet<Integer> codes = new TreeSet<>();
    for (String spec : specs) {
      String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
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
    return Collections.unmodifiableSet(codes);
  }
}
