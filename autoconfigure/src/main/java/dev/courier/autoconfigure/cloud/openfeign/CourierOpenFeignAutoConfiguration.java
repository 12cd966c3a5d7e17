package dev.courier.autoconfigure.cloud.openfeign;

import java.util.List;

import feign.Client;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.openfeign.FeignClientFactoryBean;
import org.springframework.cloud.openfeign.loadbalancer.LoadBalancerFeignRequestTransformer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.openfeign.CourierFeignClient;

/**
 * Auto-configuration of Spring Cloud OpenFeign on Courier, active with
 * {@code dev.courier:courier-openfeign} and Spring Cloud OpenFeign on the class path: the
 * {@code feign.Client} of every {@code @FeignClient} (OpenFeign's own backs off).
 *
 * <ul>
 *   <li>{@code @FeignClient(name = "catalog")} with a Courier service {@code catalog}: the
 *       service's client and base URL, with its timeouts, default headers, interceptors and
 *       resilience; LoadBalancer is not asked.
 *   <li>{@code @FeignClient(url = ...)}: the service whose base URL has that origin, else the
 *       shared client.
 *   <li>Other names: Spring Cloud LoadBalancer's {@code FeignBlockingLoadBalancerClient} picks the
 *       instance and Courier's shared client calls it; without LoadBalancer, the shared client
 *       calls {@code http://<name>}.
 * </ul>
 *
 * <p>Feign's options ({@code spring.cloud.openfeign.client.config.<name>.*}) apply per call where
 * they differ from Feign's defaults (connect 10 s, read 60 s, follow redirects); at the defaults,
 * the Courier client's own settings apply. See {@link CourierFeignClient}.
 */
@AutoConfiguration(after = CourierAutoConfiguration.class, afterName = {
    "org.springframework.cloud.loadbalancer.config.BlockingLoadBalancerClientAutoConfiguration",
    "org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration"},
    beforeName = {
        "org.springframework.cloud.openfeign.loadbalancer.FeignLoadBalancerAutoConfiguration",
        "org.springframework.cloud.openfeign.FeignAutoConfiguration"})
@ConditionalOnClass({Client.class, FeignClientFactoryBean.class, CourierFeignClient.class})
@ConditionalOnBean({CourierClient.class, CourierServices.class})
public final class CourierOpenFeignAutoConfiguration {

  CourierOpenFeignAutoConfiguration() {
  }

  /** Without Spring Cloud LoadBalancer: Courier services, and other hosts as they are named. */
  @Bean
  @ConditionalOnMissingBean(Client.class)
  Client courierFeignClient(CourierClient courierClient, CourierServices courierServices) {
    return new ServiceRoutingFeignClient(courierClient, courierServices);
  }

  /**
   * With Spring Cloud LoadBalancer: its Feign client for other names, on Courier. A member class,
   * so Spring registers it before the bean methods of the enclosing class, whose client then
   * backs off.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({LoadBalancerClient.class, LoadBalancerClientFactory.class,
      LoadBalancerFeignRequestTransformer.class})
  @ConditionalOnBean({LoadBalancerClient.class, LoadBalancerClientFactory.class})
  @ConditionalOnProperty(name = "spring.cloud.loadbalancer.enabled", matchIfMissing = true)
  static class LoadBalanced {

    @Bean
    @ConditionalOnMissingBean(Client.class)
    Client courierLoadBalancerFeignClient(CourierClient courierClient,
        CourierServices courierServices, LoadBalancerClient loadBalancerClient,
        LoadBalancerClientFactory loadBalancerClientFactory,
        List<LoadBalancerFeignRequestTransformer> transformers) {
      return new CourierLoadBalancerFeignClient(
          new ServiceRoutingFeignClient(courierClient, courierServices), loadBalancerClient,
          loadBalancerClientFactory, transformers);
    }
  }
}
