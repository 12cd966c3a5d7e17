package dev.courier.internal.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Races TCP connects (Happy Eyeballs, RFC 8305): starts an attempt on the next route every 250 ms
 * while earlier ones are still pending, or at once when one fails; the first to connect wins and
 * the others are canceled. TLS and proxy tunnels run only on the winner, on the calling thread.
 *
 * <p>Each TCP connect runs on its own daemon thread named {@code courier-connect-<host>}. When
 * {@link #find()} returns or throws, every attempt it started has been canceled and its thread
 * has ended, so no connect outlives the call. A canceled loser is offered again as a deferred
 * plan, in case the winner then fails its handshake.
 *
 * <p>Not thread-safe: one call's thread runs it; connect threads only hand results back through
 * a queue.
 */
public final class FastFallbackExchangeFinder implements ExchangeFinder {
  /** How long an attempt may run alone before the next one starts alongside it. */
  static final long CONNECT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final RoutePlanner routePlanner;
  private final boolean retryOnConnectionFailure;

  // Confined to the calling thread. Most calls reuse a pooled connection and never race, so the
  // racing machinery is made on the first concurrent attempt.
  private final List<Attempt> tcpConnectsInFlight = new ArrayList<>(0);
  private long nextTcpConnectAtNanos;

  /** Written by connect threads, read by the calling thread; null until the first race. */
  private BlockingQueue<RoutePlanner.ConnectResult> connectResults;

  /**
   * Creates a finder running {@code routePlanner}'s plans.
   *
   * @param retryOnConnectionFailure false to start no new attempt once one has failed
   */
  public FastFallbackExchangeFinder(RoutePlanner routePlanner, boolean retryOnConnectionFailure) {
    this.routePlanner = routePlanner;
    this.retryOnConnectionFailure = retryOnConnectionFailure;
  }

  @Override
  public RoutePlanner routePlanner() {
    return routePlanner;
  }

  @Override
  public RealConnection find() throws IOException {
    List<IOException> failures = new ArrayList<>(0);
    try {
      while (!tcpConnectsInFlight.isEmpty() || mayLaunch(failures)) {
        if (routePlanner.isCanceled()) throw ConnectFailures.canceled(failures);

        long now = System.nanoTime();
        long awaitNanos = nextTcpConnectAtNanos - now;
        boolean canLaunch = mayLaunch(failures);
        RoutePlanner.ConnectResult result = null;
        if (tcpConnectsInFlight.isEmpty() || (awaitNanos <= 0 && canLaunch)) {
          result = launchTcpConnect();
          nextTcpConnectAtNanos = now + CONNECT_DELAY_NANOS;
          awaitNanos = CONNECT_DELAY_NANOS;
        } else if (!canLaunch) {
          // Nothing more to start: wait for what runs, looking up now and then for a cancel.
          awaitNanos = CONNECT_DELAY_NANOS;
        }
        if (result == null) {
          result = awaitTcpConnect(Math.max(awaitNanos, 0));
          if (result == null) continue; // Time to start another attempt, or to look again.
        }

        if (result.isSuccess()) {
          cancelInFlightConnects();
          RoutePlanner.Plan plan = result.plan();
          if (!plan.isReady()) result = plan.connectTlsEtc();
          if (result.isSuccess()) return plan.handleSuccess();
        }

        if (result.nextPlan() != null) routePlanner.deferredPlans().addFirst(result.nextPlan());
        if (result.throwable() != null) {
          IOException e = ConnectFailures.asIoException(result.throwable());
          failures.add(e);
          if (ConnectFailures.isFinal(e)) throw ConnectFailures.exhausted(
              routePlanner.address(), failures);
          // A failure frees the slot: the next attempt may start at once.
          nextTcpConnectAtNanos = now;
        }
      }
      if (routePlanner.isCanceled()) throw ConnectFailures.canceled(failures);
      throw ConnectFailures.exhausted(routePlanner.address(), failures);
    } finally {
      cancelInFlightConnects();
    }
  }

  /** Returns true if another attempt may start: a route remains, and retrying is allowed. */
  private boolean mayLaunch(List<IOException> failures) {
    return (retryOnConnectionFailure || failures.isEmpty()) && routePlanner.hasNext(null);
  }

  /**
   * Plans the next attempt and starts its TCP connect on a new thread. Returns a result at once
   * if planning failed, found a pooled connection, or had nothing to race with (then it connects
   * on the calling thread, which costs no thread for a host with a single address); else null.
   */
  private RoutePlanner.ConnectResult launchTcpConnect() {
    RoutePlanner.Plan plan;
    try {
      plan = routePlanner.plan();
    } catch (IOException e) {
      return new FailedPlan(e).result();
    }
    if (plan.isReady()) return new RoutePlanner.ConnectResult(plan, null, null);
    if (tcpConnectsInFlight.isEmpty() && !routePlanner.hasNext(null)) return plan.connectTcp();

    if (connectResults == null) connectResults = new LinkedBlockingQueue<>();
    BlockingQueue<RoutePlanner.ConnectResult> results = connectResults;
    Attempt attempt = new Attempt(plan);
    Thread thread = new Thread(() -> {
      RoutePlanner.ConnectResult result;
      try {
        result = plan.connectTcp();
      } catch (Throwable t) {
        result = new RoutePlanner.ConnectResult(plan, null, t);
      }
      // A canceled attempt's result is dropped; the calling thread clears any that slip in.
      if (!attempt.canceled) results.add(result);
    }, "courier-connect-" + routePlanner.address().url().host());
    thread.setDaemon(true);
    attempt.thread = thread;
    tcpConnectsInFlight.add(attempt);
    thread.start();
    return null;
  }

  /** Waits up to {@code timeoutNanos} for an attempt's TCP result; null if none came. */
  private RoutePlanner.ConnectResult awaitTcpConnect(long timeoutNanos) throws IOException {
    RoutePlanner.ConnectResult result;
    try {
      result = connectResults.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while connecting");
      interrupted.initCause(e);
      throw interrupted;
    }
    if (result == null) return null;
    for (int i = 0; i < tcpConnectsInFlight.size(); i++) {
      Attempt attempt = tcpConnectsInFlight.get(i);
      if (attempt.plan == result.plan()) {
        tcpConnectsInFlight.remove(i);
        attempt.join(); // It posted its result and is ending.
        break;
      }
    }
    return result;
  }

  /**
   * Cancels every attempt in flight, queues a fresh copy of each to try later, and waits for
   * their threads to end. Canceling closes their sockets, so the threads end promptly.
   */
  private void cancelInFlightConnects() {
    if (tcpConnectsInFlight.isEmpty()) return;
    for (Attempt attempt : tcpConnectsInFlight) {
      attempt.canceled = true;
      attempt.plan.cancel();
      RoutePlanner.Plan retry = attempt.plan.retry();
      if (retry != null) routePlanner.deferredPlans().addLast(retry);
    }
    for (Attempt attempt : tcpConnectsInFlight) {
      attempt.join();
    }
    tcpConnectsInFlight.clear();
    connectResults.clear(); // Non-null: an attempt was in flight.
  }

  /** One TCP connect in flight and the thread running it. */
  private static final class Attempt {
    final RoutePlanner.Plan plan;
    Thread thread;
    volatile boolean canceled;

    Attempt(RoutePlanner.Plan plan) {
      this.plan = plan;
    }

    /** Waits for the thread to end, even if interrupted, and then restores the interrupt. */
    void join() {
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
