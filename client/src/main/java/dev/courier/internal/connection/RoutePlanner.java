package dev.courier.internal.connection;

import java.io.IOException;
import java.util.Deque;

import dev.courier.Address;
import dev.courier.HttpUrl;

/**
 * Plans how a call gets a connection: reuse the one it holds, take one from the pool, resume a
 * deferred attempt, or connect over a new route. An {@link ExchangeFinder} runs the plans, one at
 * a time or racing several.
 */
public interface RoutePlanner {
  /** Returns the address every plan reaches. */
  Address address();

  /** Returns attempts set aside to try before any new route, most urgent first. */
  Deque<Plan> deferredPlans();

  /** Returns true if the call was canceled and planning should stop. */
  boolean isCanceled();

  /** Returns the next plan to try. */
  Plan plan() throws IOException;

  /**
   * Returns true if another plan may succeed.
   *
   * @param failedConnection the connection that just failed, or null
   */
  boolean hasNext(RealConnection failedConnection);

  /** Returns true if {@code url} has the same host and port as this planner's address. */
  boolean sameHostAndPort(HttpUrl url);

  /**
   * One attempt at a connection. Ready plans hold a connection already; the others connect in two
   * steps, so a race of several plans can stop the losers after TCP, before TLS.
   */
  interface Plan {
    /** Returns true if this plan needs no connecting: it reuses a connection. */
    boolean isReady();

    /** Opens the TCP connection. */
    ConnectResult connectTcp();

    /** Completes the connection: proxy tunnel, TLS handshake and protocol. */
    ConnectResult connectTlsEtc();

    /** Adds the connection to the pool and gives it to the call. */
    RealConnection handleSuccess();

    /** Aborts the attempt from another thread, closing its socket. */
    void cancel();

    /** Returns a fresh plan that tries this route again differently, or null if there is none. */
    Plan retry();
  }

  /**
   * The outcome of a connect step.
   *
   * @param plan the plan that ran
   * @param nextPlan a plan to try next (to retry with other settings), or null
   * @param throwable the failure, or null on success
   */
  record ConnectResult(Plan plan, Plan nextPlan, Throwable throwable) {
    /** Returns true if the step succeeded. */
    public boolean isSuccess() {
      return nextPlan == null && throwable == null;
    }
  }
}
