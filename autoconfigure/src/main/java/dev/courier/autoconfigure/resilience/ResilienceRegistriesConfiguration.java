package dev.courier.autoconfigure.resilience;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A Resilience4j registry of each kind for which the application has none, with Resilience4j's
 * defaults, and a {@link MeterBinder} for each registry created here so that its instances get
 * the same {@code resilience4j.*} meters {@code resilience4j-spring-boot4} would give them. The
 * binders follow instances added later, as the services' are. When the application has a
 * registry (its own, or {@code resilience4j-spring-boot4}'s with its metrics), neither is made.
 */
@Configuration(proxyBeanMethods = false)
final class ResilienceRegistriesConfiguration {
  private static final String METRICS =
      "io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics";
  private static final String METER_BINDER = "io.micrometer.core.instrument.binder.MeterBinder";

  ResilienceRegistriesConfiguration() {
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(CircuitBreakerRegistry.class)
  static class CircuitBreakers {
    @Bean
    CircuitBreakerRegistry courierCircuitBreakerRegistry() {
      return CircuitBreakerRegistry.ofDefaults();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {METER_BINDER, METRICS})
    static class Metrics {
      @Bean
      MeterBinder courierCircuitBreakerMetrics(CircuitBreakerRegistry registry) {
        return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry);
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(RetryRegistry.class)
  static class Retries {
    @Bean
    RetryRegistry courierRetryRegistry() {
      return RetryRegistry.ofDefaults();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {METER_BINDER, METRICS})
    static class Metrics {
      @Bean
      MeterBinder courierRetryMetrics(RetryRegistry registry) {
        return TaggedRetryMetrics.ofRetryRegistry(registry);
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(RateLimiterRegistry.class)
  static class RateLimiters {
    @Bean
    RateLimiterRegistry courierRateLimiterRegistry() {
      return RateLimiterRegistry.ofDefaults();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {METER_BINDER, METRICS})
    static class Metrics {
      @Bean
      MeterBinder courierRateLimiterMetrics(RateLimiterRegistry registry) {
        return TaggedRateLimiterMetrics.ofRateLimiterRegistry(registry);
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(BulkheadRegistry.class)
  static class Bulkheads {
    @Bean
    BulkheadRegistry courierBulkheadRegistry() {
      return BulkheadRegistry.ofDefaults();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {METER_BINDER, METRICS})
    static class Metrics {
      @Bean
      MeterBinder courierBulkheadMetrics(BulkheadRegistry registry) {
        return TaggedBulkheadMetrics.ofBulkheadRegistry(registry);
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(TimeLimiterRegistry.class)
  static class TimeLimiters {
    @Bean
    TimeLimiterRegistry courierTimeLimiterRegistry() {
      return TimeLimiterRegistry.ofDefaults();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {METER_BINDER, METRICS})
    static class Metrics {
      @Bean
      MeterBinder courierTimeLimiterMetrics(TimeLimiterRegistry registry) {
        return TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(registry);
      }
    }
  }
}
