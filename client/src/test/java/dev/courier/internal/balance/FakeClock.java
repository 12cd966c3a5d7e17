package dev.courier.internal.balance;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A nanosecond clock that moves only when a test says so. It starts below zero, as
 * {@link System#nanoTime()} may, so that arithmetic on times is tested across the sign.
 */
final class FakeClock implements LongSupplier {
  private volatile long nanos = -7_777_777_777_777L;

  @Override
  public long getAsLong() {
    return nanos;
  }

  void advance(Duration duration) {
    nanos += duration.toNanos();
  }

  void advanceMillis(long millis) {
    nanos += millis * 1_000_000L;
  }
}
