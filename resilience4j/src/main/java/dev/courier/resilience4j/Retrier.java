package dev.courier.resilience4j;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;
import io.github.resilience4j.retry.Retry;

/**
 * The retry stage of a {@link ResilienceInterceptor}: repeats a call through the rest of the chain
 * while the {@link RetryPolicy} says it is safe, the Resilience4j {@link Retry} has attempts left
 * and the {@link RetryBudget} has retries left.
 *
 * <p>It drives the Retry through its {@link Retry.AsyncContext}, which reports each outcome and
 * returns the wait before the next attempt instead of sleeping itself. That keeps the Retry's
 * interval function (backoff, jitter) and its metrics and events, while leaving this class free to
 * stretch the wait to a {@code Retry-After} or to give up when the budget or the call timeout
 * says so. Attempts run on the calling thread, one after another; no thread is added.
 */
final class Retrier {
  /** Sleeps between attempts; a seam so that tests can see the waits without taking them. */
  @FunctionalInterface
  interface Sleeper {
    /** Blocks the calling thread for {@code millis} milliseconds. */
    void sleep(long millis) throws InterruptedException;
  }

  private static final long NO_RETRY = -1;
  private static final long BUDGET_EXHAUSTED = -2;

  private final String serviceName;
  private final Retry retry;
  private final RetryPolicy policy;
  private final RetryBudget budget;
  private final Sleeper sleeper;
  private final Clock clock;

  Retrier(String serviceName, Retry retry, RetryPolicy policy, RetryBudget budget,
      Sleeper sleeper, Clock clock) {
    this.serviceName = serviceName;
    this.retry = retry;
    this.policy = policy;
    this.budget = budget;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  Retry retry() {
    return retry;
  }

  RetryPolicy policy() {
    return policy;
  }

  RetryBudget budget() {
    return budget;
  }

  /**
   * Proceeds with the chain's request, again after each retryable failure. Returns the first
   * response that is not retried, or the last one when retrying stops; every response before it
   * is closed. Throws the last {@link IOException} when retrying stops on one.
   */
  Response proceed(Interceptor.Chain chain, long startNanos) throws IOException {
    Request request = chain.request();
    budget.recordRequest();
    if (!policy.permits(request)) return chain.proceed(request);

    Retry.AsyncContext<Response> context = retry.asyncContext();
    while (true) {
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        long delay = delayBeforeRetry(chain, startNanos, context, e, RetryAfter.NONE);
        if (delay == BUDGET_EXHAUSTED) e.addSuppressed(budgetExhausted());
        if (delay < 0) throw e;
        pause(delay);
        continue;
      }

      int code = response.code();
      if (!policy.retriesStatus(code)) {
        context.onComplete();
        return response;
      }
      long retryAfter = RetryAfter.delayMillis(response, clock);
      // Retrying before the server asked would be refused again; waiting longer than the cap
      // would hold the caller too long. Either way the caller is better off with this answer.
      if (retryAfter > policy.maxRetryAfter().toMillis()) return response;
      long delay = delayBeforeRetry(chain, startNanos, context,
          new HttpStatusException(serviceName, code), retryAfter);
      if (delay < 0) return response;
      response.close(); // Frees the connection for the next attempt.
      pause(delay);
    }
  }

  /**
   * Returns how long to wait before retrying after {@code failure}, or a negative value if the
   * call must not be retried: it was canceled, the budget is spent, the Retry has no attempts
   * left or rejects the failure, or the wait would outlast the call timeout.
   */
  private long delayBeforeRetry(Interceptor.Chain chain, long startNanos,
      Retry.AsyncContext<Response> context, Throwable failure, long retryAfterMillis) {
    if (chain.call().isCanceled()) return NO_RETRY;
    if (!budget.tryAcquireRetry()) return BUDGET_EXHAUSTED;
    long interval = context.onError(failure);
    if (interval < 0) {
      budget.releaseRetry();
      return NO_RETRY;
    }
    long delay = Math.max(interval, retryAfterMillis);
    if (!fitsCallTimeout(chain, startNanos, delay)) {
      // The call timeout would cancel the call during the wait: hand back the real failure now.
      budget.releaseRetry();
      return NO_RETRY;
    }
    return delay;
  }

  private static boolean fitsCallTimeout(Interceptor.Chain chain, long startNanos, long delayMillis) {
    long timeoutNanos = chain.call().timeout().timeoutNanos();
    if (timeoutNanos == 0) return true;
    long elapsed = System.nanoTime() - startNanos;
    return elapsed + TimeUnit.MILLISECONDS.toNanos(delayMillis) < timeoutNanos;
  }

  private void pause(long millis) throws InterruptedIOException {
    if (millis <= 0) return;
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while waiting to retry a call to service '"
              + serviceName + "'");
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  private IOException budgetExhausted() {
    return new IOException("Not retried: the retry budget of service '" + serviceName
        + "' is spent (" + budget + ")");
  }
}
