package dev.courier.internal.balance;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Takes the instances in turn, from a random starting point. An avoided instance is skipped. A
 * warming instance keeps its turn with probability equal to its weight; a turn it gives up goes
 * to a random instance at full weight, not to the next in line, which would then take two turns.
 */
final class RoundRobinPicker implements Picker {
  private static final int MAX_SAMPLES = 16;

  private final RandomGenerator random;
  private final AtomicInteger next;

  RoundRobinPicker(RandomGenerator random) {
    this.random = random;
    this.next = new AtomicInteger(random.nextInt(Integer.MAX_VALUE));
  }

  @Override
  public Instance pick(Instance[] pool, int warming, TriedInstances avoid, long now) {
    int n = pool.length;
    int start = next.getAndIncrement();
    boolean weigh = warming > 0 && warming < n;
    for (int i = 0; i < n; i++) {
      Instance candidate = pool[Math.floorMod(start + i, n)];
      if (avoid != null && avoid.contains(candidate)) continue;
      if (weigh && random.nextDouble() >= candidate.weight(now)) {
        Instance stand = warmRandom(pool, avoid, now);
        if (stand != null) return stand;
      }
      return candidate;
    }
    return pool[Math.floorMod(start, n)]; // Unreachable: the caller leaves one not avoided.
  }

  /** Returns a random instance at full weight that is not avoided, or null if none is found. */
  private Instance warmRandom(Instance[] pool, TriedInstances avoid, long now) {
    for (int i = 0; i < MAX_SAMPLES; i++) {
      Instance candidate = pool[random.nextInt(pool.length)];
      if (candidate.isWarming(now) || (avoid != null && avoid.contains(candidate))) continue;
      return candidate;
    }
    return null;
  }

  @Override
  public String toString() {
    return "RoundRobinPicker";
  }
}
