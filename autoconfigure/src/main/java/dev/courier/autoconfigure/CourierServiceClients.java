package dev.courier.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.courier.CourierClient;
import dev.courier.HttpUrl;

/**
 * Builds the {@link CourierServices} registry: one client per {@code courier.services.<name>},
 * derived from the shared client so that it shares the pool, dispatcher and cache unless it sets
 * its own. Each is the shared client plus, in this order: its scoped interceptors at their
 * {@code @Order} place, its settings (default headers first in the chain), then the service
 * customizers.
 */
final class CourierServiceClients {

  private CourierServiceClients() {
  }

  /**
   * Builds the registry.
   *
   * @throws CourierConfigurationException if a service setting is invalid or an interceptor is
   *     scoped to a service that is not configured
   */
  static CourierServices create(CourierClient shared, CourierProperties properties,
      CourierPropertiesValidator validator, CourierPropertiesMapper mapper,
      InterceptorBeans interceptors, List<CourierServiceClientCustomizer> customizers) {
    validator.validateServices();
    checkScopes(properties, interceptors);
    Map<String, CourierClient> clients = new LinkedHashMap<>();
    Map<String, HttpUrl> baseUrls = new LinkedHashMap<>();
    List<CourierClient> owned = new ArrayList<>();
    try {
      properties.getServices().forEach((name, service) -> {
        CourierClient.Builder builder = shared.newBuilder();
        replace(builder.interceptors(),
            interceptors.forService(name, shared.interceptors(), false));
        replace(builder.networkInterceptors(),
            interceptors.forService(name, shared.networkInterceptors(), true));
        CourierClient resources = mapper.applyService(name, service, builder);
        if (resources != null) owned.add(resources);
        for (CourierServiceClientCustomizer customizer : customizers) {
          customizer.customize(name, builder);
        }
        clients.put(name, builder.build());
        if (service.getBaseUrl() != null) baseUrls.put(name, HttpUrl.get(service.getBaseUrl()));
      });
    } catch (RuntimeException e) {
      owned.forEach(CourierClient::close); // Start-up failed: stop the threads already made.
      throw e;
    }
    return new CourierServices(clients, baseUrls, owned);
  }

  private static <T> void replace(List<T> target, List<T> contents) {
    target.clear();
    target.addAll(contents);
  }

  private static void checkScopes(CourierProperties properties, InterceptorBeans interceptors) {
    for (InterceptorBean bean : interceptors.all()) {
      for (String service : bean.services()) {
        if (properties.getServices().containsKey(service)) continue;
        throw new CourierConfigurationException("courier.services." + service, null,
            "Interceptor bean '" + bean.name() + "' is scoped with @CourierService(\"" + service
                + "\"), but no service of that name is configured (configured services: "
                + properties.getServices().keySet() + ").",
            "Configure the service, for example with courier.services." + service
                + ".base-url, or correct the name in @CourierService on bean '" + bean.name()
                + "'.");
      }
    }
  }
}
