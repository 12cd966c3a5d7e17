/**
 * Resilience4j for Courier clients, with Spring or without: one
 * {@link dev.courier.resilience4j.ResilienceInterceptor} per service applies a bulkhead, a time
 * limiter, a rate limiter, a circuit breaker and a retry (bounded by a
 * {@link dev.courier.resilience4j.RetryBudget} and a {@link dev.courier.resilience4j.RetryPolicy}),
 * and reports refusals as {@link java.io.IOException}s
 * ({@link dev.courier.resilience4j.CallRejectedException} and its subtypes). Depends on the
 * engine's public API and Resilience4j only; the Spring Boot starter builds one interceptor per
 * {@code courier.services.<name>.resilience}.
 */
@NullMarked
package dev.courier.resilience4j;

import org.jspecify.annotations.NullMarked;
