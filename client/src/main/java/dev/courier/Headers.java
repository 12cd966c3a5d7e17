package dev.courier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.courier.internal.http.HttpDates;
import dev.courier.internal.http.Tokens;
import dev.courier.internal.text.Quoting;
import org.jspecify.annotations.Nullable;

/**
 * The header fields of a single HTTP message, in the order they were sent or received.
 *
 * <p>Names are compared case-insensitively; values are kept as given. Instances are immutable and
 * safe to share between threads. Building headers rejects names that are not HTTP tokens and values
 * holding control characters such as CR or LF, so a header can never smuggle a second header or
 * split a message.
 *
 * <p>{@link #toString()} redacts the values of {@code Authorization}, {@code Cookie},
 * {@code Proxy-Authorization} and {@code Set-Cookie}, so headers may be logged as they are.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {
  /** Headers with no fields at all. */
  public static final Headers EMPTY = new Headers(new String[0]);

  /**
   * What Courier prints in place of a secret, {@code ██}: here in {@link #toString()}, and in the
   * headers and URLs that {@link dev.courier.logging.LoggingInterceptor} logs and
   * {@link dev.courier.logging.RedactedUrls} renders.
   */
  public static final String REDACTED = "██";

  private static final Set<String> SENSITIVE =
      Set.of("authorization", "cookie", "proxy-authorization", "set-cookie");

  /** Alternating names and values: {@code [name0, value0, name1, value1, ...]}. */
  private final String[] namesAndValues;

  private Headers(String[] namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  /**
   * Returns headers for alternating names and values, such as {@code of("Accept", "text/plain",
   * "X-Id", "7")}.
   *
   * @throws IllegalArgumentException if the count is odd, or a name or value is invalid
   */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues == null) throw new IllegalArgumentException("namesAndValues == null");
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "namesAndValues must alternate names and values, but has " + namesAndValues.length
              + " elements");
    }
    String[] copy = namesAndValues.clone();
    for (int i = 0; i < copy.length; i += 2) {
      if (copy[i] == null || copy[i + 1] == null) {
        throw new IllegalArgumentException("header names and values must not be null");
      }
      copy[i] = trimWhitespace(copy[i]);
      copy[i + 1] = trimWhitespace(copy[i + 1]);
      checkName(copy[i]);
      checkValue(copy[i + 1], copy[i]);
    }
    return new Headers(copy);
  }

  /**
   * Returns headers holding each entry of {@code headers}.
   *
   * @throws IllegalArgumentException if a name or value is invalid
   */
  public static Headers of(Map<String, String> headers) {
    if (headers == null) throw new IllegalArgumentException("headers == null");
    Builder builder = new Builder();
    headers.forEach(builder::add);
    return builder.build();
  }

  /** Returns the number of header fields, counting repeated names once per occurrence. */
  public int size() {
    return namesAndValues.length / 2;
  }

  /** Returns the name of the field at {@code index}. */
  public String name(int index) {
    return namesAndValues[checkIndex(index) * 2];
  }

  /** Returns the value of the field at {@code index}. */
  public String value(int index) {
    return namesAndValues[checkIndex(index) * 2 + 1];
  }

  /** Returns the last value for {@code name}, or null if there is none. */
  public @Nullable String get(String name) {
    for (int i = namesAndValues.length - 2; i >= 0; i -= 2) {
      if (name.equalsIgnoreCase(namesAndValues[i])) {
        return namesAndValues[i + 1];
      }
    }
    return null;
  }

  /**
   * Returns the last value for {@code name} parsed as an HTTP date, or null if absent or not a
   * valid date.
   */
  public @Nullable Instant getInstant(String name) {
    String value = get(name);
    return value != null ? HttpDates.parse(value) : null;
  }

  /** Returns every value for {@code name}, in order; an empty list if there is none. */
  public List<String> values(String name) {
    List<String> result = null;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (name.equalsIgnoreCase(namesAndValues[i])) {
        if (result == null) result = new ArrayList<>(2);
        result.add(namesAndValues[i + 1]);
      }
    }
    return result != null ? Collections.unmodifiableList(result) : List.of();
  }

  /** Returns the distinct field names, sorted case-insensitively. */
  public Set<String> names() {
    TreeSet<String> result = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      result.add(namesAndValues[i]);
    }
    return Collections.unmodifiableSet(result);
  }

  /** Returns the fields as a map from lower-case name to every value of that name. */
  public Map<String, List<String>> toMultimap() {
    TreeMap<String, List<String>> result = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = namesAndValues[i].toLowerCase(Locale.ROOT);
      result.computeIfAbsent(name, k -> new ArrayList<>(2)).add(namesAndValues[i + 1]);
    }
    result.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(result);
  }

  /**
   * Returns the number of bytes these fields take on the wire as HTTP/1.1 header lines, counting
   * {@code ": "} and CRLF for each.
   */
  public long byteCount() {
    long result = namesAndValues.length * 2L;
    for (String s : namesAndValues) {
      result += s.length();
    }
    return result;
  }

  /** Returns a builder holding these fields, to derive changed headers. */
  public Builder newBuilder() {
    // Room for these fields and a few more, which is what an edit adds (the engine's bridge adds
    // four to a request); one by one, as addAll would copy the array once more on the way.
    Builder result = new Builder(namesAndValues.length + 8);
    for (String nameOrValue : namesAndValues) result.namesAndValues.add(nameOrValue);
    return result;
  }

  /** Iterates the fields in order as (name, value) entries. */
  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < namesAndValues.length;
      }

      @Override
      public Map.Entry<String, String> next() {
        if (!hasNext()) throw new NoSuchElementException();
        Map.Entry<String, String> entry =
            Map.entry(namesAndValues[next], namesAndValues[next + 1]);
        next += 2;
        return entry;
      }
    };
  }

  /** Headers are equal when they hold the same names and values in the same order. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Headers
        && Arrays.equals(((Headers) other).namesAndValues, namesAndValues);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(namesAndValues);
  }

  /** Returns the fields one per line, with credentials and cookies shown as {@code ██}. */
  @Override
  public String toString() {
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = namesAndValues[i];
      result.append(name).append(": ");
      result.append(isSensitive(name) ? REDACTED : namesAndValues[i + 1]).append('\n');
    }
    return result.toString();
  }

  /** Returns true for header names whose values are secrets: credentials and cookies. */
  public static boolean isSensitive(String name) {
    return SENSITIVE.contains(name.toLowerCase(Locale.ROOT));
  }

  private int checkIndex(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("index " + index + " out of range for " + size()
          + " headers");
    }
    return index;
  }

  /**
   * Rejects a header name that is not an RFC 9110 token.
   *
   * @throws IllegalArgumentException naming the offending character and its position
   */
  static void checkName(String name) {
    if (name.isEmpty()) throw new IllegalArgumentException("header name is empty");
    for (int i = 0, length = name.length(); i < length; i++) {
      char c = name.charAt(i);
      if (!Tokens.isTokenChar(c)) {
        throw new IllegalArgumentException("Unexpected char " + hex(c) + " at " + i
            + " in header name: " + Quoting.quote(name));
      }
    }
  }

  /**
   * Rejects a header value holding a control character other than horizontal tab, which is what
   * would let a value end the line early (CR, LF) or confuse a parser (NUL, DEL).
   *
   * @throws IllegalArgumentException naming the header, the character and its position; the value
   *     itself is shown only for headers that do not carry secrets
   */
  static void checkValue(String value, String name) {
    for (int i = 0, length = value.length(); i < length; i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new IllegalArgumentException("Unexpected char " + hex(c) + " at " + i + " in "
            + name + " value" + (isSensitive(name) ? "" : ": " + Quoting.quote(value)));
      }
    }
  }

  private static String hex(char c) {
    String digits = Integer.toHexString(c);
    return (digits.length() == 1 ? "0x0" : "0x") + digits;
  }

  /**
   * Returns {@code s} without leading and trailing spaces and tabs (RFC 9110 OWS). Unlike
   * {@link String#trim()}, this keeps CR, LF, NUL and other controls at the ends, so that the
   * checks reject them instead of dropping them silently.
   */
  static String trimWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) start++;
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) end--;
    return s.substring(start, end);
  }


  /** Creates headers from an array the caller built and validated; the array is not copied. */
  static Headers ofTrusted(String[] namesAndValues) {
    return new Headers(namesAndValues);
  }

  /**
   * Accumulates header fields, validating each as it is added.
   *
   * <p>Not thread-safe; build once and share the immutable result.
   */
  public static final class Builder {
    final ArrayList<String> namesAndValues;

    /** Creates an empty builder. */
    public Builder() {
      this(20);
    }

    private Builder(int capacity) {
      this.namesAndValues = new ArrayList<>(capacity);
    }

    /**
     * Adds a header line such as {@code "Accept: text/plain"}.
     *
     * @throws IllegalArgumentException if the line has no colon, or the name or value is invalid
     */
    public Builder add(String line) {
      if (line == null) throw new IllegalArgumentException("line == null");
      int colon = line.indexOf(':');
      if (colon == -1) {
        throw new IllegalArgumentException(
            "Unexpected header line without a colon: " + Quoting.quote(line));
      }
      return add(trimWhitespace(line.substring(0, colon)), line.substring(colon + 1));
    }

    /**
     * Adds a field, keeping any existing fields of the same name.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds control
     *     characters
     */
    public Builder add(String name, String value) {
      if (name == null) throw new IllegalArgumentException("header name == null");
      if (value == null) throw new IllegalArgumentException("header value == null for " + name);
      checkName(name);
      String trimmed = trimWhitespace(value);
      checkValue(trimmed, name);
      return addLenient(name, trimmed);
    }

    /**
     * Adds a date field formatted as an IMF-fixdate, as in {@code Date} or {@code Last-Modified}.
     */
    public Builder add(String name, Instant value) {
      if (name == null) throw new IllegalArgumentException("header name == null");
      if (value == null) throw new IllegalArgumentException("header value == null for " + name);
      return add(name, HttpDates.format(value));
    }

    /**
     * Adds every field of {@code headers}.
     */
    public Builder addAll(Headers headers) {
      if (headers == null) throw new IllegalArgumentException("headers == null");
      for (int i = 0, size = headers.size(); i < size; i++) {
        addLenient(headers.name(i), headers.value(i));
      }
      return this;
    }

    /**
     * Replaces every field named {@code name} with one holding {@code value}.
     *
     * @throws IllegalArgumentException if the name or value is invalid
     */
    public Builder set(String name, String value) {
      if (name == null) throw new IllegalArgumentException("header name == null");
      if (value == null) throw new IllegalArgumentException("header value == null for " + name);
      checkName(name);
      String trimmed = trimWhitespace(value);
      checkValue(trimmed, name);
      removeAll(name);
      return addLenient(name, trimmed);
    }

    /** Replaces every field named {@code name} with one holding the date {@code value}. */
    public Builder set(String name, Instant value) {
      if (name == null) throw new IllegalArgumentException("header name == null");
      if (value == null) throw new IllegalArgumentException("header value == null for " + name);
      return set(name, HttpDates.format(value));
    }

    /** Removes every field named {@code name}. */
    public Builder removeAll(String name) {
      if (name == null) throw new IllegalArgumentException("name == null");
      for (int i = namesAndValues.size() - 2; i >= 0; i -= 2) {
        if (name.equalsIgnoreCase(namesAndValues.get(i))) {
          namesAndValues.remove(i + 1);
          namesAndValues.remove(i);
        }
      }
      return this;
    }

    /** Returns the last value added for {@code name}, or null. */
    public @Nullable String get(String name) {
      for (int i = namesAndValues.size() - 2; i >= 0; i -= 2) {
        if (name.equalsIgnoreCase(namesAndValues.get(i))) {
          return namesAndValues.get(i + 1);
        }
      }
      return null;
    }

    /** Returns immutable headers holding the fields added so far. */
    public Headers build() {
      return new Headers(namesAndValues.toArray(new String[0]));
    }

    /** Adds a field that was validated already, such as one parsed off the wire. */
    Builder addLenient(String name, String value) {
      namesAndValues.add(name);
      namesAndValues.add(value);
      return this;
    }
  }
}
