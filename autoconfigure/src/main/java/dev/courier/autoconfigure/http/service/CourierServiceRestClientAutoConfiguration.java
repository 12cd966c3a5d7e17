package dev.courier.autoconfigure.http.service;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierAutoConfiguration;

/**
 * A {@link RestClient} bean per Courier service, qualified by its name, on the service's client
 * and base URL: {@code @Qualifier("catalog") RestClient catalog} then
 * {@code catalog.get().uri("items/{id}", 1).retrieve()}. See
 * {@link CourierServiceRestClientsRegistrar}.
 */
@AutoConfiguration(after = CourierAutoConfiguration.class,
    afterName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass({CourierClient.class, RestClient.class})
@Import(CourierServiceRestClientsRegistrar.class)
public final class CourierServiceRestClientAutoConfiguration {

  CourierServiceRestClientAutoConfiguration() {
  }
}
