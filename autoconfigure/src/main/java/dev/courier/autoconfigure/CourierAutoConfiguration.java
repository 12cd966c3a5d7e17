package dev.courier.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.courier.CourierClient;
import dev.courier.EventListener;
import dev.courier.Interceptor;

/**
 * Auto-configuration of the shared {@link CourierClient} and the named service clients.
 *
 * <ul>
 *   <li>{@code courierClient}: built from {@code courier.*}; the unscoped {@link Interceptor}
 *       beans join it in {@code @Order} (as network interceptors if marked
 *       {@link NetworkInterceptor}); a unique {@link EventListener.Factory} bean is used; then
 *       every {@link CourierClientCustomizer}, in order. Closed with the context.
 *   <li>{@code courierServices}: the {@link CourierServices} registry of
 *       {@code courier.services.<name>} clients, each also a bean qualified by its name.
 * </ul>
 *
 * <p>Each bean backs off when the application defines one of its type. An {@link Interceptor}
 * bean must not depend on these beans: it is needed to build them.
 */
@AutoConfiguration
@ConditionalOnClass(CourierClient.class)
@EnableConfigurationProperties(CourierProperties.class)
@Import(CourierServiceClientsRegistrar.class)
public final class CourierAutoConfiguration {

  CourierAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CourierClient courierClient(CourierProperties properties, ListableBeanFactory beanFactory,
      ObjectProvider<Interceptor> interceptors,
      ObjectProvider<EventListener.Factory> eventListenerFactory,
      ObjectProvider<CourierClientCustomizer> customizers) {
    CourierPropertiesValidator.validateClient(properties);
    CourierClient.Builder builder = CourierPropertiesMapper.newClientBuilder(properties);
    eventListenerFactory.ifUnique(builder::eventListenerFactory);
    InterceptorBeans beans = InterceptorBeans.collect(beanFactory, interceptors);
    builder.interceptors().addAll(beans.shared(false));
    builder.networkInterceptors().addAll(beans.shared(true));
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  CourierServices courierServices(CourierClient courierClient, CourierProperties properties,
      ListableBeanFactory beanFactory, ObjectProvider<Interceptor> interceptors,
      ObjectProvider<CourierServiceClientCustomizer> customizers) {
    return CourierServiceClients.create(courierClient, properties,
        InterceptorBeans.collect(beanFactory, interceptors), customizers.orderedStream().toList());
  }
}
