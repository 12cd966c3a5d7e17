package dev.courier.autoconfigure.cloud.discovery;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServiceDiscovery;

/**
 * Instances of {@code lb://<service-id>} services through Spring Cloud
 * ({@link SpringCloudServiceDiscovery}), when Spring Cloud Commons is on the class path. Without
 * it, such a service stops start-up naming the dependency to add.
 */
@AutoConfiguration(before = CourierAutoConfiguration.class)
@ConditionalOnClass({CourierClient.class, DiscoveryClient.class})
public final class CourierDiscoveryAutoConfiguration {

  CourierDiscoveryAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean(CourierServiceDiscovery.class)
  SpringCloudServiceDiscovery courierServiceDiscovery(ListableBeanFactory beanFactory) {
    return new SpringCloudServiceDiscovery(beanFactory);
  }
}
