package dev.courier.autoconfigure.observation;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.courier.CourierClient;
import dev.courier.micrometer.CourierMeterObservationHandler;
import dev.courier.micrometer.CourierObservationConvention;
import dev.courier.micrometer.CourierObservationInterceptor;

/**
 * Records every call of the Courier clients as an {@code http.client.requests} observation, for
 * metrics and traces, when an {@link ObservationRegistry} bean exists (Spring Boot's Actuator
 * provides one) and {@code courier-micrometer} is present.
 *
 * <p>The interceptor goes first in the shared client and in each service client, where the
 * observation's {@code client.name} is the service name. A unique
 * {@link CourierObservationConvention} bean replaces the default names and keys. The URI template
 * comes from the request's {@link dev.courier.UriTemplate} tag, else from {@code RestClient}. A
 * call made through a {@code RestClient} that Spring observes already is left to Spring's
 * observation. Turn it off with {@code management.observations.enable.http.client.requests=false},
 * which also turns off Spring's.
 *
 * <p>With a {@link MeterRegistry} bean, a {@link CourierMeterObservationHandler} turns Courier's
 * observations into the same meters as Spring Boot's default meter handler, which it goes ahead
 * of (order {@code LOWEST_PRECEDENCE - 1}; Boot's default handler has none), at a fraction of the
 * cost. It honours {@code management.metrics.observations.ignored-meters}.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({CourierClient.class, ObservationRegistry.class,
    CourierObservationInterceptor.class})
@ConditionalOnBean(ObservationRegistry.class)
public final class CourierObservationAutoConfiguration {
  private static final boolean SPRING_WEB_PRESENT = ClassUtils.isPresent(
      "org.springframework.http.client.observation.ClientRequestObservationContext",
      CourierObservationAutoConfiguration.class.getClassLoader());

  private static final String CALL_REJECTED = "dev.courier.resilience4j.CallRejectedException";

  CourierObservationAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CourierObservationCustomizer courierObservationCustomizer(ObservationRegistry registry,
      ObjectProvider<CourierObservationConvention> convention) {
    CourierObservationInterceptor.Builder builder = CourierObservationInterceptor.builder(registry)
        .convention(convention.getIfUnique());
    ClassLoader classLoader = CourierObservationAutoConfiguration.class.getClassLoader();
    if (ClassUtils.isPresent(CALL_REJECTED, classLoader)) {
      // A call the resilience interceptor turned away was never sent: status REFUSED.
      builder.refusedWhen(ClassUtils.resolveClassName(CALL_REJECTED, classLoader)::isInstance);
    }
    if (SPRING_WEB_PRESENT) {
      builder.uriTemplates(request -> {
        String template = CourierObservationInterceptor.uriTemplateTag(request);
        return template != null ? template : SpringClientRequests.uriTemplate(request);
      });
      builder.skipWhen(request -> SpringClientRequests.observedBySpring(registry, request));
    }
    return new CourierObservationCustomizer(builder.build());
  }

  /** Courier's meter handler, when there is a registry to record into. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, CourierMeterObservationHandler.class})
  @ConditionalOnSingleCandidate(MeterRegistry.class)
  static class MeterHandlerConfiguration {
    /** Spring Boot's property for meters its default handler leaves out. */
    static final String IGNORED_METERS = "management.metrics.observations.ignored-meters";

    @Bean
    @ConditionalOnMissingBean
    @Order(Ordered.LOWEST_PRECEDENCE - 1)
    CourierMeterObservationHandler courierMeterObservationHandler(MeterRegistry registry,
        Environment environment) {
      Set<IgnoredMeters> ignored = Binder.get(environment)
          .bind(IGNORED_METERS, Bindable.setOf(IgnoredMeters.class))
          .orElse(Set.of());
      return new CourierMeterObservationHandler(registry, ignored.toArray(new IgnoredMeters[0]));
    }
  }
}
