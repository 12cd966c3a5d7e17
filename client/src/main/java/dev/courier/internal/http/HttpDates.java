package dev.courier.internal.http;

import java.time.Instant;

/**
 * Reads and writes HTTP dates (RFC 9110 §5.6.7).
 *
 * <p>Dates are written as IMF-fixdate only. Reading accepts the three forms the RFC requires
 * recipients to accept, plus the near misses that real servers send:
 * <ul>
 *   <li>IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT};
 *   <li>RFC 850: {@code Sunday, 06-Nov-94 08:49:37 GMT};
 *   <li>asctime: {@code Sun Nov  6 08:49:37 1994};
 *   <li>near misses: day names in either length, any case, with or without the comma, one-digit
 *       days, dashes or spaces between day, month and year, two- or four-digit years, runs of
 *       spaces, {@code HH-mm-ss} times, and the zones {@code GMT}, {@code UTC}, {@code UT},
 *       {@code Z}, the US zones of RFC 822 ({@code EST}, {@code PDT}...) and numeric offsets
 *       ({@code +0000}); a missing zone means GMT.
 * </ul>
 *
 * <p>A two-digit year is read as RFC 9110 asks: the year with those digits that is not more than
 * 50 years in the future. When the day name does not match that year but does match the century
 * before, the day name wins, so {@code Thursday, 01-Jan-70} is 1970 (and not 2070, a Wednesday).
 * Otherwise the day name is not checked against the date, as browsers do not check it. A value in
 * none of these forms, or naming an impossible date, is reported as null, which callers treat as a
 * date in the past.
 *
 * <p>The parser and formatter are hand-written: they run for {@code Date}, {@code Expires} and
 * {@code Last-Modified} on every cacheable response.
 */
public final class HttpDates {
  /** The largest date a cache should ever compute with: no real expiry is later. */
  public static final long MAX_DATE_MILLIS = 253402300799999L;

  private static final String[] DAY_NAMES =
      {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";
  private static final String[] MONTH_NAMES =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private HttpDates() {
  }

  /** Returns {@code instant} as an IMF-fixdate, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  public static String format(Instant instant) {
    long epochSecond = instant.getEpochSecond();
    long epochDay = Math.floorDiv(epochSecond, 86400L);
    int secondOfDay = (int) Math.floorMod(epochSecond, 86400L);
    long date = civilFromDays(epochDay);
    int year = (int) (date >> 16);
    int month = (int) ((date >> 8) & 0xff);
    int day = (int) (date & 0xff);
    StringBuilder result = new StringBuilder(29);
    result.append(DAY_NAMES[dayOfWeek(epochDay) - 1], 0, 3).append(", ");
    appendTwoDigits(result, day).append(' ').append(MONTH_NAMES[month - 1]).append(' ');
    if (year >= 0 && year < 1000) result.append(year < 10 ? "000" : year < 100 ? "00" : "0");
    result.append(year).append(' ');
    appendTwoDigits(result, secondOfDay / 3600).append(':');
    appendTwoDigits(result, secondOfDay / 60 % 60).append(':');
    appendTwoDigits(result, secondOfDay % 60).append(" GMT");
    return result.toString();
  }

  private static StringBuilder appendTwoDigits(StringBuilder out, int value) {
    return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /** Returns the instant {@code value} names, or null if it is not an HTTP date. */
  public static Instant parse(String value) {
    if (value == null) return null;
    long epochSecond = parseEpochSecond(value, System.currentTimeMillis());
    return epochSecond != Long.MIN_VALUE ? Instant.ofEpochSecond(epochSecond) : null;
  }

  /**
   * Returns the epoch second {@code value} names, or {@link Long#MIN_VALUE} if it is not an HTTP
   * date. {@code nowMillis} places the 50-year window for two-digit years.
   */
  static long parseEpochSecond(String value, long nowMillis) {
    DateReader reader = new DateReader(value);
    int dayOfWeek = -1;
    if (reader.atLetter()) {
      int wordStart = reader.pos;
      int wordEnd = reader.skipLetters();
      dayOfWeek = dayOfWeek(value, wordStart, wordEnd);
      if (dayOfWeek == -1) {
        reader.pos = wordStart; // Perhaps asctime without its day name: "Nov  6 ...".
      } else {
        reader.skip(',');
        reader.skipSpaces();
      }
    }
    int day;
    int month;
    int year;
    int yearDigits;
    int secondOfDay;
    int offsetSeconds;
    if (reader.atDigit()) {
      // IMF-fixdate, RFC 850 and their near misses: day, month, year, time, zone.
      day = reader.number(1, 2);
      if (day == -1 || !reader.skipDateSeparator()) return Long.MIN_VALUE;
      month = reader.month();
      if (month == -1 || !reader.skipDateSeparator()) return Long.MIN_VALUE;
      int yearStart = reader.pos;
      year = reader.number(2, 4);
      yearDigits = reader.pos - yearStart;
      if (year == -1 || yearDigits == 3 || reader.skipSpaces() == 0) return Long.MIN_VALUE;
      secondOfDay = reader.time();
      if (secondOfDay == -1) return Long.MIN_VALUE;
      reader.skipSpaces();
      offsetSeconds = reader.zone();
    } else {
      // asctime: month, day, time, year.
      month = reader.month();
      if (month == -1 || reader.skipSpaces() == 0) return Long.MIN_VALUE;
      day = reader.number(1, 2);
      if (day == -1 || reader.skipSpaces() == 0) return Long.MIN_VALUE;
      secondOfDay = reader.time();
      if (secondOfDay == -1 || reader.skipSpaces() == 0) return Long.MIN_VALUE;
      year = reader.number(4, 4);
      yearDigits = 4;
      reader.skipSpaces();
      offsetSeconds = reader.zone();
    }
    reader.skipSpaces();
    if (year == -1 || offsetSeconds == Integer.MIN_VALUE || !reader.atEnd()) {
      return Long.MIN_VALUE;
    }
    if (yearDigits == 2) year = fourDigitYear(year, month, day, dayOfWeek, nowMillis);
    if (year < 1 || day < 1 || day > daysInMonth(year, month)) return Long.MIN_VALUE;
    return epochDay(year, month, day) * 86400L + secondOfDay - offsetSeconds;
  }

  /**
   * Returns the year ending in {@code twoDigits} that is not more than 50 years after now (RFC
   * 9110), or the century before if only that one agrees with {@code dayOfWeek}.
   */
  private static int fourDigitYear(int twoDigits, int month, int day, int dayOfWeek,
      long nowMillis) {
    int currentYear = (int) (civilFromDays(Math.floorDiv(nowMillis, 86400000L)) >> 16);
    int year = currentYear - Math.floorMod(currentYear, 100) + twoDigits;
    if (year > currentYear + 50) year -= 100;
    if (year <= currentYear - 50) year += 100;
    if (dayOfWeek != -1 && day <= daysInMonth(year, month)
        && dayOfWeek(epochDay(year, month, day)) != dayOfWeek
        && day <= daysInMonth(year - 100, month)
        && dayOfWeek(epochDay(year - 100, month, day)) == dayOfWeek) {
      year -= 100;
    }
    return year;
  }

  /** Returns 1 (Monday) to 7 for a day name of 3 letters or in full, or -1. */
  private static int dayOfWeek(String s, int start, int end) {
    int length = end - start;
    for (int i = 0; i < DAY_NAMES.length; i++) {
      String name = DAY_NAMES[i];
      if ((length == 3 || length == name.length())
          && s.regionMatches(true, start, name, 0, length)) {
        return i + 1;
      }
    }
    return -1;
  }

  /** Returns the ISO day of the week, 1 (Monday) to 7, of {@code epochDay}. */
  static int dayOfWeek(long epochDay) {
    return (int) Math.floorMod(epochDay + 3, 7L) + 1;
  }

  /** Returns 1 to 12 for a three-letter month name at {@code start}, or -1. */
  static int month(String s, int start) {
    if (start + 3 > s.length()) return -1;
    for (int i = 0; i < MONTHS.length(); i += 3) {
      if (s.regionMatches(true, start, MONTHS, i, 3)) return i / 3 + 1;
    }
    return -1;
  }

  /** Returns the number of days in {@code month} (1 to 12) of the proleptic Gregorian year. */
  static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4: case 6: case 9: case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Returns the days since 1970-01-01 of a proleptic Gregorian date (month 1 to 12). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1L : year;
    long era = Math.floorDiv(y, 400L);
    long yearOfEra = y - era * 400;
    int shiftedMonth = month > 2 ? month - 3 : month + 9;
    long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
  }

  /** Returns {@code year << 16 | month << 8 | day} for a day since 1970-01-01. */
  static long civilFromDays(long epochDay) {
    long z = epochDay + 719468;
    long era = Math.floorDiv(z, 146097L);
    long dayOfEra = z - era * 146097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return year << 16 | month << 8 | day;
  }

  /** A cursor over a date string, trimmed of surrounding whitespace. */
  private static final class DateReader {
    final String s;
    final int end;
    int pos;

    DateReader(String s) {
      int start = 0;
      int end = s.length();
      while (start < end && isSpace(s.charAt(start))) start++;
      while (end > start && isSpace(s.charAt(end - 1))) end--;
      this.s = s;
      this.pos = start;
      this.end = end;
    }

    boolean atEnd() {
      return pos == end;
    }

    boolean atLetter() {
      return pos < end && isLetter(s.charAt(pos));
    }

    boolean atDigit() {
      return pos < end && isDigit(s.charAt(pos));
    }

    int skipLetters() {
      while (pos < end && isLetter(s.charAt(pos))) pos++;
      return pos;
    }

    void skip(char c) {
      if (pos < end && s.charAt(pos) == c) pos++;
    }

    int skipSpaces() {
      int start = pos;
      while (pos < end && isSpace(s.charAt(pos))) pos++;
      return pos - start;
    }

    /** Skips the {@code -} or the spaces between day, month and year; false if neither. */
    boolean skipDateSeparator() {
      if (pos < end && s.charAt(pos) == '-') {
        pos++;
        return true;
      }
      return skipSpaces() > 0;
    }

    /** Reads {@code min} to {@code max} digits followed by a non-digit; -1 if there aren't. */
    int number(int min, int max) {
      int start = pos;
      int value = 0;
      while (pos < end && isDigit(s.charAt(pos))) {
        if (pos - start == max) return -1;
        value = value * 10 + (s.charAt(pos++) - '0');
      }
      return pos - start >= min ? value : -1;
    }

    /** Reads a three-letter month not followed by another letter. */
    int month() {
      int month = HttpDates.month(s, pos);
      if (month == -1 || (pos + 3 < end && isLetter(s.charAt(pos + 3)))) return -1;
      pos += 3;
      return month;
    }

    /**
     * Reads {@code HH:mm:ss} (or {@code HH-mm-ss}, or a one-digit hour) and returns the second of
     * the day, or -1.
     */
    int time() {
      int hour = number(1, 2);
      if (hour == -1 || hour > 23 || pos == end) return -1;
      char separator = s.charAt(pos);
      if (separator != ':' && separator != '-') return -1;
      pos++;
      int minute = number(2, 2);
      if (minute == -1 || minute > 59 || pos == end || s.charAt(pos) != separator) return -1;
      pos++;
      int second = number(2, 2);
      if (second == -1 || second > 60) return -1; // 60 is a leap second: RFC 9110 allows it.
      return hour * 3600 + minute * 60 + second;
    }

    /** Reads a zone and returns its offset in seconds; none means GMT; MIN_VALUE if invalid. */
    int zone() {
      if (pos == end) return 0;
      char c = s.charAt(pos);
      if (c == '+' || c == '-') {
        pos++;
        int hhmm = number(4, 4);
        if (hhmm == -1 || hhmm / 100 > 23 || hhmm % 100 > 59) return Integer.MIN_VALUE;
        int seconds = hhmm / 100 * 3600 + hhmm % 100 * 60;
        return c == '+' ? seconds : -seconds;
      }
      int start = pos;
      int length = skipLetters() - start;
      if (length == 1 && (c == 'Z' || c == 'z')) return 0;
      if (length == 2 && s.regionMatches(true, start, "UT", 0, 2)) return 0;
      if (length != 3) return Integer.MIN_VALUE;
      if (s.regionMatches(true, start, "GMT", 0, 3)) return 0;
      if (s.regionMatches(true, start, "UTC", 0, 3)) return 0;
      if (s.regionMatches(true, start + 2, "T", 0, 1)) {
        int standardHours;
        switch (Character.toUpperCase(s.charAt(start))) {
          case 'E': standardHours = -5; break;
          case 'C': standardHours = -6; break;
          case 'M': standardHours = -7; break;
          case 'P': standardHours = -8; break;
          default: return Integer.MIN_VALUE;
        }
        char kind = Character.toUpperCase(s.charAt(start + 1));
        if (kind == 'S') return standardHours * 3600;
        if (kind == 'D') return (standardHours + 1) * 3600;
      }
      return Integer.MIN_VALUE;
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t';
    }

    private static boolean isLetter(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }
}
