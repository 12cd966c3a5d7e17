package dev.courier.internal.balance;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.courier.HttpUrl;

/**
 * One attempt sent to one instance: holds the instance's in-flight slot from the pick until
 * {@link #finish()}, and carries the attempt's outcome back to the balancer.
 *
 * <p>The engine reports at most one outcome per attempt, from the engine itself: {@link
 * #responded} with the final status when the response headers arrive, or {@link #failed} when the
 * attempt failed without a response. An attempt that was canceled (the call was, or its hedge
 * answered first) reports no outcome: that says nothing about the instance; an attempt abandoned
 * because its hedge answered first may report {@link #outlasted()} instead. Then {@link
 * #finish()} when the attempt no longer uses the instance, once the response body is consumed or
 * the exchange abandoned. Each of these takes effect once; repeats are ignored, in any order, from
 * any thread.
 *
 * <p>A pick holds nothing of the call that made it, so the engine may keep it where a leaked
 * call's connection is found (the connection pool) and finish it there: a call whose response body
 * was never closed can still be collected, and its slot is given back.
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
  private volatile int state;

  Pick(RealServiceInstances service, Instance instance, long startNanos) {
    this.service = service;
    this.instance = instance;
    this.startNanos = startNanos;
    this.ejectionsAtPick = instance.ejections;
  }

  /** Returns the name of the service this attempt goes to. */
  public String serviceName() {
    return service.name();
  }

  /** Returns the instance this attempt goes to: scheme, host and port, with the path {@code /}. */
  public HttpUrl url() {
    return instance.url;
  }

  /** Reports the final status of the response; see {@link #responded(int, BalancerListener)}. */
  public void responded(int code) {
    responded(code, null);
  }

  /**
   * Reports the final status of the response: its latency (from the pick) feeds the balancer and
   * the hedging percentile, and its status the outlier detector.
   *
   * @param attemptListener hears the ejection this outcome causes, if any; may be null
   */
  public void responded(int code, BalancerListener attemptListener) {
    if (!markOnce(OUTCOME_REPORTED)) return;
    service.responded(this, code, attemptListener);
  }

  /** Reports a failure without a response; see {@link #failed(LocalFailure, BalancerListener)}. */
  public void failed(LocalFailure failure) {
    failed(failure, null);
  }

  /**
   * Reports that the attempt failed without a response from the instance.
   *
   * @param attemptListener hears the ejection this outcome causes, if any; may be null
   */
  public void failed(LocalFailure failure, BalancerListener attemptListener) {
    if (!markOnce(OUTCOME_REPORTED)) return;
    service.failed(this, failure, attemptListener);
  }

  /**
   * Reports that the attempt was abandoned without a response because another attempt of the call
   * (its hedge) answered first. The time it waited is a lower bound on the instance's response
   * time: it raises the instance's latency if it is higher, and counts in the service's latency
   * percentile, which would otherwise only ever see the attempts that beat their hedges. It counts
   * toward no ejection.
   */
  public void outlasted() {
    if (!markOnce(OUTCOME_REPORTED)) return;
    service.outlasted(this);
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
