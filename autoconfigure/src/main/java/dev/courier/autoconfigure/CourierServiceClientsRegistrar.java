package dev.courier.autoconfigure;

import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import dev.courier.CourierClient;

/**
 * Registers, per configured service, beans qualified by the service name: its
 * {@link CourierClient} ({@code <name>CourierClient}), its {@link CourierServiceClient}
 * ({@code <name>CourierServiceClient}), so that
 * {@code @Qualifier("catalog") CourierServiceClient catalog} can be injected. Each comes from the
 * {@link CourierServices} registry. (The {@code http.service} package adds a {@code RestClient}
 * per service the same way.)
 *
 * <p>The names are read from the environment because bean definitions are registered before
 * {@link CourierProperties} is bound. The beans are not default candidates, so injecting a
 * {@code CourierClient} without a qualifier still gets the shared client, and they have no destroy
 * method: the resources they share are closed once, by the shared client.
 */
final class CourierServiceClientsRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {
  // Set by Spring through the Aware callbacks before registerBeanDefinitions is called.
  private @Nullable Environment environment;
  private @Nullable BeanFactory beanFactory;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata,
      BeanDefinitionRegistry registry) {
    BeanFactory factory = Objects.requireNonNull(beanFactory, "beanFactory");
    for (String service : serviceNames()) {
      CourierServiceBeans.register(registry, beanName(service), service, CourierClient.class,
          () -> factory.getBean(CourierServices.class).client(service));
      CourierServiceBeans.register(registry, service + "CourierServiceClient", service, CourierServiceClient.class,
          () -> factory.getBean(CourierServices.class).service(service));
    }
  }

  /** Returns the bean name of the client of {@code service}: {@code <service>CourierClient}. */
  static String beanName(String service) {
    return service + "CourierClient";
  }

  private Set<String> serviceNames() {
    return CourierServiceBeans.names(Objects.requireNonNull(environment, "environment"));
  }
}
