package dev.courier;

import dev.courier.internal.http.Tokens;
import dev.courier.internal.text.Quoting;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9110 media type, such as {@code text/html; charset=utf-8}, as found in a
 * {@code Content-Type} header.
 *
 * <p>Type and subtype are tokens and are lower-cased; parameters are {@code name=value} pairs
 * whose value is a token or a quoted string (with backslash escapes). Whitespace is allowed
 * around the whole value and around each {@code ;}. A value in single quotes, such as
 * {@code charset='utf-8'}, has the quotes removed, since servers send it. Two {@code charset}
 * parameters with different values make the media type invalid.
 *
 * <p>{@link #toString()} returns the string this was parsed from, and equality is equality of
 * that string. Instances are immutable and safe to share between threads; create constants once
 * rather than parsing the same string per request.
 */
public final class MediaType {

  private final String mediaType;
  private final String type;
  private final String subtype;
  /** Alternating parameter names (as given) and decoded values. */
  private final String[] parameterNamesAndValues;

  private MediaType(String mediaType, String type, String subtype,
      String[] parameterNamesAndValues) {
    this.mediaType = mediaType;
    this.type = type;
    this.subtype = subtype;
    this.parameterNamesAndValues = parameterNamesAndValues;
  }

  /**
   * Returns the media type {@code string} names, such as {@code MediaType.get("application/json")}.
   *
   * @throws IllegalArgumentException if it is null or not a valid media type, with a message such
   *     as {@code No subtype found for: "text"}
   */
  public static MediaType get(String string) {
    if (string == null) throw new IllegalArgumentException("mediaType == null");
    return parse(string, true);
  }

  /**
   * Returns the media type {@code string} names, or null if it is not a valid media type.
   *
   * @throws IllegalArgumentException if it is null
   */
  public static @Nullable MediaType parse(String string) {
    if (string == null) throw new IllegalArgumentException("mediaType == null");
    return parse(string, false);
  }

  private static @Nullable MediaType parse(String s, boolean throwOnError) {
    int length = s.length();
    int pos = skipWhitespace(s, 0, length);
    int typeEnd = skipToken(s, pos, length);
    if (typeEnd == pos || typeEnd == length || s.charAt(typeEnd) != '/') {
      return fail(throwOnError, "No subtype found for: " + Quoting.quote(s));
    }
    int subtypeEnd = skipToken(s, typeEnd + 1, length);
    if (subtypeEnd == typeEnd + 1) {
      return fail(throwOnError, "No subtype found for: " + Quoting.quote(s));
    }
    String type = s.substring(pos, typeEnd).toLowerCase(Locale.ROOT);
    String subtype = s.substring(typeEnd + 1, subtypeEnd).toLowerCase(Locale.ROOT);

    List<String> parameters = null;
    String charset = null;
    pos = skipWhitespace(s, subtypeEnd, length);
    while (pos < length) {
      int parameterStart = pos;
      if (s.charAt(pos) != ';') return badParameter(throwOnError, s, parameterStart);
      pos = skipWhitespace(s, pos + 1, length);
      if (pos == length || s.charAt(pos) == ';') continue; // An empty parameter is allowed.

      int nameEnd = skipToken(s, pos, length);
      if (nameEnd == pos || nameEnd == length || s.charAt(nameEnd) != '=') {
        return badParameter(throwOnError, s, parameterStart);
      }
      String name = s.substring(pos, nameEnd);
      String value;
      pos = nameEnd + 1;
      if (pos < length && s.charAt(pos) == '"') {
        StringBuilder quoted = new StringBuilder();
        pos = readQuotedString(s, pos + 1, length, quoted);
        if (pos == -1) return badParameter(throwOnError, s, parameterStart);
        value = quoted.toString();
      } else {
        int valueEnd = skipToken(s, pos, length);
        if (valueEnd == pos) return badParameter(throwOnError, s, parameterStart);
        value = s.substring(pos, valueEnd);
        if (value.length() > 2 && value.charAt(0) == '\''
            && value.charAt(value.length() - 1) == '\'') {
          value = value.substring(1, value.length() - 1);
        }
        pos = valueEnd;
      }
      if (name.equalsIgnoreCase("charset")) {
        if (charset != null && !charset.equalsIgnoreCase(value)) {
          return fail(throwOnError, "Multiple charsets defined: " + Quoting.quote(charset)
              + " and: " + Quoting.quote(value) + " for: " + Quoting.quote(s));
        }
        charset = value;
      }
      if (parameters == null) parameters = new ArrayList<>(4);
      parameters.add(name);
      parameters.add(value);
      pos = skipWhitespace(s, pos, length);
    }
    String[] namesAndValues =
        parameters != null ? parameters.toArray(new String[0]) : new String[0];
    return new MediaType(s, type, subtype, namesAndValues);
  }

  /**
   * Reads a quoted string whose opening quote is before {@code pos} into {@code out}, undoing
   * backslash escapes. Returns the offset after the closing quote, or -1 if there is none or a
   * control character other than tab is inside.
   */
  private static int readQuotedString(String s, int pos, int limit, StringBuilder out) {
    for (int i = pos; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '"') return i + 1;
      if (c == '\\') {
        if (++i == limit) return -1;
        c = s.charAt(i);
      }
      if ((c < 0x20 && c != '\t') || c == 0x7f) return -1;
      out.append(c);
    }
    return -1;
  }

  private static @Nullable MediaType badParameter(boolean throwOnError, String s,
      int parameterStart) {
    return fail(throwOnError, "Parameter is not formatted correctly: "
        + Quoting.quote(s.substring(parameterStart)) + " for: " + Quoting.quote(s));
  }

  private static @Nullable MediaType fail(boolean throwOnError, String message) {
    if (throwOnError) throw new IllegalArgumentException(message);
    return null;
  }

  private static int skipWhitespace(String s, int pos, int limit) {
    while (pos < limit && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) pos++;
    return pos;
  }

  private static int skipToken(String s, int pos, int limit) {
    while (pos < limit && Tokens.isTokenChar(s.charAt(pos))) pos++;
    return pos;
  }


  /** Returns the top-level type, lower-cased, such as {@code text} or {@code application}. */
  public String type() {
    return type;
  }

  /** Returns the subtype, lower-cased, such as {@code plain}, {@code json} or {@code svg+xml}. */
  public String subtype() {
    return subtype;
  }

  /**
   * Returns the charset named by the {@code charset} parameter, or null if there is none or this
   * JVM does not support it.
   */
  public @Nullable Charset charset() {
    return charset(null);
  }

  /**
   * Returns the charset named by the {@code charset} parameter, or {@code defaultValue} (which may
   * be null) if there is none or this JVM does not support it.
   */
  public @Nullable Charset charset(@Nullable Charset defaultValue) {
    String name = parameter("charset");
    if (name == null) return defaultValue;
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return defaultValue; // An illegal or unsupported charset name: fall back, as documented.
    }
  }

  /**
   * Returns the value of the first parameter named {@code name} (compared case-insensitively),
   * with quotes and escapes removed, or null if there is none.
   */
  public @Nullable String parameter(String name) {
    for (int i = 0; i < parameterNamesAndValues.length; i += 2) {
      if (parameterNamesAndValues[i].equalsIgnoreCase(name)) {
        return parameterNamesAndValues[i + 1];
      }
    }
    return null;
  }

  /** Returns true if {@code other} is a media type parsed from an equal string. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof MediaType && ((MediaType) other).mediaType.equals(mediaType);
  }

  /** Returns the hash code of the string this media type was parsed from. */
  @Override
  public int hashCode() {
    return mediaType.hashCode();
  }

  /** Returns the string this media type was parsed from, unchanged; fit for a header value. */
  @Override
  public String toString() {
    return mediaType;
  }
}
