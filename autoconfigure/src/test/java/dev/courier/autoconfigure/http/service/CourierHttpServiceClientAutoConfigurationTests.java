package dev.courier.autoconfigure.http.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import dev.courier.Interceptor;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierService;
import dev.courier.autoconfigure.http.client.CourierHttpClientAutoConfiguration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

class CourierHttpServiceClientAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          CourierHttpClientAutoConfiguration.class, CourierHttpServiceClientAutoConfiguration.class,
          HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
          RestClientAutoConfiguration.class, HttpServiceClientPropertiesAutoConfiguration.class,
          HttpServiceClientAutoConfiguration.class))
      .withUserConfiguration(HttpServicesConfiguration.class);

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startServer() throws IOException {
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void whenGroupHasCourierServiceThenHttpInterfaceCallsRunOnItsClientAndBaseUrl() {
    server.enqueue(new MockResponse.Builder().body("item 42").build());
    runner.withUserConfiguration(CatalogScopeConfiguration.class).withPropertyValues(
        "courier.services.catalog.base-url=" + server.url("/api/"),
        "courier.services.catalog.default-headers.X-Client=my-service").run(context -> {
          assertThat(context.getBean(CatalogApi.class).item("42")).isEqualTo("item 42");
          RecordedRequest recorded = server.takeRequest();
          assertThat(recorded.getTarget()).isEqualTo("/api/items/42");
          assertThat(recorded.getHeaders().get("X-Client")).isEqualTo("my-service");
          assertThat(recorded.getHeaders().get("X-Scope")).isEqualTo("catalog");
          assertThat(context.getBean(HttpServicesConfiguration.class).seen)
              .containsExactly("shared /api/items/42", "catalog /api/items/42");
        });
  }

  @Test
  void whenSpringServiceClientSetsTheBaseUrlThenItWinsAndCourierServiceStillApplies() {
    server.enqueue(new MockResponse.Builder().body("item 7").build());
    runner.withUserConfiguration(CatalogScopeConfiguration.class).withPropertyValues(
        "spring.http.serviceclient.catalog.base-url=" + server.url("/v2/"),
        "courier.services.catalog.base-url=http://unused.invalid/",
        "courier.services.catalog.read-timeout=2s").run(context -> {
          assertThat(context.getBean(CatalogApi.class).item("7")).isEqualTo("item 7");
          RecordedRequest recorded = server.takeRequest();
          assertThat(recorded.getTarget()).isEqualTo("/v2/items/7");
          assertThat(recorded.getHeaders().get("X-Scope")).isEqualTo("catalog");
        });
  }

  @Test
  void whenGroupHasNoCourierServiceThenItRunsOnTheSharedCourierClient() {
    server.enqueue(new MockResponse.Builder().body("item 1").build());
    runner.withPropertyValues("spring.http.serviceclient.catalog.base-url=" + server.url("/"))
        .withPropertyValues("courier.services.billing.base-url=http://billing/")
        .run(context -> {
          assertThat(context.getBean(CatalogApi.class).item("1")).isEqualTo("item 1");
          RecordedRequest recorded = server.takeRequest();
          assertThat(recorded.getHeaders().get("X-Shared")).isEqualTo("yes");
          assertThat(recorded.getHeaders().get("X-Scope")).isNull();
        });
  }

  @Test
  void whenNoHttpServicesAreImportedThenNoConfigurerIsRegistered() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
            CourierHttpServiceClientAutoConfiguration.class,
            HttpServiceClientPropertiesAutoConfiguration.class))
        .run(context -> assertThat(context)
            .doesNotHaveBean(CourierRestClientHttpServiceGroupConfigurer.class));
  }

  /** An HTTP service interface, as an application declares one. */
  @HttpExchange
  interface CatalogApi {
    @GetExchange("items/{id}")
    String item(@PathVariable String id);
  }

  @Configuration(proxyBeanMethods = false)
  @ImportHttpServices(group = "catalog", types = CatalogApi.class)
  static class HttpServicesConfiguration {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Bean
    Interceptor shared() {
      return chain -> {
        seen.add("shared " + chain.request().url().encodedPath());
        return chain.proceed(chain.request().newBuilder().header("X-Shared", "yes").build());
      };
    }

  }

  @Configuration(proxyBeanMethods = false)
  static class CatalogScopeConfiguration {
    @Bean
    @CourierService("catalog")
    Interceptor catalogScope(HttpServicesConfiguration trace) {
      return chain -> {
        trace.seen.add("catalog " + chain.request().url().encodedPath());
        return chain.proceed(chain.request().newBuilder().header("X-Scope", "catalog").build());
      };
    }
  }
}
