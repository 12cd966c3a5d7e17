package dev.courier.autoconfigure.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.courier.CourierClient;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierConfigurationFailureAnalyzer;
import dev.courier.autoconfigure.CourierServiceClientCustomizer;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.resilience4j.CircuitOpenException;
import dev.courier.resilience4j.ResilienceInterceptor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.monitoring.endpoint.CircuitBreakerEndpoint;
import io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

class CourierResilienceAutoConfigurationTests {
  /** An application without resilience4j-spring-boot4: Courier makes the registries. */
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withClassLoader(new FilteredClassLoader("io.github.resilience4j.springboot",
          "io.github.resilience4j.spring6"))
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          CourierResilienceAutoConfiguration.class));

  /** An application with resilience4j-spring-boot4: its registries and properties are used. */
  private final ApplicationContextRunner withResilience4jBoot = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          CourierResilienceAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
          RetryAutoConfiguration.class, RateLimiterAutoConfiguration.class,
          BulkheadAutoConfiguration.class, TimeLimiterAutoConfiguration.class));

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startServer() throws IOException {
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** Executes a GET of {@code path} on {@code server} and returns the status code. */
  private static int get(CourierClient client, MockWebServer server, String path)
      throws IOException {
    try (Response response = client.newCall(
        new Request.Builder().url(server.url(path).toString()).build()).execute()) {
      response.body().string();
      return response.code();
    }
  }

  private static ResilienceInterceptor resilience(AssertableApplicationContext context,
      String service) {
    CourierClient client = context.getBean(CourierServices.class).client(service);
    List<Interceptor> interceptors = client.interceptors();
    assertThat(interceptors).as("interceptors of %s", service).isNotEmpty();
    Interceptor last = interceptors.get(interceptors.size() - 1);
    assertThat(last).as("last interceptor of %s", service)
        .isInstanceOf(ResilienceInterceptor.class);
    return (ResilienceInterceptor) last;
  }

  private static FailureAnalysis failure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis analysis =
        new CourierConfigurationFailureAnalyzer(null).analyze(context.getStartupFailure());
    assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
    return analysis;
  }

  @Test
  void whenNoServiceConfiguresResilienceThenNoServiceClientGetsTheInterceptor() {
    runner.withPropertyValues("courier.services.catalog.base-url=http://catalog/").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(CourierServices.class).client("catalog").interceptors())
          .noneMatch(ResilienceInterceptor.class::isInstance);
    });
  }

  @Test
  void whenCircuitBreakerIsEnabledThenServiceClientHasOneNamedAfterTheService() {
    runner.withPropertyValues("courier.services.catalog.resilience.circuit-breaker.enabled=true",
        "courier.services.orders.base-url=http://orders/").run(context -> {
          ResilienceInterceptor resilience = resilience(context, "catalog");
          assertThat(resilience.serviceName()).isEqualTo("catalog");
          assertThat(resilience.circuitBreaker()).isNotNull();
          assertThat(resilience.circuitBreaker().getName()).isEqualTo("catalog");
          assertThat(resilience.failureStatuses()).hasSize(100).contains(500, 599);
          assertThat(resilience.retry()).isNull();
          assertThat(resilience.bulkhead()).isNull();
          assertThat(context.getBean(CircuitBreakerRegistry.class).find("catalog"))
              .containsSame(resilience.circuitBreaker());
          assertThat(context.getBean(CourierServices.class).client("orders").interceptors())
              .noneMatch(ResilienceInterceptor.class::isInstance);
          assertThat(context.getBean(CourierClient.class).interceptors())
              .noneMatch(ResilienceInterceptor.class::isInstance);
        });
  }

  @Test
  void whenResilience4jSpringBootIsAbsentThenRegistriesAreCreatedWithDefaults() {
    runner.withPropertyValues("courier.services.catalog.resilience.circuit-breaker.enabled=true",
        // Without resilience4j-spring-boot4 nothing reads resilience4j.* properties.
        "resilience4j.circuitbreaker.instances.catalog.sliding-window-size=2").run(context -> {
          assertThat(context).hasBean("courierCircuitBreakerRegistry")
              .hasBean("courierRetryRegistry").hasBean("courierRateLimiterRegistry")
              .hasBean("courierBulkheadRegistry").hasBean("courierTimeLimiterRegistry")
              .hasSingleBean(CircuitBreakerRegistry.class);
          CircuitBreaker breaker = resilience(context, "catalog").circuitBreaker();
          assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize())
              .isEqualTo(CircuitBreakerConfig.ofDefaults().getSlidingWindowSize());
        });
  }

  @Test
  void whenResilience4jSpringBootIsPresentThenItsRegistryAndInstancePropertiesAreUsed() {
    withResilience4jBoot.withPropertyValues(
        "courier.services.catalog.base-url=" + server.url("/"),
        "courier.services.catalog.resilience.circuit-breaker.enabled=true",
        "resilience4j.circuitbreaker.instances.catalog.sliding-window-size=2",
        "resilience4j.circuitbreaker.instances.catalog.minimum-number-of-calls=2",
        "resilience4j.circuitbreaker.instances.catalog.wait-duration-in-open-state=1h")
        .run(context -> {
          assertThat(context).hasSingleBean(CircuitBreakerRegistry.class)
              .doesNotHaveBean("courierCircuitBreakerRegistry");
          CircuitBreaker breaker = resilience(context, "catalog").circuitBreaker();
          assertThat(breaker).isSameAs(
              context.getBean(CircuitBreakerRegistry.class).circuitBreaker("catalog"));
          assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(2);

          CourierClient catalog = context.getBean(CourierServices.class).client("catalog");
          server.enqueue(new MockResponse.Builder().code(500).build());
          server.enqueue(new MockResponse.Builder().code(500).build());
          get(catalog, server, "/a");
          get(catalog, server, "/b");
          assertThatThrownBy(() -> get(catalog, server, "/c"))
              .isInstanceOf(CircuitOpenException.class);
          assertThat(server.getRequestCount()).isEqualTo(2);
        });
  }

  @Test
  void whenResilience4jSpringBootIsPresentThenItsEndpointListsTheServicesInstances() {
    withResilience4jBoot.withPropertyValues(
        "management.endpoints.web.exposure.include=circuitbreakers",
        "courier.services.catalog.resilience.circuit-breaker.enabled=true",
        "courier.services.orders.resilience.circuit-breaker.instance=shared")
        .run(context -> assertThat(context.getBean(CircuitBreakerEndpoint.class)
            .getAllCircuitBreakers().getCircuitBreakers()).containsKeys("catalog", "shared"));
  }

  @Test
  void whenInstanceIsNamedThenServicesShareIt() {
    runner.withPropertyValues(
        "courier.services.catalog.resilience.bulkhead.instance=backend",
        "courier.services.orders.resilience.bulkhead.instance=backend").run(context -> {
          assertThat(resilience(context, "catalog").bulkhead().getName()).isEqualTo("backend");
          assertThat(resilience(context, "orders").bulkhead())
              .isSameAs(resilience(context, "catalog").bulkhead());
        });
  }

  @Test
  void whenConfigIsNamedThenTheServicesInstanceIsCreatedFromIt() {
    withResilience4jBoot.withPropertyValues(
        "courier.services.catalog.resilience.retry.config=patient",
        "resilience4j.retry.configs.patient.max-attempts=5").run(context -> {
          Retry retry = resilience(context, "catalog").retry();
          assertThat(retry.getName()).isEqualTo("catalog");
          assertThat(retry.getRetryConfig().getMaxAttempts()).isEqualTo(5);
        });
  }

  @Test
  void whenConfigIsUnknownThenStartUpFailsNamingTheProperty() {
    runner.withPropertyValues("courier.services.catalog.resilience.rate-limiter.config=nope")
        .run(context -> {
          FailureAnalysis analysis = failure(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.catalog.resilience.rate-limiter.config")
              .contains("Value: 'nope'").contains("no ratelimiter config named 'nope'");
          assertThat(analysis.getAction()).contains("resilience4j.ratelimiter.configs.nope");
        });
  }

  @Test
  void whenBothInstanceAndConfigAreSetThenStartUpFails() {
    runner.withPropertyValues("courier.services.catalog.resilience.retry.instance=shared",
        "courier.services.catalog.resilience.retry.config=default").run(context ->
            assertThat(failure(context).getDescription())
                .contains("Property: courier.services.catalog.resilience.retry.config")
                .contains("retry.instance ('shared')"));
  }

  @Test
  void whenStatusListIsMalformedThenStartUpFailsNamingTheEntry() {
    runner.withPropertyValues("courier.services.catalog.resilience.circuit-breaker.enabled=true",
        "courier.services.catalog.resilience.circuit-breaker.failure-statuses=5oo").run(context ->
            assertThat(failure(context).getDescription())
                .contains("courier.services.catalog.resilience.circuit-breaker.failure-statuses")
                .contains("'5oo' is not a status code"));
  }

  @Test
  void whenRetryIsEnabledThenPolicyAndBudgetComeFromPropertiesAndBackoffIsExponential() {
    runner.withPropertyValues("courier.services.catalog.resilience.retry.enabled=true",
        "courier.services.catalog.resilience.retry.methods=GET,POST",
        "courier.services.catalog.resilience.retry.statuses=503,5xx",
        "courier.services.catalog.resilience.retry.max-retry-after=30s",
        "courier.services.catalog.resilience.retry.budget.ratio=0.5",
        "courier.services.catalog.resilience.retry.budget.window=1m",
        "courier.services.catalog.resilience.retry.budget.min-retries=3").run(context -> {
          ResilienceInterceptor resilience = resilience(context, "catalog");
          assertThat(resilience.retryPolicy().methods()).containsExactlyInAnyOrder("GET", "POST");
          assertThat(resilience.retryPolicy().statuses()).hasSize(100);
          assertThat(resilience.retryPolicy().maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
          assertThat(resilience.retryBudget().ratio()).isEqualTo(0.5);
          assertThat(resilience.retryBudget().window()).isEqualTo(Duration.ofMinutes(1));
          assertThat(resilience.retryBudget().minRetries()).isEqualTo(3);

          Retry retry = resilience.retry();
          assertThat(context.getBean(RetryRegistry.class).find("catalog")).containsSame(retry);
          assertThat(retry.getRetryConfig().getMaxAttempts()).isEqualTo(3);
          // 500ms doubled per attempt, each drawn within ±50%.
          assertThat(interval(retry, 1)).isBetween(250L, 750L);
          assertThat(interval(retry, 2)).isBetween(500L, 1500L);
          assertThat(interval(retry, 3)).isBetween(1000L, 3000L);
        });
  }

  private static long interval(Retry retry, int attempt) {
    return retry.getRetryConfig().getIntervalBiFunction()
        .apply(attempt, Either.left(new IOException("test")));
  }

  @Test
  void whenRetryIsConfiguredInResilience4jThenItsBackoffIsKept() {
    withResilience4jBoot.withPropertyValues("courier.services.catalog.resilience.retry.enabled=true",
        "resilience4j.retry.instances.catalog.wait-duration=42ms").run(context ->
            assertThat(interval(resilience(context, "catalog").retry(), 3)).isEqualTo(42L));
  }

  @Test
  void whenTimeLimiterIsEnabledThenItsTimeoutIsTheServicesCallTimeout() {
    withResilience4jBoot.withPropertyValues(
        "courier.services.catalog.resilience.time-limiter.enabled=true",
        "resilience4j.timelimiter.instances.catalog.timeout-duration=750ms",
        "courier.services.orders.resilience.time-limiter.enabled=true").run(context -> {
          CourierServices services = context.getBean(CourierServices.class);
          assertThat(services.client("catalog").callTimeoutMillis()).isEqualTo(750);
          assertThat(services.client("orders").callTimeoutMillis()).isEqualTo(1_000);
          assertThat(context.getBean(CourierClient.class).callTimeoutMillis()).isZero();
        });
  }

  @Test
  void whenTimeLimiterAndCallTimeoutAreBothSetThenStartUpFails() {
    runner.withPropertyValues("courier.services.catalog.resilience.time-limiter.enabled=true",
        "courier.services.catalog.call-timeout=3s").run(context -> {
          FailureAnalysis analysis = failure(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.catalog.call-timeout")
              .contains("has a time limiter");
          assertThat(analysis.getAction())
              .contains("resilience4j.timelimiter.instances.catalog.timeout-duration");
        });
  }

  @Test
  void whenMeterRegistryIsPresentThenCircuitBreakerMetersAreRegistered() {
    assertCircuitBreakerMeters(runner);
  }

  @Test
  void whenResilience4jSpringBootBindsTheMetricsThenCircuitBreakerMetersAreRegistered() {
    assertCircuitBreakerMeters(withResilience4jBoot.withConfiguration(
        AutoConfigurations.of(CircuitBreakerMetricsAutoConfiguration.class)));
  }

  private void assertCircuitBreakerMeters(ApplicationContextRunner runner) {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class))
        .withPropertyValues("courier.services.catalog.base-url=" + server.url("/"),
            "courier.services.catalog.resilience.circuit-breaker.enabled=true")
        .run(context -> {
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          server.enqueue(new MockResponse.Builder().code(503).build());
          get(context.getBean(CourierServices.class).client("catalog"), server, "/");

          assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "catalog")
              .tag("state", "closed").gauge().value()).isEqualTo(1.0);
          assertThat(meters.find("resilience4j.circuitbreaker.calls").tag("name", "catalog")
              .tag("kind", "failed").timer().count()).isEqualTo(1);
        });
  }

  @Test
  void whenApplicationDefinesARegistryThenItIsUsed() {
    runner.withUserConfiguration(UserRegistry.class)
        .withPropertyValues("courier.services.catalog.resilience.circuit-breaker.enabled=true")
        .run(context -> {
          assertThat(context).hasSingleBean(CircuitBreakerRegistry.class)
              .doesNotHaveBean("courierCircuitBreakerRegistry")
              .doesNotHaveBean("courierCircuitBreakerMetrics");
          assertThat(resilience(context, "catalog").circuitBreaker().getCircuitBreakerConfig()
              .getSlidingWindowSize()).isEqualTo(7);
        });
  }

  @Test
  void whenApplicationCustomizerRunsThenItComesAfterTheResilienceOne() {
    runner.withUserConfiguration(UserCustomizer.class)
        .withPropertyValues("courier.services.catalog.resilience.retry.enabled=true")
        .run(context -> assertThat(context.getBean(CourierServices.class).client("catalog")
            .interceptors()).hasSize(2).first().isInstanceOf(ResilienceInterceptor.class));
  }

  @Test
  void whenResilience4jIsMissingAndAServiceConfiguresResilienceThenStartUpFailsNamingIt() {
    runner.withClassLoader(new FilteredClassLoader("io.github.resilience4j.circuitbreaker"))
        .withPropertyValues("courier.services.catalog.resilience.circuit-breaker.enabled=true")
        .run(context -> {
          FailureAnalysis analysis = failure(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.catalog.resilience")
              .contains("missing: resilience4j-circuitbreaker");
          assertThat(analysis.getAction()).contains("Courier starter includes them");
        });
  }

  @Test
  void whenCourierResilience4jIsMissingAndAServiceConfiguresResilienceThenStartUpFailsNamingIt() {
    runner.withClassLoader(new FilteredClassLoader("dev.courier.resilience4j"))
        .withPropertyValues("courier.services.catalog.resilience.retry.enabled=true")
        .run(context -> {
          FailureAnalysis analysis = failure(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.catalog.resilience")
              .contains("missing: courier-resilience4j.");
          assertThat(analysis.getAction()).contains("dev.courier:courier-resilience4j");
        });
  }

  @Test
  void whenResilience4jIsMissingAndNoServiceConfiguresResilienceThenStartUpSucceeds() {
    runner.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
        .withPropertyValues("courier.services.catalog.base-url=http://catalog/")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(CircuitBreakerRegistry.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class UserRegistry {
    @Bean
    CircuitBreakerRegistry myRegistry() {
      return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom().slidingWindowSize(7).build());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserCustomizer {
    @Bean
    CourierServiceClientCustomizer mine() {
      return (service, builder) -> builder.addInterceptor(chain -> chain.proceed(chain.request()));
    }
  }
}
