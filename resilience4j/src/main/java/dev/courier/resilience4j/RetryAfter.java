package dev.courier.resilience4j;

import java.time.Clock;
import java.time.Duration;

import dev.courier.Response;

/**
 * Reads a response's {@code Retry-After} for the retry: a number of seconds or an HTTP date, as
 * {@link Response#retryAfter} parses it. Only 429 and 503 are read, the statuses for which the
 * header means "come back later"; on a redirect it means something else.
 */
final class RetryAfter {
  /** Returned when there is no usable header. */
  static final long NONE = -1;

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
    // Junk falls back to the Retry's own backoff.
    Duration delay = response.retryAfter(clock.instant());
    return delay == null ? NONE : delay.toMillis();
  }
}
