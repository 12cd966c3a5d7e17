package dev.courier.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanCurrentlyInCreationException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Turns the two wiring mistakes Courier users make into reports that say what to do, ahead of
 * Spring's generic ones:
 *
 * <ul>
 *   <li>{@code @Qualifier("catalogue")} on a Courier client, {@code CourierServiceClient} or
 *       {@code RestClient} where no such service is configured: lists the configured services
 *       and the nearest name.
 *   <li>A cycle through the Courier client beans: an {@code Interceptor} made by a non-static
 *       {@code @Bean} method of a class that also injects a Courier client (the client needs the
 *       interceptor, which needs its class, which needs the client). Says to make the method
 *       static or move it.
 * </ul>
 *
 * <p>Registered in {@code META-INF/spring.factories}; Spring Boot passes the bean factory and the
 * environment to its constructor.
 */
public class CourierInjectionFailureAnalyzer implements FailureAnalyzer, Ordered {
  private static final Set<String> SERVICE_TYPES = Set.of("dev.courier.CourierClient",
      CourierServiceClient.class.getName(), "org.springframework.web.client.RestClient");
  private static final Set<String> COURIER_BEANS = Set.of("courierClient", "courierServices");

  private final @Nullable BeanFactory beanFactory;
  private final @Nullable Environment environment;

  /** Creates an analyzer; Boot passes the bean factory and environment of the failed start. */
  public CourierInjectionFailureAnalyzer(@Nullable BeanFactory beanFactory,
      @Nullable Environment environment) {
    this.beanFactory = beanFactory;
    this.environment = environment;
  }

  /** Returns an analysis of a Courier wiring mistake in {@code failure}'s causes, or null. */
  @Override
  public @Nullable FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis qualifier = unknownService(failure);
    return qualifier != null ? qualifier : interceptorCycle(failure);
  }

  private @Nullable FailureAnalysis unknownService(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (!(cause instanceof UnsatisfiedDependencyException unsatisfied)) continue;
      InjectionPoint point = unsatisfied.getInjectionPoint();
      if (point == null || !(unsatisfied.getCause() instanceof NoSuchBeanDefinitionException)) {
        continue;
      }
      Qualifier qualifier = point.getAnnotation(Qualifier.class);
      if (qualifier == null || !SERVICE_TYPES.contains(point.getDeclaredType().getName())) continue;
      Set<String> services = environment == null ? Set.of()
          : CourierServiceBeans.names(environment);
      String nearest = nearest(qualifier.value(), services);
      String description = String.format("%s needs a %s qualified '%s', but no Courier service "
          + "of that name is configured.%n%n    Configured services: %s%n", point,
          point.getDeclaredType().getSimpleName(), qualifier.value(), services);
      String action = nearest != null
          ? "Did you mean @Qualifier(\"" + nearest + "\")? Correct the qualifier, or configure "
              + "the service with courier.services." + qualifier.value() + ".base-url."
          : "Configure the service with courier.services." + qualifier.value() + ".base-url, or "
              + "name one of the configured services in the qualifier.";
      return new FailureAnalysis(description, action, cause);
    }
    return null;
  }

  private @Nullable FailureAnalysis interceptorCycle(Throwable failure) {
    BeanCurrentlyInCreationException inCreation = null;
    List<String> chain = new ArrayList<>();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof org.springframework.beans.factory.BeanCreationException creation
          && creation.getBeanName() != null && !chain.contains(creation.getBeanName())) {
        chain.add(creation.getBeanName());
      }
      if (cause instanceof BeanCurrentlyInCreationException current) inCreation = current;
    }
    if (inCreation == null || chain.stream().noneMatch(COURIER_BEANS::contains)) return null;
    String configuration = null;
    String interceptor = null;
    if (beanFactory instanceof ConfigurableListableBeanFactory factory) {
      // The interceptor itself may not be in the chain: the client asked for every interceptor,
      // and the one that failed was made by a bean (the configuration class) already in it.
      for (String name : factory.getBeanNamesForType(dev.courier.Interceptor.class, true, false)) {
        BeanDefinition definition = factory.getMergedBeanDefinition(name);
        String factoryBean = definition.getFactoryBeanName();
        if (factoryBean != null && (chain.contains(factoryBean) || chain.contains(name))) {
          interceptor = name;
          configuration = factoryBean;
        }
      }
    }
    String description = String.format("The Courier client beans and an interceptor depend on "
        + "each other:%n%n    %s%n%n%s", String.join(" -> ", chain), interceptor == null ? ""
        : String.format("Interceptor bean '%s' is made by a non-static @Bean method of '%s', which "
            + "itself injects a Courier client: building the client needs the interceptor, the "
            + "interceptor needs an instance of '%s', and that needs the client.%n",
            interceptor, configuration, configuration));
    String action = interceptor == null
        ? "An Interceptor bean must not depend on the Courier beans, which need it to be built: "
            + "make its @Bean method static, or move it to a class that injects no Courier client."
        : "Make the @Bean method of '" + interceptor + "' static, or move it to a class that "
            + "injects no Courier client.";
    return new FailureAnalysis(description, action, inCreation);
  }

  private static @Nullable String nearest(String name, Set<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = CourierPropertyNames.distance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  /** Ahead of Boot's analyzers of missing beans and cycles. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
