package dev.courier.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.courier.CourierClient;
import dev.courier.Headers;
import dev.courier.HttpUrl;

/**
 * Builds the {@link CourierServices} registry: one client per {@code courier.services.<name>},
 * derived from the shared client so that it shares the pool, dispatcher and cache. Each is the
 * shared client plus, in this order: its scoped interceptors at their {@code @Order} place, its
 * default headers (first in the chain), its overrides, then the service customizers.
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
      InterceptorBeans interceptors, List<CourierServiceClientCustomizer> customizers) {
    CourierPropertiesValidator.validateServices(properties);
    checkScopes(properties, interceptors);
    Map<String, CourierClient> clients = new LinkedHashMap<>();
    Map<String, HttpUrl> baseUrls = new LinkedHashMap<>();
    properties.getServices().forEach((name, service) -> {
      clients.put(name, serviceClient(shared, name, service, interceptors, customizers));
      if (service.getBaseUrl() != null) baseUrls.put(name, HttpUrl.get(service.getBaseUrl()));
    });
    return new CourierServices(clients, baseUrls);
  }

  private static CourierClient serviceClient(CourierClient shared, String name,
      CourierProperties.Service service, InterceptorBeans interceptors,
      List<CourierServiceClientCustomizer> customizers) {
    CourierClient.Builder builder = shared.newBuilder();
    replace(builder.interceptors(), interceptors.forService(name, shared.interceptors(), false));
    replace(builder.networkInterceptors(),
        interceptors.forService(name, shared.networkInterceptors(), true));
    if (!service.getDefaultHeaders().isEmpty()) {
      builder.interceptors().add(0,
          new DefaultHeadersInterceptor(Headers.of(service.getDefaultHeaders())));
    }
    CourierPropertiesMapper.applyServiceOverrides(service, builder);
    for (CourierServiceClientCustomizer customizer : customizers) {
      customizer.customize(name, builder);
    }
    return builder.build();
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
