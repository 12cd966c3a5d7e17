package dev.courier.internal.http;

import java.time.Instant;

/**
 * Reads a {@code Retry-After} value (RFC 9110 §10.2.3): a number of seconds (delay-seconds) or an
 * HTTP date, in any form {@link HttpDates} reads, the obsolete RFC 850 and asctime ones included.
 * The one parser of the header: the engine reads only the seconds, to retry a 503 at once when it
 * says {@code 0}; {@link dev.courier.Response#retryAfter} reads both forms for everyone else.
 */
public final class RetryAfterHeader {
  /** Returned for a value that is not in the form asked for. */
  public static final long NONE = -1;
  /** The longest wait read, about a century; larger values are capped so nothing overflows. */
  public static final long MAX_SECONDS = 100L * 365 * 24 * 60 * 60;

  private RetryAfterHeader() {
  }

  /**
   * Returns the seconds {@code value} asks to wait, capped at {@link #MAX_SECONDS}, or
   * {@link #NONE} if it is not a number of seconds (a date, a negative number or junk).
   */
  public static long seconds(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty()) return NONE;
    long seconds = 0;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c < '0' || c > '9') return NONE;
      seconds = Math.min(seconds * 10 + (c - '0'), MAX_SECONDS);
    }
    return seconds;
  }

  /**
   * Returns the milliseconds {@code value} asks to wait from {@code nowMillis}: its seconds, or the
   * time until its date (0 for a date in the past), capped at {@link #MAX_SECONDS}; {@link #NONE}
   * if it is neither.
   */
  public static long delayMillis(String value, long nowMillis) {
    long seconds = seconds(value);
    if (seconds != NONE) return seconds * 1000;
    Instant date = HttpDates.parse(value);
    if (date == null) return NONE;
    return Math.min(Math.max(0, date.toEpochMilli() - nowMillis), MAX_SECONDS * 1000);
  }
}
