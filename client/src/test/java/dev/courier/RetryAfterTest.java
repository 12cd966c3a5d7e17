package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** {@link Response#retryAfter}: seconds, every HTTP date form, and what is not read. */
class RetryAfterTest {
  private final Instant now = Instant.parse("1994-11-06T08:49:00Z");

  private static Response response(String retryAfter) {
    Response.Builder builder = new Response.Builder()
        .request(new Request.Builder().url("http://example.com/").build())
        .protocol(Protocol.HTTP_1_1).code(503).message("Service Unavailable")
        .body(ResponseBody.create("", null));
    if (retryAfter != null) builder.header("Retry-After", retryAfter);
    return builder.build();
  }

  @Test
  void secondsAreADelay() {
    assertThat(response("120").retryAfter(now)).isEqualTo(Duration.ofSeconds(120));
    assertThat(response(" 0 ").retryAfter(now)).isEqualTo(Duration.ZERO);
  }

  @Test
  void everyHttpDateFormIsTheTimeUntilIt() {
    Duration expected = Duration.ofSeconds(37);
    assertThat(response("Sun, 06 Nov 1994 08:49:37 GMT").retryAfter(now)).isEqualTo(expected);
    assertThat(response("Sunday, 06-Nov-94 08:49:37 GMT").retryAfter(now)).isEqualTo(expected);
    assertThat(response("Sun Nov  6 08:49:37 1994").retryAfter(now)).isEqualTo(expected);
  }

  @Test
  void aDateInThePastMeansNoWait() {
    assertThat(response("Sun, 06 Nov 1994 08:00:00 GMT").retryAfter(now)).isEqualTo(Duration.ZERO);
  }

  @Test
  void hugeValuesAreCappedWithoutOverflow() {
    Duration capped = response("99999999999999999999").retryAfter(now);
    assertThat(capped).isGreaterThan(Duration.ofDays(365 * 99)).isLessThan(Duration.ofDays(366 * 101));
  }

  @Test
  void absentNegativeOrJunkIsNull() {
    assertThat(response(null).retryAfter(now)).isNull();
    assertThat(response("").retryAfter(now)).isNull();
    assertThat(response("-5").retryAfter(now)).isNull();
    assertThat(response("1.5").retryAfter(now)).isNull();
    assertThat(response("soon").retryAfter(now)).isNull();
    assertThat(response("Sun, 31 Nov 1994 08:49:37 GMT").retryAfter(now)).isNull();
  }
}
