package dev.courier.autoconfigure.cloud.loadbalancer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import dev.courier.autoconfigure.http.service.CourierHttpServiceClientAutoConfiguration;
import dev.courier.autoconfigure.http.service.CourierRestClientHttpServiceGroupConfigurer;

/**
 * Auto-configuration for Spring Cloud LoadBalancer beside Courier's HTTP service groups: a group
 * of a Courier service with a base URL keeps that URL and the service's client, and LoadBalancer
 * keeps the groups without one. See {@link CourierServiceGroupLoadBalancerConfigurer}.
 */
@AutoConfiguration(after = CourierHttpServiceClientAutoConfiguration.class,
    afterName = "org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration")
@ConditionalOnClass({DeferringLoadBalancerInterceptor.class,
    RestClientHttpServiceGroupConfigurer.class})
@ConditionalOnBean(CourierRestClientHttpServiceGroupConfigurer.class)
public final class CourierLoadBalancerAutoConfiguration {

  CourierLoadBalancerAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CourierServiceGroupLoadBalancerConfigurer courierServiceGroupLoadBalancerConfigurer(
      CourierRestClientHttpServiceGroupConfigurer courier) {
    return new CourierServiceGroupLoadBalancerConfigurer(courier);
  }
}
