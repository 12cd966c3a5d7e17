package dev.courier.internal.http;

import java.text.ParsePosition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes HTTP dates (RFC 9110 §5.6.7).
 *
 * <p>Dates are written as IMF-fixdate only. Reading accepts the three forms the RFC requires
 * recipients to accept (IMF-fixdate, RFC 850 and asctime) plus the near misses that real servers
 * send; a value in none of them is reported as null, which callers treat as a date in the past.
 */
public final class HttpDates {
  /** The largest date a cache should ever compute with: no real expiry is later. */
  public static final long MAX_DATE_MILLIS = 253402300799999L;

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private static final List<DateTimeFormatter> PARSERS = List.of(
      parser("EEE, dd MMM yyyy HH:mm:ss 'GMT'"),
      parser("EEEE, dd-MMM-YY HH:mm:ss 'GMT'"),
      parser("EEE MMM d HH:mm:ss yyyy"),
      parser("EEE, dd-MMM-yyyy HH:mm:ss 'GMT'"),
      parser("EEE, dd-MMM-yyyy HH-mm-ss 'GMT'"),
      parser("EEE, dd MMM YY HH:mm:ss 'GMT'"),
      parser("EEE dd-MMM-yyyy HH:mm:ss 'GMT'"),
      parser("EEE dd MMM yyyy HH:mm:ss 'GMT'"),
      parser("EEE, dd MMM yyyy HH:mm:ss z"),
      parser("EEE, dd MMM yyyy HH:mm:ss Z"));

  private HttpDates() {
  }

  /** Returns {@code instant} as an IMF-fixdate, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  public static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** Returns the instant {@code value} names, or null if it is not an HTTP date. */
  public static Instant parse(String value) {
    if (value == null || value.isEmpty()) return null;
    String trimmed = value.trim().replace("  ", " ");
    for (DateTimeFormatter parser : PARSERS) {
      ParsePosition position = new ParsePosition(0);
      TemporalAccessor parsed = parser.parseUnresolved(trimmed, position);
      if (parsed == null || position.getErrorIndex() >= 0 || position.getIndex() != trimmed.length()) {
        continue;
      }
      try {
        return parser.parse(trimmed, Instant::from);
      } catch (RuntimeException e) {
        // A well-formed but impossible date, like February 30: try the next form.
      }
    }
    return null;
  }

  /**
   * Returns a parser for {@code pattern}, where {@code YY} stands for a two-digit year read as the
   * RFC asks: the most recent year with those digits that is not more than 50 years ahead.
   */
  private static DateTimeFormatter parser(String pattern) {
    DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
    int twoDigitYear = pattern.indexOf("YY");
    if (twoDigitYear == -1) {
      builder.appendPattern(pattern);
    } else {
      builder.appendPattern(pattern.substring(0, twoDigitYear))
          .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(49))
          .appendPattern(pattern.substring(twoDigitYear + 2));
    }
    return builder.toFormatter(Locale.US)
        .withResolverStyle(ResolverStyle.SMART)
        .withZone(ZoneOffset.UTC);
  }
}
