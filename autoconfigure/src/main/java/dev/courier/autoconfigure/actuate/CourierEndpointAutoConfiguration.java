package dev.courier.autoconfigure.actuate;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.monitoring.CourierClients;

/**
 * The {@code courier} Actuator endpoint ({@link CourierEndpoint}), when Spring Boot's Actuator is
 * present and the endpoint is available (accessible, and exposed over HTTP or JMX).
 */
@AutoConfiguration(after = CourierAutoConfiguration.class)
@ConditionalOnClass({CourierClient.class, Endpoint.class})
@ConditionalOnAvailableEndpoint(CourierEndpoint.class)
public final class CourierEndpointAutoConfiguration {

  CourierEndpointAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CourierEndpoint courierEndpoint(ObjectProvider<CourierClient> client,
      ObjectProvider<CourierServices> services, ListableBeanFactory beanFactory) {
    return new CourierEndpoint(() -> CourierClients.from(client, services),
        CircuitBreakerStates.of(beanFactory, CourierEndpoint.class.getClassLoader()));
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(CourierEndpoint.class)
  CourierEndpointWebExtension courierEndpointWebExtension(CourierEndpoint endpoint) {
    return new CourierEndpointWebExtension(endpoint);
  }
}
