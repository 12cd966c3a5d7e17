package dev.courier.autoconfigure.http.service;

import java.util.function.Function;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * Spring's {@code http.client.requests} convention for calls to Courier services: whatever the
 * application's (or Spring's default) convention says, with {@code client.name} the service's
 * name, so that a service's calls are counted under one name whether its {@code RestClient}, its
 * HTTP service group, the gateway or its Courier client made them.
 */
public final class ServiceClientRequestObservationConvention
    implements ClientRequestObservationConvention {
  private static final String CLIENT_NAME = "client.name";

  private final Function<ClientRequestObservationContext, @Nullable String> serviceOf;
  private final ClientRequestObservationConvention delegate;

  private ServiceClientRequestObservationConvention(
      Function<ClientRequestObservationContext, @Nullable String> serviceOf,
      ClientRequestObservationConvention delegate) {
    this.serviceOf = serviceOf;
    this.delegate = delegate;
  }

  /** Returns the convention naming every call {@code service}. */
  static ServiceClientRequestObservationConvention of(BeanFactory beanFactory,
      Environment environment, String service) {
    return of(beanFactory, environment, context -> service);
  }

  /**
   * Returns the convention naming each call's service as {@code serviceOf} says; a call it
   * names none keeps the delegate's {@code client.name}. The delegate is the application's
   * convention bean, else Spring's default under {@code management.observations.http.client.
   * requests.name}.
   */
  public static ServiceClientRequestObservationConvention of(BeanFactory beanFactory,
      Environment environment,
      Function<ClientRequestObservationContext, @Nullable String> serviceOf) {
    String name = environment.getProperty("management.observations.http.client.requests.name",
        "http.client.requests");
    ClientRequestObservationConvention delegate = beanFactory
        .getBeanProvider(ClientRequestObservationConvention.class)
        .getIfUnique(() -> new DefaultClientRequestObservationConvention(name));
    return new ServiceClientRequestObservationConvention(serviceOf, delegate);
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
    KeyValues values = delegate.getLowCardinalityKeyValues(context);
    String service = serviceOf.apply(context);
    return service == null ? values : values.and(KeyValue.of(CLIENT_NAME, service));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(ClientRequestObservationContext context) {
    return delegate.getHighCardinalityKeyValues(context);
  }
}
