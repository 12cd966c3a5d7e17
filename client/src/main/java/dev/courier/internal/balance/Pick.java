package dev.courier.internal.balance;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.courier.HttpUrl;

/**
 * One attempt sent to one instance: holds the instance's in-flight slot from the pick until
 * {@link #finish()}, and carries the attempt's outcome back to the balancer.
 *
 * <p>The engine reports at most one outcome per attempt, from the engine itself: {@link
 * #responded(int)} with the final status when the response headers arrive, or {@link
 * #failed(LocalFailure)} when the attempt failed without a response. An attempt that was canceled
 * (the call was, or it lost a hedge race) reports no outcome: that says nothing about the
 * instance. Then {@link #finish()} when the attempt no longer uses the instance, once the response
 * body is consumed or the exchange abandoned. Each of these takes effect once; repeats are
 * ignored, in any order, from any thread.
 */
public final class Pick {
  private static final int OUTCOME_REPORTED = 1;
  private static final int FINISHED = 2;
  private static final AtomicIntegerFieldUpdater<Pick> STATE =
      AtomicIntegerFieldUpdater.newUpdater(Pick.class, "state");

  private final RealServiceInstances service;
  final Instance instance;
  final long startNanos;
  /** The instance's ejection count at the pick; a later ejection makes this outcome stale. */
  final int ejectionsAtPick;
  private final Object context;
  private volatile int state;

  Pick(RealServiceInstances service, Instance instance, long startNanos, Object context) {
    this.service = service;
    this.instance = instance;
    this.startNanos = startNanos;
    this.ejectionsAtPick = instance.ejections;
    this.context = context;
  }

  /** Returns the name of the service this attempt goes to. */
  public String serviceName() {
    return service.name();
  }

  /** Returns the instance this attempt goes to: scheme, host and port, with the path {@code /}. */
  public HttpUrl url() {
    return instance.url;
  }

  /** Returns what the caller passed to the pick to identify the attempt, such as its call. */
  public Object context() {
    return context;
  }

  /**
   * Reports the final status of the response: its latency (from the pick) feeds the balancer and
   * the hedging percentile, and its status the outlier detector.
   */
  public void responded(int code) {
    if (!markOnce(OUTCOME_REPORTED)) return;
    service.responded(this, code);
  }

  /** Reports that the attempt failed without a response from the instance. */
  public void failed(LocalFailure failure) {
    if (!markOnce(OUTCOME_REPORTED)) return;
    service.failed(this, failure);
  }

  /** Gives back the in-flight slot: the attempt no longer uses the instance. */
  public void finish() {
    if (!markOnce(FINISHED)) return;
    instance.inFlight.decrementAndGet();
  }

  /** Returns true once {@link #finish()} was called. */
  public boolean isFinished() {
    return (state & FINISHED) != 0;
  }

  /** Sets {@code bit} in the state; returns false if it was already set. */
  private boolean markOnce(int bit) {
    while (true) {
      int current = state;
      if ((current & bit) != 0) return false;
      if (STATE.compareAndSet(this, current, current | bit)) return true;
    }
  }

  @Override
  public String toString() {
    return "Pick{" + service.name() + " -> " + instance + "}";
  }
}
