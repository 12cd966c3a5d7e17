package dev.courier.autoconfigure.http.service;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import dev.courier.autoconfigure.CourierServices;

/**
 * Names the service as {@code client.name} in the observations of each HTTP service group that
 * runs on a Courier service. Ordered after Boot's configurer that applies
 * {@code RestClientCustomizer} beans (order 0), which sets Spring's default convention.
 */
final class CourierServiceGroupObservationConfigurer
    implements RestClientHttpServiceGroupConfigurer {
  /** After Boot's {@code RestClientCustomizerHttpServiceGroupConfigurer} (0). */
  static final int ORDER = 10;

  private final CourierServices services;
  private final BeanFactory beanFactory;
  private final Environment environment;

  CourierServiceGroupObservationConfigurer(CourierServices services, BeanFactory beanFactory,
      Environment environment) {
    this.services = services;
    this.beanFactory = beanFactory;
    this.environment = environment;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public void configureGroups(Groups<RestClient.Builder> groups) {
    groups.filter(group -> services.contains(group.name())).forEachClient((group, builder) ->
        ServiceObservationConventions.apply(beanFactory, environment, group.name(), builder));
  }
}
