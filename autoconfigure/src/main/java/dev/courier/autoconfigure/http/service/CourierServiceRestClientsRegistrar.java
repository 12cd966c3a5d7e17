package dev.courier.autoconfigure.http.service;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.web.client.RestClient;

import dev.courier.HttpUrl;
import dev.courier.autoconfigure.CourierServiceBeans;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.http.CourierClientHttpRequestFactory;

/**
 * Registers a {@link RestClient} bean per configured service, {@code <name>RestClient}, qualified
 * by the service name: {@code @Qualifier("catalog") RestClient catalog}. Each is made from the
 * application's {@code RestClient.Builder} (so Boot's customizers and message converters apply),
 * runs on the service's Courier client with its base URL, and names the service as
 * {@code client.name} in Spring's observation ({@link ServiceObservationConventions}).
 */
final class CourierServiceRestClientsRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {
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
    Environment env = Objects.requireNonNull(environment, "environment");
    for (String service : CourierServiceBeans.names(env)) {
      CourierServiceBeans.register(registry, service + "RestClient", service, RestClient.class,
          () -> restClient(factory, env, service));
    }
  }

  private static RestClient restClient(BeanFactory beanFactory, Environment environment,
      String service) {
    CourierServices services = beanFactory.getBean(CourierServices.class);
    RestClient.Builder builder = beanFactory.getBeanProvider(RestClient.Builder.class)
        .getIfAvailable(RestClient::builder);
    builder.requestFactory(new CourierClientHttpRequestFactory(services.client(service)));
    HttpUrl baseUrl = services.baseUrl(service);
    if (baseUrl != null) builder.baseUrl(baseUrl.toString());
    ServiceObservationConventions.apply(beanFactory, environment, service, builder);
    return builder.build();
  }
}
