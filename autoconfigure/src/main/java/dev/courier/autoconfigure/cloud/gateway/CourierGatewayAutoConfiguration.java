package dev.courier.autoconfigure.cloud.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctionDefinition;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.cloud.ServiceTargets;
import dev.courier.autoconfigure.http.CourierClientHttpRequestFactory;
import dev.courier.autoconfigure.http.CourierClientHttpRequestFactoryBuilder;
import dev.courier.autoconfigure.http.client.CourierHttpClientAutoConfiguration;
import dev.courier.autoconfigure.http.service.ServiceClientRequestObservationConvention;

/**
 * Auto-configuration of Spring Cloud Gateway Server MVC on Courier services: a route whose target
 * is a Courier service ({@code lb://<name>}, {@code http://<name>}, or its base URL's origin; see
 * {@link ServiceTargets}) proxies through that service's client, with its timeouts, default
 * headers, interceptors and resilience; other routes run on the application's shared request
 * factory (Courier's shared client, with {@code spring.http.clients.*}).
 *
 * <ul>
 *   <li>{@code courierProxyExchange}: the gateway's {@link ProxyExchange} (Gateway's own backs
 *       off), Gateway's {@link RestClientProxyExchange} over a {@code RestClient} from the
 *       application's {@code RestClient.Builder} whose request factory routes by service, with
 *       upstream failures answered as 502, 503 or 504 ({@link CourierProxyExchange}). A service's
 *       routes follow redirects as {@code spring.http.clients.redirects} says, which Gateway sets
 *       to {@code dont-follow} unless the application sets it: a proxy hands a redirect to its
 *       caller. The other {@code spring.http.clients.*} settings do not apply to a service,
 *       whose {@code courier.services.<name>.*} settings are the more specific.
 *   <li>{@code lb://<name>} routes to a Courier service skip Spring Cloud LoadBalancer
 *       ({@link ServiceRouteDefinitions}); without LoadBalancer they work too.
 * </ul>
 *
 * <p>{@link GatewayConnectionPoolDefaults} raises the default of
 * {@code courier.pool.max-idle-connections} for a gateway.
 */
@AutoConfiguration(after = {CourierAutoConfiguration.class,
    CourierHttpClientAutoConfiguration.class},
    beforeName = "org.springframework.cloud.gateway.server.mvc.GatewayServerMvcAutoConfiguration",
    afterName = {
        "org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
        "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration"})
@ConditionalOnClass({RestClientProxyExchange.class, RestClient.class})
@ConditionalOnProperty(name = "spring.cloud.gateway.server.webmvc.enabled", matchIfMissing = true)
@ConditionalOnBean(CourierServices.class)
public final class CourierGatewayAutoConfiguration {
  private static final boolean OBSERVATION_PRESENT = ClassUtils.isPresent(
      "io.micrometer.observation.ObservationConvention",
      CourierGatewayAutoConfiguration.class.getClassLoader());

  CourierGatewayAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean(ProxyExchange.class)
  CourierProxyExchange courierProxyExchange(RestClient.Builder restClientBuilder,
      GatewayMvcProperties gatewayProperties, CourierServices services,
      CourierClient courierClient, ObjectProvider<ClientHttpRequestFactory> sharedFactory,
      ObjectProvider<HttpClientSettings> sharedSettings, BeanFactory beanFactory,
      Environment environment) {
    HttpClientSettings shared = sharedSettings.getIfAvailable();
    HttpRedirects redirects = shared != null && shared.redirects() != null
        ? shared.redirects() : HttpRedirects.DONT_FOLLOW;
    HttpClientSettings serviceSettings = HttpClientSettings.defaults().withRedirects(redirects);
    Map<String, ClientHttpRequestFactory> serviceFactories = new LinkedHashMap<>();
    for (String name : services.names()) {
      serviceFactories.put(name,
          new CourierClientHttpRequestFactoryBuilder(services.client(name)).build(serviceSettings));
    }
    ClientHttpRequestFactory fallback =
        sharedFactory.getIfAvailable(() -> new CourierClientHttpRequestFactory(courierClient));
    restClientBuilder.requestFactory(new ServiceRoutingRequestFactory(
        new ServiceTargets(services), serviceFactories, fallback));
    if (OBSERVATION_PRESENT) {
      restClientBuilder.observationConvention(
          ServiceClientRequestObservationConvention.of(beanFactory, environment,
              ServiceRoutingRequestFactory::serviceOf));
    }
    return new CourierProxyExchange(
        new RestClientProxyExchange(restClientBuilder.build(), gatewayProperties));
  }

  @Bean
  static ServiceRouteDefinitionsPostProcessor courierServiceRouteDefinitionsPostProcessor(
      ObjectProvider<CourierServices> services) {
    return new ServiceRouteDefinitionsPostProcessor(services);
  }

  /**
   * {@code lb://<name>} routes without Spring Cloud LoadBalancer, whose absence leaves Gateway
   * without a definition for them: Courier services work, other names stop start-up.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass("org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient")
  static class WithoutLoadBalancer {

    @Bean(name = ServiceRouteDefinitions.LB_BEAN_NAME)
    @ConditionalOnMissingBean(name = ServiceRouteDefinitions.LB_BEAN_NAME)
    Function<RouteProperties, HandlerFunctionDefinition> lbHandlerFunctionDefinition(
        ObjectProvider<CourierServices> services) {
      return new ServiceRouteDefinitions(services, null);
    }
  }
}
