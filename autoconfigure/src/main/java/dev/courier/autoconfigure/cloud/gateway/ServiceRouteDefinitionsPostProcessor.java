package dev.courier.autoconfigure.cloud.gateway;

import java.util.function.Function;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctionDefinition;

import dev.courier.autoconfigure.CourierServices;

/**
 * Puts {@link ServiceRouteDefinitions} in front of Gateway Server MVC's
 * {@code lbHandlerFunctionDefinition} (Spring Cloud LoadBalancer's), so that {@code lb://<name>}
 * routes to a Courier service use the service and the others stay LoadBalancer's.
 */
final class ServiceRouteDefinitionsPostProcessor implements BeanPostProcessor {
  private final ObjectProvider<CourierServices> services;

  ServiceRouteDefinitionsPostProcessor(ObjectProvider<CourierServices> services) {
    this.services = services;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!ServiceRouteDefinitions.LB_BEAN_NAME.equals(beanName)
        || bean instanceof ServiceRouteDefinitions || !(bean instanceof Function<?, ?>)) {
      return bean;
    }
    // The gateway calls it with a RouteProperties and casts the result, as typed here.
    return new ServiceRouteDefinitions(services,
        (Function<RouteProperties, HandlerFunctionDefinition>) bean);
  }
}
