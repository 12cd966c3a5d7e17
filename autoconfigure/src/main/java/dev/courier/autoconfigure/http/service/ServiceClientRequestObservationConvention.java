package dev.courier.autoconfigure.http.service;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * Spring's {@code http.client.requests} convention for a service's {@code RestClient} and HTTP
 * service group: whatever the delegate convention says, with {@code client.name} the service's
 * name, so a service's calls are counted under one name however they were made.
 */
final class ServiceClientRequestObservationConvention
    implements ClientRequestObservationConvention {
  private static final String CLIENT_NAME = "client.name";

  private final String service;
  private final ClientRequestObservationConvention delegate;

  ServiceClientRequestObservationConvention(String service,
      ClientRequestObservationConvention delegate) {
    this.service = service;
    this.delegate = delegate;
  }

  /** Returns the convention of {@code service} over the application's (or Spring's default). */
  static ServiceClientRequestObservationConvention of(BeanFactory beanFactory,
      Environment environment, String service) {
    String name = environment.getProperty("management.observations.http.client.requests.name",
        "http.client.requests");
    ClientRequestObservationConvention delegate = beanFactory
        .getBeanProvider(ClientRequestObservationConvention.class)
        .getIfUnique(() -> new DefaultClientRequestObservationConvention(name));
    return new ServiceClientRequestObservationConvention(service, delegate);
  }

  @Override
  public String getName() {
    return delegate.getName();
  }

  @Override
  public @Nullable String getContextualName(ClientRequestObservationContext context) {
    return delegate.getContextualName(context);
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(ClientRequestObservationContext context) {
    return delegate.getLowCardinalityKeyValues(context).and(KeyValue.of(CLIENT_NAME, service));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(ClientRequestObservationContext context) {
    return delegate.getHighCardinalityKeyValues(context);
  }
}
