package dev.courier.autoconfigure.resilience;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierProperties;
import dev.courier.autoconfigure.CourierServiceProperties;
import dev.courier.autoconfigure.CourierServiceClientCustomizer;
import dev.courier.resilience4j.ResilienceInterceptor;

/**
 * Gives each service that enables any resilience its {@link ResilienceInterceptor}, as the last
 * application interceptor of its client, and the time limiter's timeout as its call timeout.
 * Being last, the interceptors that come before it (default headers, observation, logging, the
 * application's own) see one logical call, including one refused by the breaker, and the retries
 * happen below them.
 */
final class ResilienceServiceClientCustomizer implements CourierServiceClientCustomizer {
  private final CourierProperties properties;
  private final ResilienceRegistries registries;

  ResilienceServiceClientCustomizer(CourierProperties properties,
      ResilienceRegistries registries) {
    this.properties = properties;
    this.registries = registries;
  }

  @Override
  public void customize(String serviceName, CourierClient.Builder builder) {
    CourierServiceProperties service = properties.getServices().get(serviceName);
    if (service == null) return;
    ResilienceInterceptor interceptor =
        ResiliencePropertiesMapper.interceptor(serviceName, service, registries);
    if (interceptor != null) interceptor.applyTo(builder);
  }
}
