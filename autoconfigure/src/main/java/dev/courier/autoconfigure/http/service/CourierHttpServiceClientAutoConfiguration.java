package dev.courier.autoconfigure.http.service;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceProxyRegistry;

import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.http.client.CourierHttpClientAutoConfiguration;

/**
 * Auto-configuration that runs each Spring HTTP service group on the Courier service client of
 * the same name: {@code @ImportHttpServices(group = "catalog", ...)} calls go through
 * {@code services.client("catalog")}, its interceptors and settings. The group's base URL is
 * {@code spring.http.serviceclient.catalog.base-url} when set, else
 * {@code courier.services.catalog.base-url}; the group's {@code spring.http.serviceclient.catalog.*}
 * timeouts, redirects and SSL bundle apply on top of the service's Courier settings.
 *
 * <p>Spring observes the group's calls ({@code http.client.requests}) with the service's name as
 * {@code client.name}, as Courier does for the service's direct calls.
 *
 * <p>Groups without a Courier service of their name still run on Courier, through the shared
 * client, when {@link CourierHttpClientAutoConfiguration} is active.
 */
@AutoConfiguration(after = {CourierAutoConfiguration.class,
    CourierHttpClientAutoConfiguration.class}, afterName = {
    "org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration",
    "org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration"})
@ConditionalOnClass({RestClientHttpServiceGroupConfigurer.class,
    HttpServiceClientProperties.class})
@ConditionalOnBean({HttpServiceProxyRegistry.class, CourierServices.class,
    HttpServiceClientProperties.class})
public final class CourierHttpServiceClientAutoConfiguration {

  CourierHttpServiceClientAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CourierRestClientHttpServiceGroupConfigurer courierRestClientHttpServiceGroupConfigurer(
      CourierServices courierServices, HttpServiceClientProperties properties,
      ObjectProvider<SslBundles> sslBundles) {
    return new CourierRestClientHttpServiceGroupConfigurer(courierServices, properties,
        sslBundles.getIfAvailable());
  }

  @Bean
  @ConditionalOnMissingBean
  CourierServiceGroupObservationConfigurer courierServiceGroupObservationConfigurer(
      CourierServices courierServices, BeanFactory beanFactory, Environment environment) {
    return new CourierServiceGroupObservationConfigurer(courierServices, beanFactory, environment);
  }
}
