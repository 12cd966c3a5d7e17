package dev.courier.autoconfigure.actuate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Reads breaker states from the application's unique {@link CircuitBreakerRegistry} bean, looked
 * up at each read: the registry may be defined by an auto-configuration that runs after this
 * starter's, or not at all. Breakers are found by name, the service name, and never created.
 */
final class Resilience4jCircuitBreakerStates implements CircuitBreakerStates {
  private final ObjectProvider<CircuitBreakerRegistry> registry;

  Resilience4jCircuitBreakerStates(BeanFactory beanFactory) {
    this.registry = beanFactory.getBeanProvider(CircuitBreakerRegistry.class);
  }

  @Override
  public @Nullable String state(String service) {
    CircuitBreakerRegistry breakers = registry.getIfUnique();
    if (breakers == null) return null;
    return breakers.find(service).map(CircuitBreaker::getState).map(Enum::name).orElse(null);
  }
}
