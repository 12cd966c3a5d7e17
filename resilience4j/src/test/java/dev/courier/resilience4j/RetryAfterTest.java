package dev.courier.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.ResponseBody;

/** Reading Retry-After: seconds, dates, and what is ignored. */
class RetryAfterTest {
  private final Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

  private static Response response(int code, String retryAfter) {
    Response.Builder builder = new Response.Builder()
        .request(new Request.Builder().url("http://catalog/items").build())
        .protocol(Protocol.HTTP_1_1).code(code).message("")
        .body(ResponseBody.create("", null));
    if (retryAfter != null) builder.header("Retry-After", retryAfter);
    return builder.build();
  }

  @Test
  void whenSecondsThenMilliseconds() {
    assertThat(RetryAfter.delayMillis(response(503, "7"), clock)).isEqualTo(7_000);
    assertThat(RetryAfter.delayMillis(response(429, " 0 "), clock)).isZero();
  }

  @Test
  void whenDateThenTimeUntilIt() {
    assertThat(RetryAfter.delayMillis(response(503, "Sun, 01 Jun 2025 12:00:30 GMT"), clock))
        .isEqualTo(30_000);
    assertThat(RetryAfter.delayMillis(response(503, "Sun, 01 Jun 2025 11:00:00 GMT"), clock))
        .isZero();
  }

  @Test
  void whenObsoleteDateFormThenTimeUntilIt() {
    assertThat(RetryAfter.delayMillis(response(503, "Sunday, 01-Jun-25 12:00:30 GMT"), clock))
        .isEqualTo(30_000);
    assertThat(RetryAfter.delayMillis(response(429, "Sun Jun  1 12:00:30 2025"), clock))
        .isEqualTo(30_000);
  }

  @Test
  void whenHugeThenCappedWithoutOverflow() {
    assertThat(RetryAfter.delayMillis(response(503, "99999999999999999999"), clock))
        .isGreaterThan(1_000_000_000L);
  }

  @Test
  void whenAbsentJunkOrAnotherStatusThenNone() {
    assertThat(RetryAfter.delayMillis(response(503, null), clock)).isEqualTo(RetryAfter.NONE);
    assertThat(RetryAfter.delayMillis(response(503, "soon"), clock)).isEqualTo(RetryAfter.NONE);
    assertThat(RetryAfter.delayMillis(response(503, "-5"), clock)).isEqualTo(RetryAfter.NONE);
    assertThat(RetryAfter.delayMillis(response(301, "5"), clock)).isEqualTo(RetryAfter.NONE);
    assertThat(RetryAfter.delayMillis(response(502, "5"), clock)).isEqualTo(RetryAfter.NONE);
  }
}
