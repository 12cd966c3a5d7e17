package dev.courier;

import java.time.Duration;

/**
 * Checks shared by the service settings ({@link LoadBalancing}, {@link OutlierDetection},
 * {@link Hedging}), so each rejects bad input with the same kind of message naming the setting.
 */
final class Settings {
  /** The longest duration a service setting accepts; anything longer is surely a mistake. */
  static final Duration MAX_DURATION = Duration.ofDays(1);

  private Settings() {
  }

  /**
   * Returns {@code value} if it is a duration a setting may hold.
   *
   * @throws IllegalArgumentException naming {@code name} if it is null, negative, zero when
   *     {@code zeroAllowed} is false, or longer than a day
   */
  static Duration checkDuration(String name, Duration value, boolean zeroAllowed) {
    if (value == null) throw new IllegalArgumentException(name + " == null");
    if (value.isNegative() || (!zeroAllowed && value.isZero())) {
      throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or " : "")
          + "positive: " + value);
    }
    if (value.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION + ": " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is a percentage from 0 to 100.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  static int checkPercent(String name, int value) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(name + " must be from 0 to 100: " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is a count of consecutive failures: 0 (off) or more.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  static int checkCount(String name, int value) {
    if (value < 0) throw new IllegalArgumentException(name + " must be 0 (off) or more: " + value);
    return value;
  }
}
