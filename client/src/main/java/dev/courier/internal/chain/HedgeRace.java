package dev.courier.internal.chain;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.balance.HedgePolicy;
import dev.courier.internal.balance.RealServiceInstances;
import okio.AsyncTimeout;

/**
 * One hedgeable call racing its hedge. The call's own attempts (the primary) run on the caller's
 * thread as usual; this timer, on Okio's watchdog thread, fires after the service's hedging delay
 * and, if the primary has no response yet, the service has an instance the call has not tried and
 * the budget allows, starts a hedge: the same request as a call of its own
 * ({@link RealCall#newHedge}) on one of the dispatcher's threads, wrapped by the dispatcher's
 * task decorator as an enqueued call is, so it runs in the call's context. So a call that is not
 * hedged costs no thread, and one that is costs one.
 *
 * <p>The first of the two to have a response wins. If the primary wins, the hedge is canceled. If
 * the hedge wins, the primary's attempt is abandoned ({@link RealCall#abandonAttempt()}): its
 * exchange is stopped without canceling the call, which the hedge's response now answers. A
 * loser's response, if one arrives anyway, is closed here and never reaches the caller; a loser's
 * connection is closed by its cancellation, never reused half-read. If the primary fails while the
 * hedge runs, the hedge may still answer; if both fail, the primary's failure is thrown with the
 * hedge's suppressed.
 *
 * <p>The state changes under this object's lock; nothing blocks under it but the primary's wait
 * for the hedge, which releases it.
 */
final class HedgeRace extends AsyncTimeout {
  private static final System.Logger LOGGER = System.getLogger("dev.courier.Call");

  /** No hedge yet; the primary is running. */
  private static final int WAITING = 0;
  /** The primary answered (or failed) before any hedge: none will start. */
  private static final int UNHEDGED = 1;
  /** A hedge is running beside the primary. */
  private static final int HEDGING = 2;
  private static final int PRIMARY_WON = 3;
  private static final int HEDGE_WON = 4;

  private final RealCall call;
  private final RealServiceInstances service;
  private final Request request;
  private final long delayNanos;
  /** What a dispatcher thread runs to start the hedge, decorated on the call's thread. */
  private final Runnable hedgeTask;

  // Guarded by this.
  private int state = WAITING;
  private RealCall hedge;
  private boolean hedgeDone;
  private Response hedgeResponse;
  private IOException hedgeFailure;

  HedgeRace(RealCall call, RealServiceInstances service, Request request, long delayNanos) {
    this.call = call;
    this.service = service;
    this.request = request;
    // A delay of zero (every known response was instant) means hedging at once, not never.
    this.delayNanos = Math.max(1L, delayNanos);
    // Decorated now, on the call's thread, whose context the dispatcher's decorator captures;
    // a race that never hedges drops it unrun.
    this.hedgeTask = call.decorateHedge(this::runHedge);
    timeout(this.delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Runs the primary down {@code chain}, hedging it if it is slow; returns the winner. */
  Response run(Interceptor.Chain chain) throws IOException {
    call.startRace(this);
    enter();
    Response primary;
    try {
      primary = chain.proceed(request);
    } catch (IOException e) {
      exit();
      return primaryFailed(e);
    } catch (RuntimeException | Error e) {
      exit();
      primaryStands();
      throw e;
    }
    exit();
    return primaryResponded(primary);
  }

  /** The hedging delay passed: decides whether to hedge, on the watchdog thread. */
  @Override
  protected void timedOut() {
    if (call.isCanceled()) return;
    String refusal = null;
    RealCall started = null;
    synchronized (this) {
      if (state != WAITING) return; // The primary answered as the delay passed.
      HedgePolicy policy = service.hedgePolicy();
      if (!service.hasUntried(call.triedInstances(), request.url().isHttps())) {
        refusal = "no other instance of service " + service.name() + " to send a hedge to";
      } else if (!policy.tryWithdraw()) {
        refusal = "hedge budget spent: at most " + policy.settings().budgetPercent()
            + " hedges per 100 calls";
      } else {
        try {
          started = call.newHedge(request);
          hedge = started;
          state = HEDGING;
        } catch (RuntimeException e) {
          // Thrown by the event listener factory; this thread is Okio's watchdog, keep it alive.
          LOGGER.log(Level.WARNING, "Hedge of " + call.toLoggableString() + " not started", e);
          refusal = "hedge not started: " + e;
        }
      }
    }
    long delayMillis = TimeUnit.NANOSECONDS.toMillis(delayNanos);
    if (started == null) {
      call.eventListener().hedgeDecision(call, false, refusal);
      return;
    }
    call.eventListener().hedgeDecision(call, true, "no response after " + delayMillis + " ms: "
        + "hedging to another instance of service " + service.name());
    try {
      call.runHedge(hedgeTask);
      service.hedgePolicy().recordHedge();
    } catch (RejectedExecutionException e) {
      InterruptedIOException rejected =
          new InterruptedIOException("executor rejected the hedge: the dispatcher is shut down");
      rejected.initCause(e);
      hedgeFinished(null, rejected);
      call.hedgeEnded(); // The hedge never ran, so it won't say it ended.
    }
  }

  /** Runs the hedge on a dispatcher thread and offers what it got. */
  private void runHedge() {
    RealCall hedgeCall;
    synchronized (this) {
      hedgeCall = hedge;
    }
    Response response = null;
    IOException failure = null;
    try {
      response = hedgeCall.execute();
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      // Nobody waits on this thread: log it, and let the primary see it if both fail.
      LOGGER.log(Level.WARNING, "Hedge of " + call.toLoggableString() + " failed", e);
      failure = new IOException("hedge failed: " + e, e);
    }
    hedgeFinished(response, failure);
  }

  private void hedgeFinished(Response response, IOException failure) {
    boolean won = false;
    synchronized (this) {
      hedgeDone = true;
      if (response != null && state == HEDGING) {
        state = HEDGE_WON;
        hedgeResponse = response;
        won = true;
      } else if (response == null) {
        hedgeFailure = failure;
      }
      notifyAll();
    }
    if (won) {
      call.abandonAttempt();
    } else if (response != null) {
      response.close(); // Lost: the primary answered first.
    }
  }

  private Response primaryResponded(Response primary) {
    RealCall loser = null;
    Response winner = primary;
    synchronized (this) {
      switch (state) {
        case WAITING:
          state = UNHEDGED;
          break;
        case HEDGING:
          state = PRIMARY_WON;
          loser = hedge;
          break;
        case HEDGE_WON:
          winner = hedgeResponse; // The hedge answered first, by a hair.
          break;
        default:
          throw new IllegalStateException("primary answered twice: state " + state);
      }
    }
    if (loser != null) loser.cancel();
    if (winner != primary) primary.close();
    return winner;
  }

  private Response primaryFailed(IOException e) throws IOException {
    boolean interrupted = false;
    synchronized (this) {
      if (state == WAITING) {
        state = UNHEDGED;
        throw e;
      }
      // The primary may have failed because the hedge won, or on its own: the hedge may answer.
      while (!hedgeDone) {
        try {
          wait();
        } catch (InterruptedException ie) {
          interrupted = true;
          break;
        }
      }
      if (state == HEDGE_WON) return hedgeResponse;
      if (!interrupted) {
        if (hedgeFailure != null) e.addSuppressed(hedgeFailure);
        state = PRIMARY_WON;
        throw e;
      }
    }
    Thread.currentThread().interrupt();
    primaryStands();
    InterruptedIOException stopped =
        new InterruptedIOException("interrupted while waiting for the hedge");
    stopped.initCause(e);
    throw stopped;
  }

  /**
   * Ends the race with the primary's outcome, whatever the hedge does: it is canceled, and a
   * response it may still get is closed.
   */
  private void primaryStands() {
    synchronized (this) {
      if (state == WAITING) state = UNHEDGED;
      if (state == HEDGING) state = PRIMARY_WON;
    }
    cancelHedge();
  }

  /** Cancels the hedge, if one runs: the call was canceled, or its primary won. */
  void cancelHedge() {
    RealCall toCancel;
    synchronized (this) {
      toCancel = hedge;
    }
    if (toCancel != null) toCancel.cancel();
  }

  @Override
  public String toString() {
    return "HedgeRace{" + call.toLoggableString() + "}";
  }
}
