package dev.courier.resilience4j;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Caps the retries to one service at a fraction of its requests, over a sliding window, so that
 * retries cannot multiply the load on a service that is already failing. With the defaults, over
 * any 10 seconds there are at most {@code 10 + 0.2 × requests} retries: a healthy, busy service
 * may retry one request in five, a quiet one still a few, and an outage adds at most 20% to the
 * traffic instead of the {@code max-attempts}-fold a plain retry would.
 *
 * <p>The window is kept as ten buckets, so it slides in steps of a tenth of its length. Shared by
 * all calls to a service; thread-safe.
 */
public final class RetryBudget {
  /** Default fraction of requests that may be retried: 0.2. */
  public static final double DEFAULT_RATIO = 0.2;
  /** Default window over which requests and retries are counted: 10 seconds. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
  /** Default retries allowed in every window whatever the traffic: 10. */
  public static final int DEFAULT_MIN_RETRIES = 10;

  private static final int BUCKETS = 10;

  private final double ratio;
  private final Duration window;
  private final int minRetries;
  private final LongSupplier nanoTime;
  private final long bucketNanos;

  // Guarded by this. Bucket i holds the counts of the time slot whose number is epochs[i].
  private final long[] epochs = new long[BUCKETS];
  private final long[] requests = new long[BUCKETS];
  private final long[] retries = new long[BUCKETS];

  RetryBudget(double ratio, Duration window, int minRetries, LongSupplier nanoTime) {
    if (!(ratio >= 0) || Double.isInfinite(ratio)) {
      throw new IllegalArgumentException("ratio must be a finite number >= 0: " + ratio);
    }
    if (window.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("window must be at least 1ms: " + window);
    }
    if (minRetries < 0) throw new IllegalArgumentException("minRetries < 0: " + minRetries);
    this.ratio = ratio;
    this.window = window;
    this.minRetries = minRetries;
    this.nanoTime = nanoTime;
    this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
    Arrays.fill(epochs, Long.MIN_VALUE);
  }

  /**
   * Returns a budget.
   *
   * @param ratio retries allowed per request, such as 0.2 for one in five
   * @param window how far back requests and retries are counted
   * @param minRetries retries allowed in every window whatever the traffic, so that a quiet
   *     service can still retry
   * @throws IllegalArgumentException if {@code ratio} is negative or not finite, {@code window}
   *     is under 1ms or {@code minRetries} is negative
   */
  public static RetryBudget of(double ratio, Duration window, int minRetries) {
    return new RetryBudget(ratio, window, minRetries, System::nanoTime);
  }

  /** Returns a budget with the defaults: 20% of requests, plus 10, per 10 seconds. */
  public static RetryBudget ofDefaults() {
    return of(DEFAULT_RATIO, DEFAULT_WINDOW, DEFAULT_MIN_RETRIES);
  }

  /** Returns the retries allowed per request. */
  public double ratio() {
    return ratio;
  }

  /** Returns how far back requests and retries are counted. */
  public Duration window() {
    return window;
  }

  /** Returns the retries allowed in every window whatever the traffic. */
  public int minRetries() {
    return minRetries;
  }

  /** Counts one request (a first attempt) to the service. */
  public synchronized void recordRequest() {
    requests[bucket(epoch())]++;
  }

  /**
   * Takes one retry from the budget if it has one left, and returns whether it did. A caller that
   * then does not retry after all gives it back with {@link #releaseRetry()}.
   */
  public synchronized boolean tryAcquireRetry() {
    long now = epoch();
    int current = bucket(now);
    // The epsilon keeps 0.2 × 5 requests worth one retry despite binary fractions.
    if (allowance(now) < 1 - 1e-9) return false;
    retries[current]++;
    return true;
  }

  /** Gives back a retry taken with {@link #tryAcquireRetry()} that was not made. */
  public synchronized void releaseRetry() {
    int current = bucket(epoch());
    if (retries[current] > 0) retries[current]--;
  }

  /** Returns the retries the budget allows right now. */
  public synchronized int availableRetries() {
    long now = epoch();
    bucket(now);
    return (int) Math.max(0, Math.floor(allowance(now) + 1e-9));
  }

  /** Returns the retries left in the window ending at time slot {@code now}; may be negative. */
  private double allowance(long now) {
    long requestCount = 0;
    long retryCount = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (epochs[i] > now - BUCKETS) {
        requestCount += requests[i];
        retryCount += retries[i];
      }
    }
    return minRetries + ratio * requestCount - retryCount;
  }

  private long epoch() {
    return Math.floorDiv(nanoTime.getAsLong(), bucketNanos);
  }

  /** Returns the index of the bucket of time slot {@code epoch}, emptying it if it is stale. */
  private int bucket(long epoch) {
    int index = (int) Math.floorMod(epoch, (long) BUCKETS);
    if (epochs[index] != epoch) {
      epochs[index] = epoch;
      requests[index] = 0;
      retries[index] = 0;
    }
    return index;
  }

  @Override
  public String toString() {
    return "RetryBudget{ratio=" + ratio + ", window=" + window + ", minRetries=" + minRetries + "}";
  }
}
