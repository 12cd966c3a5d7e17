package dev.courier.autoconfigure.cloud.openfeign;

import java.io.IOException;
import java.util.List;

import feign.Request;
import feign.Response;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.openfeign.loadbalancer.FeignBlockingLoadBalancerClient;
import org.springframework.cloud.openfeign.loadbalancer.LoadBalancerFeignRequestTransformer;

/**
 * Spring Cloud OpenFeign's load-balancing client on Courier: a request to a Courier service goes
 * straight to the service's client (the service is where Courier says, LoadBalancer is not asked);
 * any other name is resolved by Spring Cloud LoadBalancer, and the request to the instance it
 * picks runs on Courier ({@link ServiceRoutingFeignClient}, the delegate). A
 * {@code @FeignClient} with a {@code url} gets the delegate alone, as OpenFeign does with its own
 * load-balancing client.
 */
final class CourierLoadBalancerFeignClient extends FeignBlockingLoadBalancerClient {
  private final ServiceRoutingFeignClient courier;

  CourierLoadBalancerFeignClient(ServiceRoutingFeignClient courier,
      LoadBalancerClient loadBalancerClient, LoadBalancerClientFactory loadBalancerClientFactory,
      List<LoadBalancerFeignRequestTransformer> transformers) {
    super(courier, loadBalancerClient, loadBalancerClientFactory, transformers);
    this.courier = courier;
  }

  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    if (courier.target(request) != null) return courier.execute(request, options);
    return super.execute(request, options);
  }
}
