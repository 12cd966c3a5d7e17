package dev.courier.internal.balance;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import dev.courier.Hedging;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.internal.http.HttpMethod;

/**
 * Decides, for one service, which calls may be hedged, how long to wait before the hedge, and
 * whether the budget allows it. The engine asks {@link #appliesTo} when a call starts (and then
 * {@link #deposit()}s), arms a timer for {@link #delayNanos()}, and when it fires sends a hedge
 * only if {@link #tryWithdraw()} allows and the service has an instance the call has not tried.
 */
public final class HedgePolicy {
  /** How long a percentile delay is reused before it is read again from the histogram. */
  static final long DELAY_REFRESH_NANOS = 1_000_000_000L;

  private final Hedging settings;
  private final LatencyHistogram latencies;
  private final HedgeBudget budget;
  private final LongSupplier clock;
  private final LongAdder hedgesSent = new LongAdder();
  private volatile CachedDelay cachedDelay;

  HedgePolicy(Hedging settings, LatencyHistogram latencies, LongSupplier clock) {
    this.settings = settings;
    this.latencies = latencies;
    this.budget = new HedgeBudget(settings.budgetPercent());
    this.clock = clock;
  }

  /** Returns the settings this policy applies. */
  public Hedging settings() {
    return settings;
  }

  /**
   * Returns true if {@code request} may be hedged: hedging is on, its method is idempotent, and
   * its body, if any, can be sent twice.
   */
  public boolean appliesTo(Request request) {
    if (!settings.isEnabled() || !HttpMethod.isIdempotent(request.method())) return false;
    RequestBody body = request.body();
    return body == null || !body.isOneShot();
  }

  /**
   * Returns how long a call waits for a response before it is hedged, in nanoseconds, or -1 if it
   * is not hedged because too few response times are known for the percentile.
   */
  public long delayNanos() {
    if (settings.delay() != null) return settings.delay().toNanos();
    long now = clock.getAsLong();
    CachedDelay cached = cachedDelay;
    if (cached == null || now - cached.computedAtNanos >= DELAY_REFRESH_NANOS) {
      cached = new CachedDelay(now, latencies.percentileNanos(settings.percentile(), now));
      cachedDelay = cached;
    }
    return cached.delayNanos;
  }

  /** Counts a hedgeable call toward the budget; call once per call that {@link #appliesTo}. */
  public void deposit() {
    budget.deposit(clock.getAsLong());
  }

  /** Takes one hedge from the budget; returns false if the budget is spent. */
  public boolean tryWithdraw() {
    return budget.tryWithdraw(clock.getAsLong());
  }

  /** Counts a hedge that was sent: the budget allowed it and a dispatcher thread took it. */
  public void recordHedge() {
    hedgesSent.increment();
  }

  /** Returns how many hedges were sent since the service was built. */
  public long hedgeCount() {
    return hedgesSent.sum();
  }

  /** A percentile read at one time. Immutable, so readers never see half of an update. */
  private static final class CachedDelay {
    final long computedAtNanos;
    final long delayNanos;

    CachedDelay(long computedAtNanos, long delayNanos) {
      this.computedAtNanos = computedAtNanos;
      this.delayNanos = delayNanos;
    }
  }
}
