package dev.courier.autoconfigure.resilience;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

/**
 * The five Resilience4j registries the services' instances come from: the application's (such as
 * those of {@code resilience4j-spring-boot4}) or Courier's own.
 */
record ResilienceRegistries(CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
    RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads,
    TimeLimiterRegistry timeLimiters) {
}
