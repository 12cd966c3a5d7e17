package dev.courier.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CookieDatesTest {

  private static long parse(String value) {
    return CookieDates.parse(value, 0, value.length());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Wed, 09 Jun 2021 10:18:14 GMT|2021-06-09T10:18:14Z",
      "Wednesday, 09-Jun-21 10:18:14 GMT|2021-06-09T10:18:14Z",
      "Wed Jun  9 10:18:14 2021|2021-06-09T10:18:14Z",
      "Wed Jun 09 2021 10:18:14 GMT+0200 (CEST)|2021-06-09T10:18:14Z",
      "2021 Jun 9 10:18:14|2021-06-09T10:18:14Z",
      "9 june 2021 1:2:3|2021-06-09T01:02:03Z",
      "09-JUNE-2021 10:18:14|2021-06-09T10:18:14Z",
      "Thu, 01 Jan 1970 00:00:00 GMT|1970-01-01T00:00:00Z",
      "Thu, 01-Jan-70 00:00:01 GMT|1970-01-01T00:00:01Z",
      "Sat, 01-Jan-00 00:00:00 GMT|2000-01-01T00:00:00Z",
      "Sun, 01-Jan-69 00:00:00 GMT|2069-01-01T00:00:00Z",
      "Fri, 31 Dec 9999 23:59:59 GMT|9999-12-31T23:59:59Z",
      "Mon, 01 Jan 1601 00:00:00 GMT|1601-01-01T00:00:00Z",
      "Tue, 29 Feb 2000 12:00:00 GMT|2000-02-29T12:00:00Z",
      "10:18:14 2021 jun 09|2021-06-09T10:18:14Z",
      "Wed, 09 Jun 2021 10:18:14 GMT; extra|2021-06-09T10:18:14Z",
      "09th Jun 2021 10:18:14z|2021-06-09T10:18:14Z",
      "Jun 09 10:18:14 21|2021-06-09T10:18:14Z"})
  void parses(String value, String expected) {
    assertThat(parse(value)).isEqualTo(Instant.parse(expected).toEpochMilli());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "tomorrow", "Wed, 09 Jun 2021", "Wed, Jun 2021 10:18:14 GMT", "09 2021 10:18:14",
      "Wed, 09 Foo 2021 10:18:14 GMT", "Wed, 32 Jun 2021 10:18:14 GMT",
      "Wed, 00 Jun 2021 10:18:14 GMT", "Wed, 31 Jun 2021 10:18:14 GMT",
      "Tue, 29 Feb 2001 12:00:00 GMT", "Wed, 09 Jun 1600 10:18:14 GMT",
      "Wed, 09 Jun 2021 24:00:00 GMT", "Wed, 09 Jun 2021 10:60:00 GMT",
      "Wed, 09 Jun 2021 10:18:60 GMT", "Wed, 09 Jun 2021 25:00:00 GMT",
      "Wed, 09 Jun 12021 10:18:14 GMT", "Wed, 123 Jun 2021 10:18:14 GMT",
      "Wed, 09 Jun 2021 100:18:14 GMT"})
  void invalid(String value) {
    assertThat(parse(value)).isEqualTo(CookieDates.INVALID);
  }

  @org.junit.jupiter.api.Test
  void range() {
    String value = "xxWed, 09 Jun 2021 10:18:14 GMTxx";
    assertThat(CookieDates.parse(value, 2, value.length() - 2))
        .isEqualTo(Instant.parse("2021-06-09T10:18:14Z").toEpochMilli());
  }
}
