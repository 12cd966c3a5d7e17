package dev.courier.autoconfigure.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctionDefinition;

import dev.courier.CourierClient;
import dev.courier.HttpUrl;
import dev.courier.autoconfigure.CourierServices;

/**
 * {@code lb://} routes without Spring Cloud LoadBalancer, which the started gateway of
 * {@link CourierGatewayAutoConfigurationTests} has: a Courier service works, another name stops
 * start-up with the reason.
 */
class ServiceRouteDefinitionsTest {
  private final CourierClient client = new CourierClient();
  private final StaticListableBeanFactory beanFactory = new StaticListableBeanFactory(Map.of(
      "courierServices", new CourierServices(Map.of("catalog", client),
          Map.of("catalog", HttpUrl.get("http://catalog.internal/api/")))));
  private final ServiceRouteDefinitions definitions =
      new ServiceRouteDefinitions(beanFactory.getBeanProvider(CourierServices.class), null);

  @AfterEach
  void close() {
    client.close();
  }

  private static RouteProperties route(String uri) {
    RouteProperties route = new RouteProperties();
    route.setId("r1");
    route.setUri(URI.create(uri));
    return route;
  }

  @Test
  void anLbRouteToACourierServiceProxiesWithoutLoadBalancer() {
    HandlerFunctionDefinition definition = definitions.apply(route("lb://catalog"));

    assertThat(definition.handlerFunction()).isNotNull();
    assertThat(definition.lowerPrecedenceFilters()).hasSize(1);
    assertThat(definition.higherPrecedenceFilters()).isEmpty();
  }

  @Test
  void anLbRouteToAnotherNameStopsStartUpWithTheReason() {
    Throwable thrown = catchThrowable(() -> definitions.apply(route("lb://inventory")));

    assertThat(thrown).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Route 'r1' targets lb://inventory")
        .hasMessageContaining("configured services: [catalog]")
        .hasMessageContaining("courier.services.inventory.base-url")
        .hasMessageContaining("spring-cloud-starter-loadbalancer");
  }
}
