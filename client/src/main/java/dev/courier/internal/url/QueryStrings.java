package dev.courier.internal.url;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into alternating names and values and joins it back.
 *
 * <p>{@code a=1&b&c=} splits into {@code [a, 1, b, null, c, ""]}: a parameter without {@code =}
 * has a null value, which is how {@code b} and {@code b=} stay distinct through a round trip.
 */
public final class QueryStrings {
  private QueryStrings() {
  }

  /** Returns the names and values of {@code query}, which has no leading {@code ?}. */
  public static List<String> split(String query) {
    List<String> result = new ArrayList<>(8);
    int pos = 0;
    int length = query.length();
    while (pos <= length) {
      int ampersand = query.indexOf('&', pos);
      if (ampersand == -1) ampersand = length;
      int equals = query.indexOf('=', pos);
      if (equals == -1 || equals > ampersand) {
        result.add(query.substring(pos, ampersand));
        result.add(null);
      } else {
        result.add(query.substring(pos, equals));
        result.add(query.substring(equals + 1, ampersand));
      }
      pos = ampersand + 1;
    }
    return result;
  }

  /** Appends {@code namesAndValues} to {@code out} as {@code name=value&name=value}. */
  public static void join(StringBuilder out, List<String> namesAndValues) {
    for (int i = 0, size = namesAndValues.size(); i < size; i += 2) {
      if (i > 0) out.append('&');
      out.append(namesAndValues.get(i));
      String value = namesAndValues.get(i + 1);
      if (value != null) out.append('=').append(value);
    }
  }
}
