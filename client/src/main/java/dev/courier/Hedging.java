package dev.courier;

import java.time.Duration;
import java.util.Objects;

/**
 * Hedged requests for a {@link ServiceInstances service}: when an attempt has no response after a
 * delay, a second attempt of the same request goes to another instance; the first response wins
 * and the other attempt is canceled. This cuts the latency tail that one slow instance causes.
 *
 * <p>The delay is either fixed, or a percentile of the service's recent response times (time to
 * the response headers, over the last 10 to 20 seconds; no hedge until 50 responses are known).
 * A percentile of 95 hedges about the slowest 5% of calls.
 *
 * <p>Only calls that may safely be sent twice are hedged: idempotent methods (GET, HEAD, OPTIONS,
 * PUT, DELETE, TRACE) whose body, if any, is not one-shot; such a body may be written by two
 * threads at once. A call is hedged at most once, and only when the service has another instance
 * to send it to.
 *
 * <p>The hedge is a call of its own (its {@code EventListener} comes from the client's factory),
 * sent on one of the dispatcher's threads; the delay is timed by Okio's watchdog thread, so
 * hedging starts no thread of its own. The call's application interceptors run once; its retries
 * and redirects run in each attempt. The first response wins: if the hedge's, the call's own
 * attempt is stopped and its connection closed; if the call's own, the hedge is canceled. Either
 * way the loser's response never reaches the caller, and the call ends (its {@code callEnd}) only
 * once both have stopped. If both fail, the call's own failure is thrown, with the hedge's
 * suppressed.
 *
 * <p>Hedges are limited by a budget: over the last 10 seconds, at most {@link #budgetPercent()}
 * hedges per 100 hedgeable calls (10 by default), so that an outage, when every call is slow,
 * never multiplies the load on the service. Past the budget, calls just wait.
 *
 * <pre>{@code
 * Hedging hedging = new Hedging.Builder()
 *     .percentile(95)
 *     .budgetPercent(5)
 *     .build();
 * }</pre>
 *
 * <p>Off by default ({@link #DISABLED}). Immutable.
 */
public final class Hedging {
  /** No hedging. */
  public static final Hedging DISABLED = new Hedging(null, 0, 10);

  private final Duration delay;
  private final double percentile;
  private final int budgetPercent;

  private Hedging(Duration delay, double percentile, int budgetPercent) {
    this.delay = delay;
    this.percentile = percentile;
    this.budgetPercent = budgetPercent;
  }

  /** Returns true if calls are hedged. */
  public boolean isEnabled() {
    return delay != null || percentile > 0;
  }

  /** Returns the fixed delay before a hedge, or null if it is a percentile or hedging is off. */
  public Duration delay() {
    return delay;
  }

  /**
   * Returns the percentile of recent response times after which a call is hedged, such as 95.0,
   * or 0 if the delay is fixed or hedging is off.
   */
  public double percentile() {
    return percentile;
  }

  /** Returns the most hedges per 100 hedgeable calls over the last 10 seconds; 10 by default. */
  public int budgetPercent() {
    return budgetPercent;
  }

  /** Returns a builder holding these settings. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hedging
        && Objects.equals(((Hedging) other).delay, delay)
        && Double.compare(((Hedging) other).percentile, percentile) == 0
        && ((Hedging) other).budgetPercent == budgetPercent;
  }

  @Override
  public int hashCode() {
    return Objects.hash(delay, percentile, budgetPercent);
  }

  @Override
  public String toString() {
    if (!isEnabled()) return "Hedging{disabled}";
    return "Hedging{" + (delay != null ? "delay=" + delay : "percentile=" + percentile)
        + ", budgetPercent=" + budgetPercent + "}";
  }

  /**
   * Builds {@link Hedging} settings. Set either a {@link #delay} or a {@link #percentile}; with
   * neither, hedging is off. Not thread-safe.
   */
  public static final class Builder {
    private Duration delay;
    private double percentile;
    private int budgetPercent = 10;

    /** Creates a builder with hedging off and a 10% budget. */
    public Builder() {
    }

    Builder(Hedging settings) {
      this.delay = settings.delay;
      this.percentile = settings.percentile;
      this.budgetPercent = settings.budgetPercent;
    }

    /**
     * Hedges a call that has no response after {@code delay}; replaces any percentile.
     *
     * @throws IllegalArgumentException if {@code delay} is null, not positive or over a day
     */
    public Builder delay(Duration delay) {
      this.delay = Settings.checkDuration("delay", delay, false);
      this.percentile = 0;
      return this;
    }

    /**
     * Hedges a call that has no response after this percentile of the service's recent response
     * times; replaces any fixed delay.
     *
     * @param percentile more than 0 and less than 100, such as 95 or 99.9
     * @throws IllegalArgumentException if {@code percentile} is out of range
     */
    public Builder percentile(double percentile) {
      if (!(percentile > 0 && percentile < 100)) {
        throw new IllegalArgumentException(
            "percentile must be more than 0 and less than 100: " + percentile);
      }
      this.percentile = percentile;
      this.delay = null;
      return this;
    }

    /**
     * Sets the most hedges per 100 hedgeable calls over the last 10 seconds.
     *
     * @throws IllegalArgumentException if {@code percent} is not from 1 to 100
     */
    public Builder budgetPercent(int percent) {
      if (percent < 1 || percent > 100) {
        throw new IllegalArgumentException("budgetPercent must be from 1 to 100: " + percent);
      }
      this.budgetPercent = percent;
      return this;
    }

    /** Returns the settings. */
    public Hedging build() {
      return new Hedging(delay, percentile, budgetPercent);
    }
  }
}
