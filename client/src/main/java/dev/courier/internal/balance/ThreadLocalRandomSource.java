package dev.courier.internal.balance;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The production random source: each call draws from the calling thread's
 * {@link ThreadLocalRandom}, so concurrent picks never contend on one generator. (Holding the
 * object {@code ThreadLocalRandom.current()} returns and using it from other threads is not
 * allowed; this class asks for the current one on every draw.)
 */
final class ThreadLocalRandomSource implements RandomGenerator {
  static final ThreadLocalRandomSource INSTANCE = new ThreadLocalRandomSource();

  private ThreadLocalRandomSource() {
  }

  @Override
  public long nextLong() {
    return ThreadLocalRandom.current().nextLong();
  }

  @Override
  public int nextInt(int bound) {
    return ThreadLocalRandom.current().nextInt(bound);
  }

  @Override
  public double nextDouble() {
    return ThreadLocalRandom.current().nextDouble();
  }
}
