package dev.courier.autoconfigure.actuate;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.monitoring.CourierClients;

/**
 * The {@code courier} health contributor ({@link CourierHealthIndicator}), when Spring Boot's
 * health module is present, unless {@code management.health.courier.enabled=false}. The bean is
 * named {@code courierHealthIndicator}, which Boot reports as {@code courier}.
 */
@AutoConfiguration(after = CourierAutoConfiguration.class,
    beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({CourierClient.class, HealthIndicator.class})
@ConditionalOnEnabledHealthIndicator("courier")
public final class CourierHealthContributorAutoConfiguration {

  CourierHealthContributorAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean(name = "courierHealthIndicator")
  CourierHealthIndicator courierHealthIndicator(ObjectProvider<CourierClient> client,
      ObjectProvider<CourierServices> services, ListableBeanFactory beanFactory) {
    return new CourierHealthIndicator(() -> CourierClients.from(client, services),
        CircuitBreakerStates.of(beanFactory, CourierHealthIndicator.class.getClassLoader()));
  }
}
