package dev.courier.autoconfigure.cloud.loadbalancer;

import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import dev.courier.autoconfigure.http.service.CourierRestClientHttpServiceGroupConfigurer;

/**
 * Takes Spring Cloud LoadBalancer's interceptor off each HTTP service group that gets the base
 * URL of its Courier service ({@link CourierRestClientHttpServiceGroupConfigurer#setsBaseUrl}).
 * LoadBalancer adds it to every group without {@code spring.http.serviceclient.<group>.base-url},
 * to resolve {@code http://<group>} through its discovery client; left on a Courier service's
 * group it would look up the host of the service's base URL as a service and fail.
 *
 * <p>A Courier service without a base URL keeps LoadBalancer's interceptor: LoadBalancer picks
 * the instance, and the call runs on the service's Courier client. Ordered with Courier's own
 * configurer, after LoadBalancer's (order 10), so declaration order does not matter.
 */
final class CourierServiceGroupLoadBalancerConfigurer
    implements RestClientHttpServiceGroupConfigurer {
  private final CourierRestClientHttpServiceGroupConfigurer courier;

  CourierServiceGroupLoadBalancerConfigurer(CourierRestClientHttpServiceGroupConfigurer courier) {
    this.courier = courier;
  }

  @Override
  public int getOrder() {
    return CourierRestClientHttpServiceGroupConfigurer.ORDER;
  }

  @Override
  public void configureGroups(Groups<RestClient.Builder> groups) {
    groups.filter(group -> courier.setsBaseUrl(group.name())).forEachClient((group, builder) ->
        builder.requestInterceptors(interceptors -> interceptors.removeIf(interceptor ->
            interceptor instanceof DeferringLoadBalancerInterceptor
                || interceptor instanceof BlockingLoadBalancerInterceptor)));
  }
}
