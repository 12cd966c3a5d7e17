package dev.courier.autoconfigure.actuate;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The state of each service's circuit breaker, where Resilience4j is present. Exists so that the
 * endpoint and the health contributor never load a Resilience4j class unless it is there.
 */
@FunctionalInterface
interface CircuitBreakerStates {
  /** Knows no breaker: Resilience4j is absent. */
  CircuitBreakerStates NONE = service -> null;

  /**
   * Returns the state of the circuit breaker named {@code service}, such as {@code CLOSED} or
   * {@code OPEN}, or null if there is none. Never creates a breaker.
   */
  @Nullable String state(String service);

  /**
   * Returns states read from the application's {@code CircuitBreakerRegistry} bean, when
   * Resilience4j is on the class path, else {@link #NONE}.
   */
  static CircuitBreakerStates of(BeanFactory beanFactory, @Nullable ClassLoader classLoader) {
    boolean present = ClassUtils.isPresent(
        "io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry", classLoader);
    return present ? new Resilience4jCircuitBreakerStates(beanFactory) : NONE;
  }
}
