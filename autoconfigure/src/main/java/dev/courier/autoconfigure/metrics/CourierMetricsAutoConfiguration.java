package dev.courier.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.monitoring.CourierClients;
import dev.courier.micrometer.CourierCacheMetrics;
import dev.courier.micrometer.CourierClientMetrics;
import dev.courier.micrometer.CourierConnectionPoolMetrics;
import dev.courier.micrometer.CourierDispatcherMetrics;

/**
 * Meters of the Courier clients' connection pools, dispatchers and caches, when a
 * {@link MeterRegistry} bean exists and {@code courier-micrometer} is present: a
 * {@link CourierClientMetrics} bean of the application's clients by name ({@code default} for the
 * shared client, the service name for a service), which Spring Boot binds to every registry once
 * the application's singletons exist. See {@link CourierClientMetrics} for the tags and
 * {@link CourierConnectionPoolMetrics}, {@link CourierDispatcherMetrics} and
 * {@link CourierCacheMetrics} for the meters.
 */
@AutoConfiguration(after = CourierAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({CourierClient.class, MeterRegistry.class, CourierClientMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
public final class CourierMetricsAutoConfiguration {

  CourierMetricsAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CourierClientMetrics courierClientMetrics(ObjectProvider<CourierClient> client,
      ObjectProvider<CourierServices> services) {
    return new CourierClientMetrics(() -> CourierClients.from(client, services).asMap());
  }
}
