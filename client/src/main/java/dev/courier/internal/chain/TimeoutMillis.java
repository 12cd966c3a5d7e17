package dev.courier.internal.chain;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Validates timeouts given by users and converts them to the int milliseconds sockets take: 0
 * means none; negative, sub-millisecond and larger-than-int values are refused with the name of
 * the setting.
 */
public final class TimeoutMillis {
  private TimeoutMillis() {
  }

  /**
   * Returns {@code timeout} in milliseconds.
   *
   * @throws IllegalArgumentException naming {@code name} and the value, if it is invalid
   */
  public static int check(String name, long timeout, TimeUnit unit) {
    if (unit == null) throw new IllegalArgumentException(name + " unit == null");
    if (timeout < 0) throw new IllegalArgumentException(name + " < 0: " + timeout + " " + unit);
    long millis = unit.toMillis(timeout);
    if (millis > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " too large: " + timeout + " " + unit
          + " (at most " + Integer.MAX_VALUE + " ms)");
    }
    if (millis == 0 && timeout > 0) {
      throw new IllegalArgumentException(name + " too small: " + timeout + " " + unit
          + " (at least 1 ms, or 0 for none)");
    }
    return (int) millis;
  }

  /**
   * Returns {@code timeout} in milliseconds.
   *
   * @throws IllegalArgumentException naming {@code name} and the value, if it is invalid
   */
  public static int check(String name, Duration timeout) {
    if (timeout == null) throw new IllegalArgumentException(name + " == null");
    if (timeout.isNegative()) throw new IllegalArgumentException(name + " < 0: " + timeout);
    long millis;
    try {
      millis = timeout.toMillis();
    } catch (ArithmeticException e) {
      millis = Long.MAX_VALUE;
    }
    if (millis > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " too large: " + timeout
          + " (at most " + Integer.MAX_VALUE + " ms)");
    }
    if (millis == 0 && !timeout.isZero()) {
      throw new IllegalArgumentException(name + " too small: " + timeout
          + " (at least 1 ms, or 0 for none)");
    }
    return (int) millis;
  }
}
