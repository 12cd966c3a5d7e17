/**
 * Resilience4j for Courier services: one {@link dev.courier.autoconfigure.resilience.ResilienceInterceptor}
 * per service applies a bulkhead, a time limiter, a rate limiter, a circuit breaker and a retry,
 * and reports refusals as {@link java.io.IOException}s
 * ({@link dev.courier.autoconfigure.resilience.CallRejectedException} and its subtypes). The
 * interceptor, its policy and its budget need no Spring; the auto-configuration builds one per
 * {@code courier.services.<name>.resilience} from Resilience4j's registries.
 */
@NullMarked
package dev.courier.autoconfigure.resilience;

import org.jspecify.annotations.NullMarked;
