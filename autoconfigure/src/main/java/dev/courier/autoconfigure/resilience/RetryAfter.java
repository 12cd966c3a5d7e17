package dev.courier.autoconfigure.resilience;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import dev.courier.Response;

/**
 * Reads a response's {@code Retry-After} (RFC 9110 §10.2.3): a number of seconds, or an HTTP date
 * in the preferred IMF-fixdate form. Only 429 and 503 are read, the statuses for which the header
 * means "come back later"; on a redirect it means something else.
 */
final class RetryAfter {
  /** Returned when there is no usable header. */
  static final long NONE = -1;

  // Bounds what a header can ask for, so that the arithmetic below cannot overflow.
  private static final long MAX_SECONDS = 100L * 365 * 24 * 60 * 60;

  private RetryAfter() {
  }

  /**
   * Returns how many milliseconds {@code response} asks the client to wait before trying again,
   * or {@link #NONE} if it does not say or says it in a form this does not read. A date in the
   * past means no wait.
   */
  static long delayMillis(Response response, Clock clock) {
    int code = response.code();
    if (code != 429 && code != 503) return NONE;
    String value = response.header("Retry-After");
    if (value == null) return NONE;
    value = value.trim();
    if (value.isEmpty()) return NONE;
    if (isDigits(value)) {
      if (value.length() > 10) return MAX_SECONDS * 1000;
      return Math.min(Long.parseLong(value), MAX_SECONDS) * 1000;
    }
    try {
      long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant().toEpochMilli();
      return Math.max(0, at - clock.millis());
    } catch (DateTimeParseException e) {
      return NONE; // An obsolete date form or junk: fall back to the Retry's own backoff.
    }
  }

  private static boolean isDigits(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
}
