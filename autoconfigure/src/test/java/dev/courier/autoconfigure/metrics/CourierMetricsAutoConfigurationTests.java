package dev.courier.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.courier.ConnectionPool;
import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServiceClientCustomizer;
import dev.courier.autoconfigure.monitoring.CourierClients;
import dev.courier.micrometer.CourierClientMetrics;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

class CourierMetricsAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          MetricsAutoConfiguration.class, CourierMetricsAutoConfiguration.class));

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
  void whenNoMeterRegistryThenNoMeters() {
    runner.run(context -> assertThat(context).doesNotHaveBean(CourierClientMetrics.class));
  }

  @Test
  void whenCourierMicrometerIsMissingThenNoMeters() {
    runner.withBean(SimpleMeterRegistry.class)
        .withClassLoader(new FilteredClassLoader("dev.courier.micrometer"))
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean("courierClientMetrics");
          assertThat(context.getBean(MeterRegistry.class).find("courier.pool.connections")
              .gauges()).isEmpty();
        });
  }

  @Test
  void whenAMeterRegistryExistsThenSharedResourcesAreMeteredOnceAsDefault() {
    runner.withBean(SimpleMeterRegistry.class)
        .withPropertyValues("courier.services.catalog.base-url=http://catalog/")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("courier.pool.connections").tag("client", "default")
              .gauges()).hasSize(2);
          assertThat(registry.get("courier.dispatcher.calls").tag("client", "default")
              .gauges()).hasSize(2);
          assertThat(registry.find("courier.pool.connections").tag("client", "catalog")
              .gauges()).as("catalog shares the default pool").isEmpty();
          assertThat(registry.find("courier.cache.size").gauges()).as("no cache").isEmpty();
        });
  }

  @Test
  void whenCallsRunThenTheOpenedCounterAndIdleGaugeMove() {
    runner.withBean(SimpleMeterRegistry.class).run(context -> {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      server.enqueue(new MockResponse.Builder().body("x").build());
      context.getBean(CourierClient.class).newCall(new Request.Builder()
          .url(server.url("/").toString()).build()).execute().close();
      assertThat(registry.get("courier.connections.opened").tag("client", "default")
          .functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("courier.pool.connections")
          .tags("client", "default", "state", "idle").gauge().value()).isEqualTo(1);
    });
  }

  @Test
  void whenAServiceHasItsOwnPoolThenItIsMeteredUnderItsName() {
    runner.withBean(SimpleMeterRegistry.class)
        .withUserConfiguration(OwnPool.class)
        .withPropertyValues("courier.services.catalog.base-url=http://catalog/")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("courier.pool.connections.max-idle").tag("client", "catalog")
              .gauge().value()).isEqualTo(1);
          assertThat(registry.get("courier.pool.connections.max-idle").tag("client", "default")
              .gauge().value()).isEqualTo(5);
        });
  }

  @Test
  void whenTheCacheIsEnabledThenItsSizeAndLimitAreMetered(@TempDir Path directory) {
    runner.withBean(SimpleMeterRegistry.class)
        .withPropertyValues("courier.cache.enabled=true", "courier.cache.directory=" + directory,
            "courier.cache.max-size=10MB")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("courier.cache.max-size").tag("client", "default").gauge()
              .value()).isEqualTo(10 * 1024 * 1024);
          assertThat(registry.get("courier.cache.size").tag("client", "default").gauge())
              .isNotNull();
        });
  }

  @Test
  void whenTheApplicationDefinesTheBinderThenItsOwnIsUsed() {
    runner.withBean(SimpleMeterRegistry.class)
        .withBean("myMetrics", CourierClientMetrics.class,
            () -> new CourierClientMetrics(() -> CourierClients.of(null, null).asMap()))
        .run(context -> {
          assertThat(context).hasSingleBean(CourierClientMetrics.class)
              .hasBean("myMetrics");
          assertThat(context.getBean(MeterRegistry.class).find("courier.pool.connections")
              .gauges()).isEmpty();
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnPool {
    @Bean
    CourierServiceClientCustomizer ownPool() {
      return (service, builder) -> builder.connectionPool(
          new ConnectionPool(1, Duration.ofMinutes(1)));
    }
  }
}
