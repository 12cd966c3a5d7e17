package dev.courier.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import dev.courier.CourierClient;
import dev.courier.HttpUrl;
import dev.courier.ServiceInstances;

/**
 * Builds the {@link CourierServices} registry: one client per {@code courier.services.<name>},
 * derived from the shared client so that it shares the pool, dispatcher and cache unless it sets
 * its own. Each is the shared client plus, in this order: its scoped interceptors at their
 * {@code @Order} place, its settings (default headers first in the chain), its instances if it
 * has several ({@link CourierServiceInstances}), then the service customizers. The instances of
 * an {@code lb://} service are handed to {@link CourierServiceDiscovery} to keep up to date.
 */
final class CourierServiceClients {
  private static final String DISCOVERY_CLIENT =
      "org.springframework.cloud.client.discovery.DiscoveryClient";

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
      InterceptorBeans interceptors, List<CourierServiceClientCustomizer> customizers,
      @Nullable CourierServiceDiscovery discovery, @Nullable ClassLoader classLoader) {
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
        ServiceInstances instances = CourierServiceInstances.build(name, service);
        if (instances != null) builder.service(instances);
        for (CourierServiceClientCustomizer customizer : customizers) {
          customizer.customize(name, builder);
        }
        clients.put(name, builder.build());
        HttpUrl baseUrl = CourierServiceInstances.baseUrl(name, service);
        if (baseUrl != null) baseUrls.put(name, baseUrl);
        if (instances != null && CourierServiceInstances.isDiscovered(service)) {
          discover(name, service, instances, discovery, classLoader);
        }
      });
    } catch (RuntimeException e) {
      owned.forEach(CourierClient::close); // Start-up failed: stop the threads already made.
      throw e;
    }
    return new CourierServices(clients, baseUrls, owned);
  }

  /** Has {@code discovery} keep the instances of the {@code lb://} service {@code name}. */
  private static void discover(String name, CourierServiceProperties service,
      ServiceInstances instances, @Nullable CourierServiceDiscovery discovery,
      @Nullable ClassLoader classLoader) {
    String baseUrl = Objects.requireNonNull(service.getBaseUrl(), "validated: base-url");
    if (discovery == null) {
      String property = "courier.services." + name + ".base-url";
      boolean cloud = ClassUtils.isPresent(DISCOVERY_CLIENT, classLoader);
      throw new CourierConfigurationException(property, baseUrl, cloud
          ? "An lb:// base URL is resolved through Spring Cloud discovery, but the application "
              + "has no CourierServiceDiscovery bean (was CourierDiscoveryAutoConfiguration "
              + "excluded?)."
          : "An lb:// base URL is resolved through Spring Cloud discovery, and Spring Cloud is "
              + "not on the class path.",
          "Add org.springframework.cloud:spring-cloud-starter-loadbalancer (with a discovery "
              + "client such as spring-cloud-starter-netflix-eureka-client, or "
              + "spring.cloud.discovery.client.simple.instances." + CourierServiceInstances
              .serviceId(baseUrl) + "), or list the instances in courier.services." + name
              + ".instances.");
    }
    discovery.track(CourierServiceInstances.serviceId(baseUrl), instances,
        service.getDiscovery().getRefreshInterval());
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
