package dev.courier.autoconfigure.cloud.gateway;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctionDefinition;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.cloud.ServiceTarget;
import dev.courier.autoconfigure.cloud.ServiceTargets;

/**
 * What a configured route with {@code uri: lb://<name>} does, as Gateway Server MVC looks it up:
 * the bean named {@code lbHandlerFunctionDefinition}. When {@code <name>} is a Courier service,
 * the route proxies to {@code http://<name>}, which the proxy's request factory sends through the
 * service's client to its base URL; Spring Cloud LoadBalancer is not asked. Other names go to
 * LoadBalancer's definition when it is present, and stop start-up with the reason when it is not.
 */
final class ServiceRouteDefinitions
    implements Function<RouteProperties, HandlerFunctionDefinition> {
  /** The bean name Gateway Server MVC looks {@code lb} routes up by: scheme + this suffix. */
  static final String LB_BEAN_NAME = "lbHandlerFunctionDefinition";

  private final ObjectProvider<CourierServices> services;
  private final @Nullable Function<RouteProperties, HandlerFunctionDefinition> loadBalancer;

  /**
   * Creates the definitions.
   *
   * @param loadBalancer Spring Cloud LoadBalancer's definition for other names, or null if
   *     LoadBalancer is not present
   */
  ServiceRouteDefinitions(ObjectProvider<CourierServices> services,
      @Nullable Function<RouteProperties, HandlerFunctionDefinition> loadBalancer) {
    this.services = services;
    this.loadBalancer = loadBalancer;
  }

  @Override
  public HandlerFunctionDefinition apply(RouteProperties route) {
    URI uri = Objects.requireNonNull(route.getUri(), "routeProperties.uri must not be null");
    CourierServices courierServices = services.getIfAvailable();
    ServiceTarget target = courierServices == null
        ? null : new ServiceTargets(courierServices).resolve(uri);
    if (target != null) {
      return new HandlerFunctionDefinition.Default("lb", HandlerFunctions.http(),
          List.of(toService(route.getId(), ServiceTargets.serviceUrl(target.service()))),
          List.of());
    }
    if (loadBalancer != null) return loadBalancer.apply(route);
    throw new IllegalStateException("Route '" + route.getId() + "' targets " + uri + ", but no "
        + "Courier service of that name is configured (configured services: "
        + (courierServices == null ? "none" : courierServices.names()) + ") and Spring Cloud "
        + "LoadBalancer, which would resolve the name, is not on the class path. Configure "
        + "courier.services." + uri.getHost() + ".base-url, or add "
        + "org.springframework.cloud:spring-cloud-starter-loadbalancer.");
  }

  /** Sets the route's id and target as Gateway's own {@code http} routes do. */
  private static HandlerFilterFunction<ServerResponse, ServerResponse> toService(
      @Nullable String routeId, URI serviceUrl) {
    return (request, next) -> {
      if (routeId != null) MvcUtils.setRouteId(request, routeId);
      MvcUtils.setRequestUrl(request, serviceUrl);
      return next.handle(request);
    };
  }
}
