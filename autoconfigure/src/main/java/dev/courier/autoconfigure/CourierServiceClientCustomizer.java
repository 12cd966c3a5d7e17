package dev.courier.autoconfigure;

import dev.courier.CourierClient;

/**
 * Changes the builder of one named service's client, after its {@code courier.services.<name>.*}
 * overrides, default headers and {@link CourierService}-scoped interceptors were applied. Beans of
 * this type run in {@link org.springframework.core.annotation.Order @Order}, once per service, last
 * of all: the place for per-service concerns such as resilience or metrics tagged by service.
 *
 * <pre>{@code
 * @Bean
 * CourierServiceClientCustomizer slowCatalog() {
 *   return (service, builder) -> {
 *     if (service.equals("catalog")) builder.callTimeout(Duration.ofSeconds(30));
 *   };
 * }
 * }</pre>
 *
 * <p>The builder shares the connection pool, dispatcher and cache of the auto-configured client;
 * replacing them here gives the service resources that nothing closes with the context.
 */
@FunctionalInterface
public interface CourierServiceClientCustomizer {

  /** Customizes the builder of the service named {@code serviceName}. */
  void customize(String serviceName, CourierClient.Builder builder);
}
