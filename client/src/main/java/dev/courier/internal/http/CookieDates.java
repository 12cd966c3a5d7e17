package dev.courier.internal.http;

/**
 * Parses the {@code Expires} attribute of a {@code Set-Cookie} header with the cookie-date
 * algorithm of RFC 6265 §5.1.1.
 *
 * <p>That algorithm is deliberately forgiving: it splits the value into tokens at delimiters and
 * picks the first token that looks like a time, a day of the month, a month and a year, in any
 * order, ignoring the rest. So {@code Wed, 09 Jun 2021 10:18:14 GMT},
 * {@code Wednesday, 09-Jun-21 10:18:14 GMT} and {@code 2021 Jun 9 10:18:14} all parse. Two-digit
 * years 70 to 99 mean 19xx and 00 to 69 mean 20xx; years before 1601 and impossible dates fail.
 */
public final class CookieDates {
  /** Returned when a value is not a cookie date. */
  public static final long INVALID = Long.MIN_VALUE;

  private CookieDates() {
  }

  /**
   * Returns the epoch millis {@code value[pos, limit)} names, or {@link #INVALID} if it is not a
   * cookie date.
   */
  public static long parse(String value, int pos, int limit) {
    int hour = -1;
    int minute = -1;
    int second = -1;
    int day = -1;
    int month = -1;
    int year = -1;
    int i = pos;
    while (i < limit) {
      while (i < limit && isDelimiter(value.charAt(i))) i++;
      int tokenStart = i;
      while (i < limit && !isDelimiter(value.charAt(i))) i++;
      int tokenEnd = i;
      if (tokenStart == tokenEnd) break;

      int time;
      if (hour == -1 && (time = time(value, tokenStart, tokenEnd)) != -1) {
        hour = time / 10000;
        minute = time / 100 % 100;
        second = time % 100;
      } else if (day == -1 && digitsThenNonDigit(value, tokenStart, tokenEnd, 1, 2) != -1) {
        day = digitsThenNonDigit(value, tokenStart, tokenEnd, 1, 2);
      } else if (month == -1 && HttpDates.month(value, tokenStart) != -1
          && tokenEnd - tokenStart >= 3) {
        month = HttpDates.month(value, tokenStart);
      } else if (year == -1 && digitsThenNonDigit(value, tokenStart, tokenEnd, 2, 4) != -1) {
        year = digitsThenNonDigit(value, tokenStart, tokenEnd, 2, 4);
      }
    }
    if (year >= 70 && year <= 99) year += 1900;
    if (year >= 0 && year <= 69) year += 2000;
    if (hour == -1 || day == -1 || month == -1 || year < 1601
        || hour > 23 || minute > 59 || second > 59
        || day < 1 || day > HttpDates.daysInMonth(year, month)) {
      return INVALID;
    }
    long epochSecond =
        HttpDates.epochDay(year, month, day) * 86400L + hour * 3600L + minute * 60L + second;
    return epochSecond * 1000L;
  }

  /**
   * Matches {@code 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT [non-digit *OCTET]} and returns
   * {@code hh * 10000 + mm * 100 + ss}, or -1. Ranges are checked later, as the RFC says.
   */
  private static int time(String s, int start, int end) {
    int i = start;
    int result = 0;
    for (int field = 0; field < 3; field++) {
      int fieldStart = i;
      int value = 0;
      while (i < end && i - fieldStart < 2 && isDigit(s.charAt(i))) {
        value = value * 10 + (s.charAt(i++) - '0');
      }
      if (i == fieldStart) return -1;
      if (field < 2) {
        if (i == end || s.charAt(i) != ':') return -1;
        i++;
      } else if (i < end && isDigit(s.charAt(i))) {
        return -1;
      }
      result = result * 100 + value;
    }
    return result;
  }

  /**
   * Returns the value of {@code min} to {@code max} leading digits that are followed by the end
   * of the token or a non-digit, or -1.
   */
  private static int digitsThenNonDigit(String s, int start, int end, int min, int max) {
    int i = start;
    int value = 0;
    while (i < end && isDigit(s.charAt(i))) {
      if (i - start == max) return -1;
      value = value * 10 + (s.charAt(i++) - '0');
    }
    return i - start >= min ? value : -1;
  }

  /** The RFC 6265 delimiters: %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E. */
  private static boolean isDelimiter(char c) {
    return c == '\t' || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40)
        || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
