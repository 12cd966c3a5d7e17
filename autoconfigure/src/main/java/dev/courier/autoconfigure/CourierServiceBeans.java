package dev.courier.autoconfigure;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * How every per-service bean is registered (a service's {@code CourierClient},
 * {@link CourierServiceClient}, {@code RestClient}): qualified by the service name, so
 * {@code @Qualifier("catalog")} finds it, and never a default candidate, so injecting the type
 * without a qualifier still gets the shared bean.
 */
public final class CourierServiceBeans {

  private CourierServiceBeans() {
  }

  /**
   * Returns the names under {@code courier.services}, read from {@code environment} because bean
   * definitions are registered before {@link CourierProperties} is bound.
   */
  public static Set<String> names(Environment environment) {
    return Binder.get(environment)
        .bind("courier.services", Bindable.mapOf(String.class, Object.class))
        .map(Map::keySet)
        .orElse(Set.of());
  }

  /**
   * Registers a bean of {@code type} named {@code beanName}, qualified by {@code service}, unless
   * one of that name exists. It has no destroy method: what it holds is closed by its owner.
   */
  public static <T> void register(BeanDefinitionRegistry registry, String beanName,
      String service, Class<T> type, Supplier<T> supplier) {
    if (registry.containsBeanDefinition(beanName)) return;
    RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
    definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, service));
    definition.setDefaultCandidate(false);
    definition.setDestroyMethodName("");
    registry.registerBeanDefinition(beanName, definition);
  }
}
