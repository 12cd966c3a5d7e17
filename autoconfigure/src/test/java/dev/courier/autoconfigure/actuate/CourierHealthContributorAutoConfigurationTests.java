package dev.courier.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.util.FileSystemUtils;

import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServices;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

class CourierHealthContributorAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          CourierHealthContributorAutoConfiguration.class));

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startServer() throws IOException {
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static Health health(ApplicationContext context) {
    return context.getBean("courierHealthIndicator", HealthIndicator.class).health();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> client(Health health, String name) {
    return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("clients"))
        .get(name);
  }

  @Test
  void whenCourierIsConfiguredThenHealthIsUpWithEachClientsDetails() {
    runner.withPropertyValues("courier.services.catalog.base-url=" + server.url("/"))
        .run(context -> {
          server.enqueue(new MockResponse.Builder().body("x").build());
          context.getBean(CourierClient.class).newCall(new Request.Builder()
              .url(server.url("/").toString()).build()).execute().close();

          Health health = health(context);
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(client(health, "default")).containsEntry("connections", 1)
              .containsEntry("idleConnections", 1).containsEntry("runningCalls", 0)
              .containsEntry("queuedCalls", 0).containsEntry("dispatcher", "running")
              .doesNotContainKey("cache");
          assertThat(client(health, "catalog")).containsEntry("connections", 1);
          assertThat(health.getDetails()).doesNotContainKey("problems");
        });
  }

  @Test
  void whenHealthIsDisabledThenThereIsNoContributor() {
    runner.withPropertyValues("management.health.courier.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("courierHealthIndicator"));
  }

  @Test
  void whenADownstreamFailsThenCourierIsStillUp() {
    runner.run(context -> {
      server.enqueue(new MockResponse.Builder().code(503).build());
      context.getBean(CourierClient.class).newCall(new Request.Builder()
          .url(server.url("/").toString()).build()).execute().close();
      assertThat(health(context).getStatus()).isEqualTo(Status.UP);
    });
  }

  @Test
  void whenTheDispatcherIsShutDownThenCourierIsDown() {
    runner.run(context -> {
      context.getBean(CourierClient.class).close();
      Health health = health(context);
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(client(health, "default")).containsEntry("dispatcher", "shut down");
      assertThat(health.getDetails().get("problems")).asInstanceOf(InstanceOfAssertFactories.LIST)
          .containsExactly("client 'default': the dispatcher is shut down");
    });
  }

  @Test
  void whenTheCacheDirectoryIsDeletedThenCourierStaysUpAndTheNextWriteRecreatesIt(
      @TempDir Path root) throws Exception {
    Path directory = root.resolve("http-cache");
    server.enqueue(new MockResponse.Builder().setHeader("Cache-Control", "max-age=60")
        .body("cacheable").build());
    runner.withPropertyValues("courier.cache.enabled=true", "courier.cache.directory=" + directory)
        .run(context -> {
          FileSystemUtils.deleteRecursively(directory);
          Health health = health(context);
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(client(health, "default"))
              .containsEntry("cache", "missing: recreated by the next write");

          CourierClient client = context.getBean(CourierClient.class);
          try (Response response = client.newCall(new Request.Builder()
              .url(server.url("/cacheable").toString()).build()).execute()) {
            assertThat(response.body().string()).isEqualTo("cacheable");
          }
          assertThat(directory).isDirectory();
          assertThat(client(health(context), "default")).containsEntry("cache", "usable");
        });
  }

  @Test
  void whenTheCacheDirectoryBecomesUnusableThenCourierIsDown(@TempDir Path root) {
    Path directory = root.resolve("http-cache");
    runner.withPropertyValues("courier.cache.enabled=true", "courier.cache.directory=" + directory)
        .run(context -> {
          assertThat(health(context).getStatus()).isEqualTo(Status.UP);
          assertThat(client(health(context), "default")).containsEntry("cache", "usable");

          try (Stream<Path> files = Files.walk(directory)) { // Opened at start-up: not empty.
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
          }
          Files.writeString(directory, "a file where the cache directory was");
          Health health = health(context);
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(client(health, "default")).containsEntry("cache", "unusable");
          assertThat(health.getDetails().get("problems")).asInstanceOf(InstanceOfAssertFactories.LIST).singleElement()
              .asString().contains("is not a writable directory");
        });
  }

  @Test
  void whenACircuitBreakerIsOpenThenItsStateShowsAndCourierIsStillUp() {
    runner.withBean(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults)
        .withPropertyValues("courier.services.catalog.base-url=http://catalog/",
            "courier.services.billing.base-url=http://billing/")
        .run(context -> {
          context.getBean(CircuitBreakerRegistry.class).circuitBreaker("catalog")
              .transitionToOpenState();
          assertThat(context.getBean(CourierServices.class).names())
              .containsExactly("catalog", "billing");
          Health health = health(context);
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(client(health, "catalog")).containsEntry("circuitBreaker", "OPEN");
          assertThat(client(health, "billing")).doesNotContainKey("circuitBreaker");
          assertThat(context.getBean(CircuitBreakerRegistry.class).find("billing"))
              .as("reading states creates no breaker").isEmpty();
        });
  }
}
