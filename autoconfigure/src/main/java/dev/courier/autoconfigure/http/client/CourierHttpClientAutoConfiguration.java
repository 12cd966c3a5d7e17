package dev.courier.autoconfigure.http.client;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.client.ClientHttpRequestFactory;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.http.CourierClientHttpRequestFactoryBuilder;

/**
 * Auto-configuration that makes Courier Spring Boot's {@link ClientHttpRequestFactoryBuilder}: a
 * {@link CourierClientHttpRequestFactoryBuilder} over the shared {@link CourierClient}, with Boot's
 * {@link ClientHttpRequestFactoryBuilderCustomizer} beans applied in order. Boot's own builder
 * backs off, and {@code RestClient.Builder}, {@code RestTemplateBuilder} and HTTP service groups
 * then run on Courier, with {@code spring.http.clients.*} applied on top of {@code courier.*}.
 *
 * <p>Runs before Boot's HTTP client and {@code RestClient} auto-configurations, and not at all
 * when the application picks a factory with {@code spring.http.clients.imperative.factory} or
 * defines its own {@link ClientHttpRequestFactoryBuilder} bean.
 */
@AutoConfiguration(after = CourierAutoConfiguration.class, beforeName = {
    "org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
    "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
    "org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration"})
@ConditionalOnClass({ClientHttpRequestFactory.class, ClientHttpRequestFactoryBuilder.class})
@ConditionalOnBean(CourierClient.class)
@Conditional(NoImperativeFactoryChosenCondition.class)
public final class CourierHttpClientAutoConfiguration {

  CourierHttpClientAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  ClientHttpRequestFactoryBuilder<?> clientHttpRequestFactoryBuilder(CourierClient courierClient,
      ObjectProvider<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
    return customize(new CourierClientHttpRequestFactoryBuilder(courierClient),
        customizers.orderedStream().toList());
  }

  // Customizers are generic in the builder type; LambdaSafe skips those written for another one.
  @SuppressWarnings("unchecked")
  private static ClientHttpRequestFactoryBuilder<?> customize(
      ClientHttpRequestFactoryBuilder<?> builder,
      List<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
    ClientHttpRequestFactoryBuilder<?>[] result = {builder};
    LambdaSafe.callbacks(ClientHttpRequestFactoryBuilderCustomizer.class, customizers, builder)
        .invoke(customizer -> result[0] = customizer.customize(result[0]));
    return result[0];
  }
}
