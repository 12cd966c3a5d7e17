package dev.courier.demo;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that no event announces (an ejection ending), checking it until a
 * deadline, as the engine's tests do.
 */
final class Await {
  private Await() {
  }

  /** Returns once {@code condition} holds; fails with {@code description} after 20 s. */
  static void until(String description, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + description);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
