package dev.courier.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClient;

import dev.courier.CourierClient;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierClientCustomizer;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.http.CourierClientHttpRequestFactory;
import dev.courier.micrometer.CourierMeterObservationHandler;
import dev.courier.micrometer.CourierObservationContext;
import dev.courier.micrometer.CourierObservationConvention;
import dev.courier.micrometer.CourierObservationInterceptor;
import dev.courier.micrometer.DefaultCourierObservationConvention;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

class CourierObservationAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          CourierObservationAutoConfiguration.class));

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startServer() throws IOException {
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private void get(CourierClient client, String path) throws IOException {
    client.newCall(new Request.Builder().url(server.url(path).toString()).build())
        .execute().close();
  }

  @Test
  void whenNoObservationRegistryThenClientsAreNotInstrumented() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean(CourierObservationCustomizer.class);
      assertThat(context.getBean(CourierClient.class).interceptors()).isEmpty();
    });
  }

  @Test
  void whenCourierMicrometerIsMissingThenClientsAreNotInstrumented() {
    runner.withUserConfiguration(TestRegistry.class)
        .withClassLoader(new FilteredClassLoader("dev.courier.micrometer"))
        .run(context -> {
          assertThat(context).hasNotFailed()
              .doesNotHaveBean("courierObservationCustomizer");
          assertThat(context.getBean(CourierClient.class).interceptors()).isEmpty();
        });
  }

  @Test
  void whenObservationRegistryExistsThenTheSharedClientObservesItsCalls() {
    runner.withUserConfiguration(TestRegistry.class).run(context -> {
      CourierClient client = context.getBean(CourierClient.class);
      assertThat(client.interceptors().get(0)).isInstanceOf(CourierObservationInterceptor.class);
      server.enqueue(new MockResponse.Builder().build());
      get(client, "/");
      TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
          .hasSingleObservationThat()
          .hasNameEqualTo("http.client.requests")
          .hasLowCardinalityKeyValue("client.name", server.getHostName());
    });
  }

  @Test
  void whenAServiceIsConfiguredThenItsCallsCarryTheServiceName() {
    runner.withUserConfiguration(TestRegistry.class)
        .withPropertyValues("courier.services.catalog.base-url=" + server.url("/api/"))
        .run(context -> {
          CourierClient catalog = context.getBean(CourierServices.class).client("catalog");
          assertThat(catalog.interceptors())
              .filteredOn(CourierObservationInterceptor.class::isInstance).hasSize(1);
          assertThat(((CourierObservationInterceptor) catalog.interceptors().get(0))
              .serviceName()).isEqualTo("catalog");
          server.enqueue(new MockResponse.Builder().build());
          get(catalog, "/api/items");
          TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
              .hasSingleObservationThat().hasLowCardinalityKeyValue("client.name", "catalog");
        });
  }

  @Test
  void whenOtherCustomizersPutInterceptorsFirstThenTheObservationStaysOutermost() {
    runner.withUserConfiguration(TestRegistry.class, FirstInterceptorCustomizer.class)
        .run(context -> {
          CourierClient client = context.getBean(CourierClient.class);
          assertThat(client.interceptors()).hasSize(2);
          assertThat(client.interceptors().get(0))
              .isInstanceOf(CourierObservationInterceptor.class);
        });
  }

  @Test
  void whenAConventionBeanExistsThenItNamesTheKeys() {
    runner.withUserConfiguration(TestRegistry.class, CustomConvention.class).run(context -> {
      server.enqueue(new MockResponse.Builder().build());
      get(context.getBean(CourierClient.class), "/");
      TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
          .hasSingleObservationThat()
          .hasNameEqualTo("outbound")
          .hasLowCardinalityKeyValue("team", "checkout")
          .hasLowCardinalityKeyValue("status", "200");
    });
  }

  @Test
  void whenRestClientRunsOnCourierThenSpringsUriTemplateIsTheUri() {
    runner.withUserConfiguration(TestRegistry.class).run(context -> {
      RestClient restClient = RestClient.builder()
          .requestFactory(new CourierClientHttpRequestFactory(context.getBean(CourierClient.class)))
          .build();
      server.enqueue(new MockResponse.Builder().body("pen").build());
      String body = restClient.get().uri(server.url("/").toString() + "items/{id}", 42)
          .retrieve().body(String.class);
      assertThat(body).isEqualTo("pen");
      assertThat(server.takeRequest().getTarget()).isEqualTo("/items/42");
      TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
          .hasSingleObservationThat()
          .hasNameEqualTo("http.client.requests")
          .hasLowCardinalityKeyValue("uri", "/items/{id}");
    });
  }

  @Test
  void whenSpringObservesTheRestClientThenTheCallIsRecordedOnce() {
    runner.withUserConfiguration(TestRegistry.class).run(context -> {
      TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
      RestClient restClient = RestClient.builder()
          .observationRegistry(registry)
          .requestFactory(new CourierClientHttpRequestFactory(context.getBean(CourierClient.class)))
          .build();
      server.enqueue(new MockResponse.Builder().body("pen").build());
      restClient.get().uri(server.url("/").toString() + "items/{id}", 42)
          .retrieve().body(String.class);
      TestObservationRegistryAssert.assertThat(registry)
          .hasNumberOfObservationsWithNameEqualTo("http.client.requests", 1)
          .hasHandledContextsThatSatisfy(contexts -> assertThat(contexts)
              .singleElement().isInstanceOf(ClientRequestObservationContext.class));
    });
  }

  /** Spring Boot's own observation and metrics wiring, with a simple meter registry. */
  private ApplicationContextRunner withBootMetrics() {
    return runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
        MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class));
  }

  @Test
  void whenNoMeterRegistryThenThereIsNoCourierMeterHandler() {
    runner.withUserConfiguration(TestRegistry.class).run(context ->
        assertThat(context).doesNotHaveBean(CourierMeterObservationHandler.class));
  }

  @Test
  void whenAMeterRegistryExistsThenCourierCallsAreMeteredByTheCourierHandlerAheadOfBoots() {
    withBootMetrics().withUserConfiguration(SeenContexts.class).run(context -> {
      assertThat(context).hasSingleBean(CourierMeterObservationHandler.class);
      server.enqueue(new MockResponse.Builder().build());
      get(context.getBean(CourierClient.class), "/");
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      Timer timer = meters.get("http.client.requests")
          .tags("method", "GET", "uri", "none", "status", "200", "outcome", "SUCCESS",
              "exception", "none", "client.name", server.getHostName(), "error", "none")
          .timer();
      assertThat(timer.count()).isEqualTo(1);
      LongTaskTimer active = meters.get("http.client.requests.active")
          .tags("method", "GET", "uri", "none", "status", "CLIENT_ERROR", "outcome", "UNKNOWN",
              "exception", "none", "client.name", server.getHostName())
          .longTaskTimer();
      assertThat(active.activeTasks()).isZero();
      // Boot's default handler, which keeps its samples in the context, never saw the call.
      assertThat(context.getBean(SeenContexts.class).contexts)
          .filteredOn(CourierObservationContext.class::isInstance).singleElement()
          .satisfies(seen -> assertThat((Object) seen.get(Timer.Sample.class)).isNull());
    });
  }

  @Test
  void whenBootIgnoresTheLongTaskTimerThenSoDoesTheCourierHandler() {
    withBootMetrics()
        .withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
        .run(context -> {
          server.enqueue(new MockResponse.Builder().build());
          get(context.getBean(CourierClient.class), "/");
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          assertThat(meters.find("http.client.requests").timer()).isNotNull();
          assertThat(meters.find("http.client.requests.active").longTaskTimer()).isNull();
        });
  }

  @Test
  void whenOtherObservationsAreMadeThenBootsDefaultHandlerStillMetersThem() {
    withBootMetrics().run(context -> {
      Observation.createNotStarted("checkout", context.getBean(
          io.micrometer.observation.ObservationRegistry.class)).start().stop();
      assertThat(context.getBean(MeterRegistry.class).find("checkout").timer()).isNotNull();
    });
  }

  /** Records every context it is shown, after the meter handlers. */
  @Configuration(proxyBeanMethods = false)
  static class SeenContexts {
    final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

    @Bean
    ObservationHandler<Observation.Context> contextRecorder() {
      return new ObservationHandler<>() {
        @Override
        public void onStop(Observation.Context context) {
          contexts.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
          return true;
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TestRegistry {
    @Bean
    TestObservationRegistry observationRegistry() {
      return TestObservationRegistry.create();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomConvention {
    @Bean
    CourierObservationConvention courierConvention() {
      return new DefaultCourierObservationConvention("outbound") {
        @Override
        public KeyValues getLowCardinalityKeyValues(CourierObservationContext context) {
          return super.getLowCardinalityKeyValues(context).and("team", "checkout");
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class FirstInterceptorCustomizer {
    @Bean
    CourierClientCustomizer putsAnInterceptorFirst() {
      Interceptor passThrough = chain -> chain.proceed(chain.request());
      return builder -> builder.interceptors().add(0, passThrough);
    }
  }
}
