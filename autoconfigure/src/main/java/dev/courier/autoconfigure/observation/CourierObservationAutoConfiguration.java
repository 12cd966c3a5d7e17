package dev.courier.autoconfigure.observation;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

import dev.courier.CourierClient;
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
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
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
}
