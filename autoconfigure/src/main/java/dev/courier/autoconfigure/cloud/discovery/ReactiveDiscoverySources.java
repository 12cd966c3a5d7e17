package dev.courier.autoconfigure.cloud.discovery;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

/**
 * The application's {@link ReactiveDiscoveryClient}, when it has one and no blocking client: each
 * subscription lists a service's instances once. Loaded only when Reactor is on the class path.
 */
final class ReactiveDiscoverySources {

  private ReactiveDiscoverySources() {
  }

  /** Returns the source of {@code serviceId}'s instances, or null without a reactive client. */
  static @Nullable Supplier<Flux<List<ServiceInstance>>> source(ListableBeanFactory beanFactory,
      String serviceId) {
    ReactiveDiscoveryClient client =
        beanFactory.getBeanProvider(ReactiveDiscoveryClient.class).getIfUnique();
    if (client == null) return null;
    return () -> client.getInstances(serviceId).collectList().flux();
  }
}
