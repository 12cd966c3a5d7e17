package dev.courier.autoconfigure;

import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.util.ClassUtils;

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
 *       {@code courier.services.<name>} clients. Each service is also a {@link CourierClient}, a
 *       {@link CourierServiceClient} and (with spring-web) a {@code RestClient} bean qualified by
 *       its name.
 * </ul>
 *
 * <p>Asynchronous calls carry the caller's context to the dispatcher thread: the application's
 * unique {@link TaskDecorator} bean decorates them, else Spring's
 * {@code ContextPropagatingTaskDecorator} when Micrometer's context-propagation library is
 * present (it restores the current observation, and so the trace, and any other registered
 * thread-local). Dispatchers run on virtual threads when {@code spring.threads.virtual.enabled}
 * is true, unless {@code courier.dispatcher.virtual-threads} says otherwise.
 *
 * <p>Each bean backs off when the application defines one of its type. An {@link Interceptor}
 * bean must not depend on these beans: it is needed to build them.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(CourierClient.class)
@EnableConfigurationProperties(CourierProperties.class)
@Import(CourierServiceClientsRegistrar.class)
public final class CourierAutoConfiguration {
  private static final String CONTEXT_PROPAGATION = "io.micrometer.context.ContextSnapshotFactory";

  CourierAutoConfiguration() {
  }

  @Bean
  @ConditionalOnMissingBean
  CourierClient courierClient(CourierProperties properties, ListableBeanFactory beanFactory,
      ObjectProvider<Interceptor> interceptors,
      ObjectProvider<EventListener.Factory> eventListenerFactory,
      ObjectProvider<CourierClientCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
      ObjectProvider<TaskDecorator> taskDecorator, Environment environment) {
    new CourierPropertiesValidator(properties, sslBundles.getIfAvailable()).validateShared();
    CourierClient.Builder builder = mapper(properties, sslBundles, taskDecorator, environment)
        .sharedBuilder();
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
      ObjectProvider<CourierServiceClientCustomizer> customizers,
      ObjectProvider<SslBundles> sslBundles, ObjectProvider<TaskDecorator> taskDecorator,
      ObjectProvider<CourierServiceDiscovery> discovery, Environment environment) {
    return CourierServiceClients.create(courierClient, properties,
        new CourierPropertiesValidator(properties, sslBundles.getIfAvailable()),
        mapper(properties, sslBundles, taskDecorator, environment),
        InterceptorBeans.collect(beanFactory, interceptors), customizers.orderedStream().toList(),
        discovery.getIfUnique(), beanFactory instanceof ConfigurableBeanFactory configurable
            ? configurable.getBeanClassLoader() : null);
  }

  private static CourierPropertiesMapper mapper(CourierProperties properties,
      ObjectProvider<SslBundles> sslBundles, ObjectProvider<TaskDecorator> taskDecorator,
      Environment environment) {
    return new CourierPropertiesMapper(properties, sslBundles.getIfAvailable(),
        taskDecorator(taskDecorator.getIfUnique()), Threading.VIRTUAL.isActive(environment));
  }

  private static @Nullable UnaryOperator<Runnable> taskDecorator(
      @Nullable TaskDecorator application) {
    if (application != null) return application::decorate;
    if (!ClassUtils.isPresent(CONTEXT_PROPAGATION, CourierAutoConfiguration.class.getClassLoader())) {
      return null;
    }
    TaskDecorator propagating =
        new org.springframework.core.task.support.ContextPropagatingTaskDecorator();
    return propagating::decorate;
  }
}
