package dev.courier.autoconfigure.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.SimpleClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.courier.CourierClient;
import dev.courier.Interceptor;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.http.CourierClientHttpRequestFactory;
import dev.courier.autoconfigure.http.CourierClientHttpRequestFactoryBuilder;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

class CourierHttpClientAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          CourierHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
          ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class));

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
  void whenCourierIsPresentThenBootsRequestFactoryBuilderIsCourier() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(ClientHttpRequestFactoryBuilder.class);
      ClientHttpRequestFactoryBuilder<?> builder =
          context.getBean(ClientHttpRequestFactoryBuilder.class);
      assertThat(builder).isInstanceOf(CourierClientHttpRequestFactoryBuilder.class);
      assertThat(((CourierClientHttpRequestFactoryBuilder) builder).client())
          .isSameAs(context.getBean(CourierClient.class));
    });
  }

  @Test
  void whenRestClientBuilderFromBootCallsAServerThenTheCallGoesThroughCourierInterceptors() {
    server.enqueue(new MockResponse.Builder().body("hello").build());
    runner.withUserConfiguration(MarkingInterceptorConfiguration.class).run(context -> {
      RestClient restClient = context.getBean(RestClient.Builder.class)
          .baseUrl(server.url("/").toString()).build();
      assertThat(restClient.get().uri("/greeting").retrieve().body(String.class))
          .isEqualTo("hello");
      RecordedRequest recorded = server.takeRequest();
      assertThat(recorded.getTarget()).isEqualTo("/greeting");
      assertThat(recorded.getHeaders().get("X-Courier")).isEqualTo("intercepted");
      assertThat(context.getBean(MarkingInterceptorConfiguration.class).seen)
          .containsExactly("/greeting");
    });
  }

  @Test
  void whenSpringHttpClientSettingsAreSetThenTheyApplyOnTopOfCourier() {
    runner.withPropertyValues("courier.connect-timeout=4s", "spring.http.clients.read-timeout=3s",
        "spring.http.clients.redirects=dont-follow").run(context -> {
          CourierClient shared = context.getBean(CourierClient.class);
          // Boot's ClientHttpRequestFactory bean is built like every RestClient.Builder's factory:
          // the builder bean applied to the HttpClientSettings from spring.http.clients.*.
          ClientHttpRequestFactory factory = context.getBean(ClientHttpRequestFactory.class);
          assertThat(factory).isInstanceOf(CourierClientHttpRequestFactory.class);
          CourierClient used = ((CourierClientHttpRequestFactory) factory).client();
          assertThat(used.readTimeoutMillis()).isEqualTo(3_000);
          assertThat(used.followRedirects()).isFalse();
          assertThat(used.connectTimeoutMillis()).isEqualTo(4_000);
          assertThat(used.connectionPool()).isSameAs(shared.connectionPool());
          assertThat(used.dispatcher()).isSameAs(shared.dispatcher());
        });
  }

  @Test
  void whenBootRequestFactoryBuilderCustomizerExistsThenItIsApplied() {
    runner.withUserConfiguration(BuilderCustomizerConfiguration.class).run(context -> {
      context.getBean(RestClient.Builder.class).build();
      assertThat(context.getBean(BuilderCustomizerConfiguration.class).customized).isTrue();
    });
  }

  @Test
  void whenApplicationChoosesAnotherFactoryThenCourierBacksOff() {
    runner.withPropertyValues("spring.http.clients.imperative.factory=simple").run(context ->
        assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
            .isInstanceOf(SimpleClientHttpRequestFactoryBuilder.class));
  }

  @Test
  void whenApplicationDefinesItsOwnBuilderThenCourierBacksOff() {
    runner.withBean("myBuilder", ClientHttpRequestFactoryBuilder.class,
        ClientHttpRequestFactoryBuilder::simple).run(context -> {
          assertThat(context).hasSingleBean(ClientHttpRequestFactoryBuilder.class);
          assertThat(context).hasBean("myBuilder");
        });
  }

  @Test
  void whenNoCourierClientBeanThenNothingIsRegistered() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CourierHttpClientAutoConfiguration.class))
        .run(context -> assertThat(context)
            .doesNotHaveBean(CourierClientHttpRequestFactoryBuilder.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class MarkingInterceptorConfiguration {
    final List<String> seen = new ArrayList<>();

    @Bean
    Interceptor marking() {
      return chain -> {
        seen.add(chain.request().url().encodedPath());
        return chain.proceed(chain.request().newBuilder()
            .header("X-Courier", "intercepted").build());
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BuilderCustomizerConfiguration {
    boolean customized;

    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<CourierClientHttpRequestFactoryBuilder> mark() {
      return builder -> {
        customized = true;
        return builder;
      };
    }
  }
}
