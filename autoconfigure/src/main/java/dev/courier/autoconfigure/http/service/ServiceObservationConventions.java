package dev.courier.autoconfigure.http.service;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

/**
 * Gives a service's {@code RestClient} an observation convention that names the service as
 * {@code client.name}, like the Courier observation of its direct calls, instead of the host
 * Spring's default convention reports. A no-op without Micrometer's observation API.
 */
final class ServiceObservationConventions {
  private static final boolean PRESENT = ClassUtils.isPresent(
      "io.micrometer.observation.ObservationConvention",
      ServiceObservationConventions.class.getClassLoader());

  private ServiceObservationConventions() {
  }

  /**
   * Sets the convention of {@code builder}: the application's
   * {@code ClientRequestObservationConvention} bean, or Spring's default named by
   * {@code management.observations.http.client.requests.name}, with {@code client.name} set to
   * {@code service}.
   */
  static void apply(BeanFactory beanFactory, Environment environment, String service,
      RestClient.Builder builder) {
    if (!PRESENT) return;
    builder.observationConvention(
        ServiceClientRequestObservationConvention.of(beanFactory, environment, service));
  }
}
