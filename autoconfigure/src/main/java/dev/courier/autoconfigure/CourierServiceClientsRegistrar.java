package dev.courier.autoconfigure;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import dev.courier.CourierClient;

/**
 * Registers one {@link CourierClient} bean per configured service, qualified by the service name,
 * so that {@code @Qualifier("catalog") CourierClient catalog} can be injected. Each is taken from
 * the {@link CourierServices} registry.
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
    for (String service : serviceNames()) {
      String beanName = beanName(service);
      if (registry.containsBeanDefinition(beanName)) continue;
      BeanFactory factory = Objects.requireNonNull(beanFactory, "beanFactory");
      RootBeanDefinition definition = new RootBeanDefinition(CourierClient.class,
          () -> factory.getBean(CourierServices.class).client(service));
      definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, service));
      definition.setDefaultCandidate(false);
      definition.setDestroyMethodName("");
      registry.registerBeanDefinition(beanName, definition);
    }
  }

  /** Returns the bean name of the client of {@code service}: {@code <service>CourierClient}. */
  static String beanName(String service) {
    return service + "CourierClient";
  }

  private Set<String> serviceNames() {
    return Binder.get(Objects.requireNonNull(environment, "environment"))
        .bind("courier.services", Bindable.mapOf(String.class, Object.class))
        .map(Map::keySet)
        .orElse(Set.of());
  }
}
