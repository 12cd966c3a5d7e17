package dev.courier.autoconfigure.resilience;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierProperties;
import dev.courier.autoconfigure.CourierServiceClientCustomizer;
import dev.courier.resilience4j.ResilienceInterceptor;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

/**
 * Auto-configuration of Resilience4j per Courier service ({@code courier.services.<name>.resilience}):
 * a {@link ResilienceInterceptor} in each service client that enables any of circuit breaker,
 * retry, rate limiter, bulkhead or time limiter.
 *
 * <p>The instances come from the application's Resilience4j registries, so that
 * {@code resilience4j.<kind>.instances.<name>.*} and {@code configs.<name>.*} apply and the
 * instances show in Resilience4j's metrics, health and Actuator endpoints. Runs after
 * {@code resilience4j-spring-boot4}'s auto-configurations so that their registries are found;
 * without them, it creates a registry of each missing kind with Resilience4j's defaults, and binds
 * its metrics when Micrometer is present.
 *
 * <p>If a service configures resilience but a Resilience4j module or {@code courier-resilience4j}
 * is missing, start-up fails naming it.
 */
@AutoConfiguration(after = CourierAutoConfiguration.class, afterName = {
    "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
    "io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration",
    "io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration",
    "io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration",
    "io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration"})
@ConditionalOnClass(CourierClient.class)
@ConditionalOnBean(CourierProperties.class)
public final class CourierResilienceAutoConfiguration {

  CourierResilienceAutoConfiguration() {
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({CircuitBreaker.class, Retry.class, RateLimiter.class, Bulkhead.class,
      TimeLimiter.class, ResilienceInterceptor.class})
  @Import(ResilienceRegistriesConfiguration.class)
  static class Resilience4jPresent {

    // Order 0: before the application's customizers, which may still move or replace it.
    @Bean
    @Order(0)
    @ConditionalOnMissingBean(name = "courierResilienceCustomizer")
    CourierServiceClientCustomizer courierResilienceCustomizer(CourierProperties properties,
        CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
        RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads,
        TimeLimiterRegistry timeLimiters) {
      return new ResilienceServiceClientCustomizer(properties, new ResilienceRegistries(
          circuitBreakers, retries, rateLimiters, bulkheads, timeLimiters));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(Resilience4jMissingCondition.class)
  static class Resilience4jMissing {

    @Bean
    @ConditionalOnMissingBean(name = "courierResilienceCustomizer")
    CourierServiceClientCustomizer courierResilienceCustomizer(CourierProperties properties,
        ApplicationContext context) {
      ClassLoader classLoader = context.getClassLoader();
      return new Resilience4jMissingCustomizer(properties, Resilience4jMissingCondition.missing(
          classLoader != null ? classLoader : getClass().getClassLoader()));
    }
  }
}
