package dev.courier.resilience4j;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.courier.CourierClient;
import dev.courier.Interceptor;
import dev.courier.Response;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;

/**
 * Protects the calls to one service with Resilience4j: any of a bulkhead, a time limiter, a rate
 * limiter, a circuit breaker and a retry, applied in this fixed order, outermost first:
 *
 * <pre>
 * bulkhead → time limiter → rate limiter → circuit breaker → retry → rest of the chain
 * </pre>
 *
 * <ul>
 *   <li><b>Bulkhead outermost</b>: it bounds the caller threads tied up in the service, and a
 *       call holds one for all of its life, including its rate-limit wait and its retries'
 *       backoff. A call it rejects costs nothing further.
 *   <li><b>Time limiter</b>: the service client's call timeout ({@link #applyTo}), which the
 *       engine runs around the whole call, retries and waits included; this interceptor only
 *       reports its outcome (success, failure, timeout) to the {@link TimeLimiter} so that its
 *       metrics and events are right. No thread is added, unlike Resilience4j's future-based
 *       time limiter.
 *   <li><b>Rate limiter outside the breaker</b>: a call the limiter refuses never reached the
 *       service and says nothing about its health, so the breaker must not count it.
 *   <li><b>Circuit breaker outside the retry</b>: the breaker records one outcome per call, the
 *       one the caller gets, so its failure rate is the callers' failure rate; and an open breaker
 *       stops a call with its retries. Retries therefore take no rate-limit permission of their
 *       own; the {@link RetryBudget} bounds them instead.
 *   <li><b>Retry innermost</b>: each attempt runs through the rest of the chain, including the
 *       engine's own recovery, which retries at once and transparently what is always safe (a
 *       stale pooled connection, another route of the same host, a 503 with
 *       {@code Retry-After: 0}). The two do not overlap: the engine recovers a connection, this
 *       retries a call after the engine gave up, with backoff, within the budget.
 * </ul>
 *
 * <p>In Resilience4j's {@code Decorators}, where each {@code with...} wraps what came before,
 * this is {@code ofCheckedSupplier(call).withRetry(r).withCircuitBreaker(cb).withRateLimiter(rl)
 * .withBulkhead(b)}, the time limiter aside. Resilience4j's Spring annotations nest the other way
 * round by default ({@code Retry(CircuitBreaker(RateLimiter(TimeLimiter(Bulkhead(call)))))}), so
 * that each retry takes a breaker permission, a rate-limit permission and a bulkhead place of its
 * own; Courier keeps those per call and bounds retries with the budget instead.
 *
 * <p><b>What counts as a failure.</b> For the breaker: an {@link IOException} (including the call
 * timeout) and a response whose status is in {@link Builder#failureStatuses} (500–599 by
 * default), recorded as an {@link HttpStatusException}; any other response is passed to the
 * breaker's {@code recordResult} predicate, so a 4xx is a success unless that predicate says
 * otherwise. A call the caller canceled is not counted. The breaker's outcome and duration are
 * taken when the response headers arrive; reading the body is the caller's part.
 *
 * <p><b>Refusals</b> are {@link IOException}s naming the service: {@link CircuitOpenException},
 * {@link RateLimitedException}, {@link BulkheadRejectedException}.
 *
 * <p><b>Asynchronous calls</b> ({@code Call.enqueue}) run this interceptor on a dispatcher thread,
 * so they are protected the same way. A wait for the bulkhead ({@code max-wait-duration}) or the
 * rate limiter ({@code timeout-duration}) then blocks that dispatcher thread and keeps one of the
 * dispatcher's places for the host. The dispatcher's own limit ({@code max-requests-per-host})
 * bounds how many can wait, and Resilience4j's default bulkhead wait is zero (fail fast), which is
 * the right choice for asynchronous callers; the rate limiter's default 5s wait is not, and
 * services called asynchronously should set it low. Such waits are not cut short by the call
 * timeout, so keep them below it.
 *
 * <p>Without Spring:
 *
 * <pre>{@code
 * ResilienceInterceptor resilience = ResilienceInterceptor.builder("catalog")
 *     .circuitBreaker(CircuitBreaker.ofDefaults("catalog"))
 *     .retry(Retry.ofDefaults("catalog"))
 *     .build();
 * CourierClient catalog = resilience.applyTo(new CourierClient.Builder()).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; one instance serves every call to its service.
 */
public final class ResilienceInterceptor implements Interceptor {
  private final String serviceName;
  private final @Nullable Bulkhead bulkhead;
  private final @Nullable TimeLimiter timeLimiter;
  private final @Nullable RateLimiter rateLimiter;
  private final @Nullable CircuitBreaker circuitBreaker;
  private final StatusCodes failureStatuses;
  private final @Nullable Retrier retrier;

  private ResilienceInterceptor(Builder builder) {
    this.serviceName = builder.serviceName;
    this.bulkhead = builder.bulkhead;
    this.timeLimiter = builder.timeLimiter;
    this.rateLimiter = builder.rateLimiter;
    this.circuitBreaker = builder.circuitBreaker;
    this.failureStatuses = builder.failureStatuses;
    RetryBudget budget =
        builder.retryBudget != null ? builder.retryBudget : RetryBudget.ofDefaults();
    this.retrier = builder.retry == null ? null : new Retrier(builder.serviceName, builder.retry,
        builder.retryPolicy, budget, builder.sleeper, builder.clock);
  }

  /**
   * Returns a builder for the interceptor of the service named {@code serviceName}, which names it
   * in exceptions.
   */
  public static Builder builder(String serviceName) {
    return new Builder(serviceName);
  }

  /**
   * Adds this interceptor to {@code builder} as its last application interceptor, and sets the
   * call timeout to the time limiter's timeout if there is a time limiter.
   *
   * @return {@code builder}
   * @throws IllegalArgumentException if the time limiter's timeout is not a valid call timeout
   */
  public CourierClient.Builder applyTo(CourierClient.Builder builder) {
    if (timeLimiter != null) {
      builder.callTimeout(timeLimiter.getTimeLimiterConfig().getTimeoutDuration());
    }
    return builder.addInterceptor(this);
  }

  /** Returns the name of the service this interceptor protects. */
  public String serviceName() {
    return serviceName;
  }

  /** Returns the bulkhead, or null if there is none. */
  public @Nullable Bulkhead bulkhead() {
    return bulkhead;
  }

  /** Returns the time limiter, or null if there is none. */
  public @Nullable TimeLimiter timeLimiter() {
    return timeLimiter;
  }

  /** Returns the rate limiter, or null if there is none. */
  public @Nullable RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** Returns the circuit breaker, or null if there is none. */
  public @Nullable CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  /** Returns the response statuses the circuit breaker records as failures. */
  public Set<Integer> failureStatuses() {
    return failureStatuses.codes();
  }

  /** Returns the retry, or null if there is none. */
  public @Nullable Retry retry() {
    return retrier == null ? null : retrier.retry();
  }

  /** Returns the retry policy, or null if there is no retry. */
  public @Nullable RetryPolicy retryPolicy() {
    return retrier == null ? null : retrier.policy();
  }

  /** Returns the retry budget, or null if there is no retry. */
  public @Nullable RetryBudget retryBudget() {
    return retrier == null ? null : retrier.budget();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    long startNanos = System.nanoTime();
    Bulkhead bulkhead = this.bulkhead;
    if (bulkhead == null) return timeLimited(chain, startNanos);
    if (!bulkhead.tryAcquirePermission()) {
      throwIfInterrupted("a place in bulkhead '" + bulkhead.getName() + "'");
      throw new BulkheadRejectedException(serviceName, bulkhead.getName(),
          bulkhead.getBulkheadConfig().getMaxConcurrentCalls(),
          bulkhead.getBulkheadConfig().getMaxWaitDuration());
    }
    try {
      return timeLimited(chain, startNanos);
    } finally {
      bulkhead.onComplete();
    }
  }

  private Response timeLimited(Chain chain, long startNanos) throws IOException {
    TimeLimiter timeLimiter = this.timeLimiter;
    if (timeLimiter == null) return rateLimited(chain, startNanos);
    try {
      Response response = rateLimited(chain, startNanos);
      timeLimiter.onSuccess();
      return response;
    } catch (IOException | RuntimeException e) {
      timeLimiter.onError(timedOut(chain, startNanos)
          ? TimeLimiter.createdTimeoutExceptionWithName(timeLimiter.getName(), e)
          : e);
      throw e;
    }
  }

  private Response rateLimited(Chain chain, long startNanos) throws IOException {
    RateLimiter rateLimiter = this.rateLimiter;
    if (rateLimiter == null) return circuitBroken(chain, startNanos);
    long waitStart = System.nanoTime();
    if (!rateLimiter.acquirePermission()) {
      throwIfInterrupted("a permission of rate limiter '" + rateLimiter.getName() + "'");
      throw new RateLimitedException(serviceName, rateLimiter.getName(),
          rateLimiter.getRateLimiterConfig().getLimitForPeriod(),
          rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod(),
          Duration.ofNanos(System.nanoTime() - waitStart));
    }
    try {
      Response response = circuitBroken(chain, startNanos);
      rateLimiter.onResult(response); // Lets drain-permissions-on-result see, say, a 429.
      return response;
    } catch (IOException | RuntimeException e) {
      rateLimiter.onError(e);
      throw e;
    }
  }

  private Response circuitBroken(Chain chain, long startNanos) throws IOException {
    CircuitBreaker breaker = this.circuitBreaker;
    if (breaker == null) return retried(chain, startNanos);
    try {
      breaker.acquirePermission();
    } catch (CallNotPermittedException e) {
      throw new CircuitOpenException(serviceName, breaker.getName(), breaker.getState().name(), e);
    }
    long start = breaker.getCurrentTimestamp();
    Response response;
    try {
      response = retried(chain, startNanos);
    } catch (IOException | RuntimeException e) {
      if (timedOut(chain, startNanos)) {
        breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(),
            callTimeout(e));
      } else if (chain.call().isCanceled()) {
        breaker.releasePermission(); // The caller gave up; that says nothing about the service.
      } else {
        breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
      }
      throw e;
    } catch (Error e) {
      breaker.releasePermission(); // Never leave a half-open probe permission taken.
      throw e;
    }
    long duration = breaker.getCurrentTimestamp() - start;
    if (failureStatuses.contains(response.code())) {
      breaker.onError(duration, breaker.getTimestampUnit(),
          new HttpStatusException(serviceName, response.code()));
    } else {
      breaker.onResult(duration, breaker.getTimestampUnit(), response);
    }
    return response;
  }

  private Response retried(Chain chain, long startNanos) throws IOException {
    Retrier retrier = this.retrier;
    if (retrier == null) return chain.proceed(chain.request());
    return retrier.proceed(chain, startNanos);
  }

  /**
   * Returns true if the call was canceled by its call timeout rather than by the caller. The
   * engine does not say which, so this infers it: canceled, with a call timeout, after running
   * here for at least 90% of it. The timeout started a little before this interceptor did (the
   * interceptors ahead of it ran first), so the full timeout may not have passed by this clock;
   * a caller's cancel in the last tenth of the timeout is counted as a timeout, which is harmless.
   */
  private static boolean timedOut(Chain chain, long startNanos) {
    long timeoutNanos = chain.call().timeout().timeoutNanos();
    return timeoutNanos > 0 && chain.call().isCanceled()
        && System.nanoTime() - startNanos >= timeoutNanos - timeoutNanos / 10;
  }

  /** Returns what the caller will see of a call timeout, for the breaker's events. */
  private InterruptedIOException callTimeout(Exception cause) {
    InterruptedIOException timeout =
        new InterruptedIOException("call timeout of service '" + serviceName + "' elapsed");
    timeout.initCause(cause);
    return timeout;
  }

  private static void throwIfInterrupted(String waitingFor) throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("interrupted while waiting for " + waitingFor);
    }
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("ResilienceInterceptor{service=").append(serviceName);
    if (bulkhead != null) result.append(", bulkhead=").append(bulkhead.getName());
    if (timeLimiter != null) result.append(", timeLimiter=").append(timeLimiter.getName());
    if (rateLimiter != null) result.append(", rateLimiter=").append(rateLimiter.getName());
    if (circuitBreaker != null) result.append(", circuitBreaker=").append(circuitBreaker.getName());
    Retry retry = retry();
    if (retry != null) result.append(", retry=").append(retry.getName());
    return result.append('}').toString();
  }

  /**
   * Builds a {@link ResilienceInterceptor}. Every instance is optional; an interceptor with none
   * passes calls through. Not thread-safe.
   */
  public static final class Builder {
    private final String serviceName;
    private @Nullable Bulkhead bulkhead;
    private @Nullable TimeLimiter timeLimiter;
    private @Nullable RateLimiter rateLimiter;
    private @Nullable CircuitBreaker circuitBreaker;
    private StatusCodes failureStatuses = StatusCodes.range(500, 599);
    private @Nullable Retry retry;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private @Nullable RetryBudget retryBudget;
    private Retrier.Sleeper sleeper = Thread::sleep;
    private Clock clock = Clock.systemUTC();

    private Builder(String serviceName) {
      if (serviceName == null || serviceName.isBlank()) {
        throw new IllegalArgumentException("serviceName must not be blank: '" + serviceName + "'");
      }
      this.serviceName = serviceName;
    }

    /** Sets the bulkhead that bounds concurrent calls; null for none. */
    public Builder bulkhead(@Nullable Bulkhead bulkhead) {
      this.bulkhead = bulkhead;
      return this;
    }

    /**
     * Sets the time limiter; null for none. Its timeout takes effect through
     * {@link ResilienceInterceptor#applyTo}, as the client's call timeout.
     */
    public Builder timeLimiter(@Nullable TimeLimiter timeLimiter) {
      this.timeLimiter = timeLimiter;
      return this;
    }

    /** Sets the rate limiter; null for none. */
    public Builder rateLimiter(@Nullable RateLimiter rateLimiter) {
      this.rateLimiter = rateLimiter;
      return this;
    }

    /** Sets the circuit breaker; null for none. */
    public Builder circuitBreaker(@Nullable CircuitBreaker circuitBreaker) {
      this.circuitBreaker = circuitBreaker;
      return this;
    }

    /**
     * Sets the response statuses the circuit breaker records as failures; default 500–599.
     *
     * @throws IllegalArgumentException if a status is not between 100 and 599
     */
    public Builder failureStatuses(Set<Integer> failureStatuses) {
      this.failureStatuses = StatusCodes.of(failureStatuses);
      return this;
    }

    /** Sets the retry; null for none. Its config sets the attempts and the backoff. */
    public Builder retry(@Nullable Retry retry) {
      this.retry = retry;
      return this;
    }

    /** Sets what the retry may repeat; default {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the budget that bounds retries; default a new {@link RetryBudget#ofDefaults()} per
     * interceptor. Give the interceptors of one service the same budget.
     */
    public Builder retryBudget(RetryBudget retryBudget) {
      this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
      return this;
    }

    /** Replaces the sleep between attempts, for tests. */
    Builder sleeper(Retrier.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** Replaces the clock that {@code Retry-After} dates are measured against, for tests. */
    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Returns the interceptor. */
    public ResilienceInterceptor build() {
      return new ResilienceInterceptor(this);
    }
  }
}
