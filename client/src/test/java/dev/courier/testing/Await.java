package dev.courier.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that no event announces (a thread exiting, a collector running), checking
 * it until a deadline. Not a substitute for latches where the code offers an event.
 */
public final class Await {
  private Await() {
  }

  /** Returns once {@code condition} holds; fails with {@code description} after 10 s. */
  public static void until(String description, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + description);
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  /** Returns the live threads whose names start with {@code prefix}. */
  public static java.util.Set<Thread> liveThreads(String prefix) {
    java.util.Set<Thread> result = new java.util.HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().startsWith(prefix)) result.add(thread);
    }
    return result;
  }

  /** Returns the names of live threads starting with {@code prefix} that are not in {@code before}. */
  public static java.util.List<String> newLiveThreads(String prefix,
      java.util.Set<Thread> before) {
    return liveThreads(prefix).stream()
        .filter(thread -> !before.contains(thread))
        .map(Thread::getName)
        .sorted()
        .toList();
  }
}
