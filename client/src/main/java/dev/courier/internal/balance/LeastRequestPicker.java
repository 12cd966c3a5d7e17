package dev.courier.internal.balance;

import java.util.random.RandomGenerator;

/**
 * Power of two choices: samples two distinct instances and takes the cheaper, by {@link
 * Instance#cost}: in-flight attempts times latency. Sampling two at random, rather than scanning
 * for the least loaded, is nearly as good (Mitzenmacher) and keeps many clients from herding onto
 * the same idle instance.
 *
 * <p>Slow start shapes the sampling: a warming instance is kept as a candidate only with
 * probability equal to its weight, so it is offered, and picked, in proportion to its weight.
 */
final class LeastRequestPicker implements Picker {
  /** Sampling tries before falling back to a scan; only hit when most instances are avoided. */
  private static final int MAX_SAMPLES = 16;

  private final RandomGenerator random;

  LeastRequestPicker(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public Instance pick(Instance[] pool, int warming, TriedInstances avoid, long now) {
    if (pool.length == 1) return pool[0];
    boolean weigh = warming > 0 && warming < pool.length;
    Instance first = sample(pool, avoid, null, weigh, now);
    Instance second = sample(pool, avoid, first, weigh, now);
    if (second == null) return first; // Nothing else may be picked.
    return second.cost(now) < first.cost(now) ? second : first;
  }

  /** Returns a random instance of {@code pool} that is neither avoided nor {@code other}. */
  private Instance sample(Instance[] pool, TriedInstances avoid, Instance other, boolean weigh,
      long now) {
    int n = pool.length;
    for (int i = 0; i < MAX_SAMPLES; i++) {
      Instance candidate = pool[random.nextInt(n)];
      if (candidate == other || (avoid != null && avoid.contains(candidate))) continue;
      if (weigh && random.nextDouble() >= candidate.weight(now)) continue;
      return candidate;
    }
    // Unlucky, or few instances allowed: the first allowed one from a random start.
    int start = random.nextInt(n);
    for (int i = 0; i < n; i++) {
      Instance candidate = pool[(start + i) % n];
      if (candidate != other && (avoid == null || !avoid.contains(candidate))) return candidate;
    }
    return null;
  }

  @Override
  public String toString() {
    return "LeastRequestPicker";
  }
}
