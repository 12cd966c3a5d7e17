package dev.courier.autoconfigure.resilience;

import java.io.IOException;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;

/**
 * The config of a retry instance that Courier creates because nobody configured one: the
 * registry's default config, except that the backoff is exponential with jitter. Resilience4j's
 * own default waits a fixed 500ms, which makes every client that failed together retry together;
 * doubling the wait with ±50% jitter spreads them out and backs off from a struggling service.
 */
final class CourierRetryDefaults {
  /** Each wait is twice the one before it. */
  static final double MULTIPLIER = 2.0;
  /** Each wait is drawn from ±50% around its nominal value. */
  static final double RANDOMIZATION_FACTOR = 0.5;

  private CourierRetryDefaults() {
  }

  /**
   * Returns {@code base} with an exponential, randomized backoff whose first wait is
   * {@code base}'s first wait (500ms for Resilience4j's defaults, else its {@code wait-duration}).
   */
  static RetryConfig from(RetryConfig base) {
    long firstWait = base.getIntervalBiFunction()
        .apply(1, Either.left(new IOException("first wait of the default retry config")));
    long initial = firstWait > 0 ? firstWait : IntervalFunction.DEFAULT_INITIAL_INTERVAL;
    return RetryConfig.from(base)
        .intervalFunction(
            IntervalFunction.ofExponentialRandomBackoff(initial, MULTIPLIER, RANDOMIZATION_FACTOR))
        .build();
  }
}
