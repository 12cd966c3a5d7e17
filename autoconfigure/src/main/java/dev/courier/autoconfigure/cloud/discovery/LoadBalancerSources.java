package dev.courier.autoconfigure.cloud.discovery;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import reactor.core.publisher.Flux;

/**
 * The application's Spring Cloud LoadBalancer, when it has one: for each service id, the
 * {@link ServiceInstanceListSupplier} of LoadBalancer's child context for that id, so that the
 * application's supplier chain (its cache, zone preference, health checks, custom
 * {@code @LoadBalancerClient} configuration) decides the instances Courier balances over. Loaded
 * only when LoadBalancer is on the class path.
 */
final class LoadBalancerSources {

  private LoadBalancerSources() {
  }

  /** Returns true if the application has a {@link LoadBalancerClientFactory} bean. */
  static boolean available(ListableBeanFactory beanFactory) {
    return beanFactory.getBeanNamesForType(LoadBalancerClientFactory.class, true, false).length
        > 0;
  }

  /** Returns the supplier of {@code serviceId}'s instances, or null if its context has none. */
  static @Nullable Supplier<Flux<List<ServiceInstance>>> source(ListableBeanFactory beanFactory,
      String serviceId) {
    LoadBalancerClientFactory factory = beanFactory.getBean(LoadBalancerClientFactory.class);
    ServiceInstanceListSupplier supplier =
        factory.getLazyProvider(serviceId, ServiceInstanceListSupplier.class).getIfAvailable();
    return supplier == null ? null : supplier;
  }
}
