package dev.courier.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {
  private static final long NOW_2026 = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // The three forms RFC 9110 requires.
      "Sun, 06 Nov 1994 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sunday, 06-Nov-94 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sun Nov  6 08:49:37 1994|1994-11-06T08:49:37Z",
      "Wed Nov 16 08:49:37 1994|1994-11-16T08:49:37Z",
      // Near misses.
      "sun, 06 nov 1994 08:49:37 gmt|1994-11-06T08:49:37Z",
      "SUN, 06 NOV 1994 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sun,06 Nov 1994 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sun 06 Nov 1994 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sunday, 06 Nov 1994 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sun, 6 Nov 1994 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sun, 06-Nov-1994 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sun, 06-Nov-94 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sun, 06 Nov 94 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Sun, 06-Nov-1994 08-49-37 GMT|1994-11-06T08:49:37Z",
      "Sun, 06 Nov 1994 8:49:37 GMT|1994-11-06T08:49:37Z",
      "Sun,  06  Nov  1994  08:49:37  GMT|1994-11-06T08:49:37Z",
      "  Sun, 06 Nov 1994 08:49:37 GMT  |1994-11-06T08:49:37Z",
      "Sun, 06 Nov 1994 08:49:37|1994-11-06T08:49:37Z",
      "06 Nov 1994 08:49:37 GMT|1994-11-06T08:49:37Z",
      "Nov  6 08:49:37 1994|1994-11-06T08:49:37Z",
      "Sun Nov  6 08:49:37 1994 GMT|1994-11-06T08:49:37Z",
      // Zones.
      "Sun, 06 Nov 1994 08:49:37 UTC|1994-11-06T08:49:37Z",
      "Sun, 06 Nov 1994 08:49:37 UT|1994-11-06T08:49:37Z",
      "Sun, 06 Nov 1994 08:49:37 Z|1994-11-06T08:49:37Z",
      "Sun, 06 Nov 1994 08:49:37 +0000|1994-11-06T08:49:37Z",
      "Sun, 06 Nov 1994 08:49:37 +0130|1994-11-06T07:19:37Z",
      "Sun, 06 Nov 1994 08:49:37 -0800|1994-11-06T16:49:37Z",
      "Sun, 06 Nov 1994 08:49:37 PST|1994-11-06T16:49:37Z",
      "Sun, 06 Nov 1994 08:49:37 PDT|1994-11-06T15:49:37Z",
      "Sun, 06 Nov 1994 08:49:37 EST|1994-11-06T13:49:37Z",
      "Sun, 06 Nov 1994 08:49:37 cdt|1994-11-06T13:49:37Z",
      "Sun, 06 Nov 1994 08:49:37 MST|1994-11-06T15:49:37Z",
      // Edges.
      "Thu, 01 Jan 1970 00:00:00 GMT|1970-01-01T00:00:00Z",
      "Wed, 31 Dec 1969 23:59:59 GMT|1969-12-31T23:59:59Z",
      "Tue, 29 Feb 2000 00:00:00 GMT|2000-02-29T00:00:00Z",
      "Fri, 31 Dec 9999 23:59:59 GMT|9999-12-31T23:59:59Z",
      "Mon, 01 Jan 0001 00:00:00 GMT|0001-01-01T00:00:00Z",
      "Wed, 31 Dec 2008 23:59:60 GMT|2009-01-01T00:00:00Z",
      // The day name is not checked against a four-digit year.
      "Mon, 06 Nov 1994 08:49:37 GMT|1994-11-06T08:49:37Z"})
  void parses(String value, String expected) {
    assertThat(HttpDates.parse(value)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "garbage", "0", "1994-11-06T08:49:37Z", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 08:49",
      "Sun, 06 Nov 1994 08:49:37 GMT x", "Foo, 06 Nov 1994 08:49:37 GMT",
      "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 November 1994 08:49:37 GMT",
      "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
      "Sun, 31 Nov 1994 08:49:37 GMT", "Thu, 29 Feb 2001 00:00:00 GMT",
      "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
      "Sun, 06 Nov 1994 08:49:61 GMT", "Sun, 06 Nov 994 08:49:37 GMT",
      "Sun, 06 Nov 19945 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 CET",
      "Sun, 06 Nov 1994 08:49:37 +2400", "Sun, 06 Nov 1994 08:49:37 +01",
      "Sun, 006 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37.5 GMT",
      "Sun, 06 Nov 1994 08:49:37 GMT\r\n", "Sun, 06 Nov 0000 08:49:37 GMT",
      "Sun Nov  6 08:49:37 94", "Sun Nov 6 1994 08:49:37", "Sun, 06:Nov:1994 08:49:37 GMT"})
  void invalid(String value) {
    assertThat(HttpDates.parse(value)).isNull();
  }

  @Test
  void nullIsNotADate() {
    assertThat(HttpDates.parse(null)).isNull();
  }

  @Test
  void rfc850TwoDigitYearsUseTheFiftyYearWindow() {
    // In 2026, two-digit years up to 76 are this century and 77 and later are the last one.
    assertThat(epochSecond("Sunday, 06-Nov-94 08:49:37 GMT", NOW_2026))
        .isEqualTo(Instant.parse("1994-11-06T08:49:37Z").getEpochSecond());
    assertThat(epochSecond("Monday, 06-Nov-00 00:00:00 GMT", NOW_2026))
        .isEqualTo(Instant.parse("2000-11-06T00:00:00Z").getEpochSecond());
    assertThat(epochSecond("Friday, 06-Nov-26 00:00:00 GMT", NOW_2026))
        .isEqualTo(Instant.parse("2026-11-06T00:00:00Z").getEpochSecond());
    assertThat(epochSecond("Friday, 06-Nov-76 00:00:00 GMT", NOW_2026))
        .isEqualTo(Instant.parse("2076-11-06T00:00:00Z").getEpochSecond());
    assertThat(epochSecond("Sunday, 06-Nov-77 00:00:00 GMT", NOW_2026))
        .isEqualTo(Instant.parse("1977-11-06T00:00:00Z").getEpochSecond());
    // Without a day name, the window decides alone.
    assertThat(epochSecond("06-Nov-76 00:00:00 GMT", NOW_2026))
        .isEqualTo(Instant.parse("2076-11-06T00:00:00Z").getEpochSecond());
  }

  @Test
  void rfc850DayNameChoosesTheCenturyBefore() {
    // 1970-01-01 was a Thursday, 2070-01-01 is a Wednesday.
    assertThat(epochSecond("Thursday, 01-Jan-70 00:00:00 GMT", NOW_2026)).isZero();
    assertThat(epochSecond("Wednesday, 01-Jan-70 00:00:00 GMT", NOW_2026))
        .isEqualTo(Instant.parse("2070-01-01T00:00:00Z").getEpochSecond());
    // A day name matching neither century leaves the window's answer.
    assertThat(epochSecond("Sunday, 01-Jan-70 00:00:00 GMT", NOW_2026))
        .isEqualTo(Instant.parse("2070-01-01T00:00:00Z").getEpochSecond());
  }

  @Test
  void twoDigitYearWindowMovesWithTheClock() {
    long now2090 = Instant.parse("2090-01-01T00:00:00Z").toEpochMilli();
    assertThat(epochSecond("06-Nov-30 00:00:00 GMT", now2090))
        .isEqualTo(Instant.parse("2130-11-06T00:00:00Z").getEpochSecond());
    assertThat(epochSecond("06-Nov-40 00:00:00 GMT", now2090))
        .isEqualTo(Instant.parse("2140-11-06T00:00:00Z").getEpochSecond());
    assertThat(epochSecond("06-Nov-41 00:00:00 GMT", now2090))
        .isEqualTo(Instant.parse("2041-11-06T00:00:00Z").getEpochSecond());
    assertThat(epochSecond("06-Nov-45 00:00:00 GMT", now2090))
        .isEqualTo(Instant.parse("2045-11-06T00:00:00Z").getEpochSecond());
  }

  @Test
  void rfc850ParsesWithTheRealClock() {
    assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"))
        .isEqualTo(Instant.parse("1994-11-06T08:49:37Z"));
  }

  private static long epochSecond(String value, long nowMillis) {
    return HttpDates.parseEpochSecond(value, nowMillis);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1994-11-06T08:49:37Z|Sun, 06 Nov 1994 08:49:37 GMT",
      "1970-01-01T00:00:00Z|Thu, 01 Jan 1970 00:00:00 GMT",
      "1969-12-31T23:59:59Z|Wed, 31 Dec 1969 23:59:59 GMT",
      "2000-02-29T12:34:56Z|Tue, 29 Feb 2000 12:34:56 GMT",
      "2026-11-21T20:00:01.999Z|Sat, 21 Nov 2026 20:00:01 GMT",
      "0001-01-01T00:00:00Z|Mon, 01 Jan 0001 00:00:00 GMT",
      "0999-05-05T05:05:05Z|Sun, 05 May 0999 05:05:05 GMT"})
  void format(String instant, String expected) {
    assertThat(HttpDates.format(Instant.parse(instant))).isEqualTo(expected);
  }

  @Test
  void formatMaxDate() {
    assertThat(HttpDates.format(Instant.ofEpochMilli(HttpDates.MAX_DATE_MILLIS)))
        .isEqualTo("Fri, 31 Dec 9999 23:59:59 GMT");
  }

  @Test
  void formatThenParseRoundTripsEveryDayOfSeveralYears() {
    for (LocalDate date = LocalDate.of(1899, 12, 1); date.isBefore(LocalDate.of(2102, 3, 1));
        date = date.plusDays(1)) {
      Instant instant = date.atTime(13, 14, 15).toInstant(ZoneOffset.UTC);
      String formatted = HttpDates.format(instant);
      assertThat(HttpDates.parse(formatted)).as(formatted).isEqualTo(instant);
    }
  }

  @Test
  void calendarArithmeticAgreesWithJavaTime() {
    for (long day = -800_000; day < 3_000_000; day += 997) {
      LocalDate date = LocalDate.ofEpochDay(day);
      assertThat(HttpDates.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
          .isEqualTo(day);
      long civil = HttpDates.civilFromDays(day);
      assertThat(civil >> 16).isEqualTo(date.getYear());
      assertThat((civil >> 8) & 0xff).isEqualTo(date.getMonthValue());
      assertThat(civil & 0xff).isEqualTo(date.getDayOfMonth());
      assertThat(HttpDates.dayOfWeek(day)).isEqualTo(date.getDayOfWeek().getValue());
    }
  }
}
