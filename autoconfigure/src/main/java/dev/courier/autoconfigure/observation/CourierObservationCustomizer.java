package dev.courier.autoconfigure.observation;

import org.springframework.core.Ordered;

import dev.courier.CourierClient;
import dev.courier.Interceptor;
import dev.courier.autoconfigure.CourierClientCustomizer;
import dev.courier.autoconfigure.CourierServiceClientCustomizer;
import dev.courier.micrometer.CourierObservationInterceptor;

/**
 * Puts the observation interceptor first in the shared client's application interceptors, and in
 * each service client a copy that names the service. It runs last of the customizers, so
 * interceptors that other customizers put first (such as resilience decorators) still run inside
 * the observation, which then measures the call as its caller saw it.
 */
final class CourierObservationCustomizer
    implements CourierClientCustomizer, CourierServiceClientCustomizer, Ordered {
  private final CourierObservationInterceptor shared;

  CourierObservationCustomizer(CourierObservationInterceptor shared) {
    this.shared = shared;
  }

  @Override
  public void customize(CourierClient.Builder builder) {
    builder.interceptors().removeIf(interceptor -> interceptor == shared);
    builder.interceptors().add(0, shared);
  }

  @Override
  public void customize(String serviceName, CourierClient.Builder builder) {
    // The service inherited the shared client's instance; replace it with a named one.
    builder.interceptors().removeIf(interceptor -> interceptor == shared);
    Interceptor named = shared.withServiceName(serviceName);
    builder.interceptors().add(0, named);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
