package dev.courier.autoconfigure.cloud.gateway;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * Spring's {@code http.client.requests} convention for the gateway's proxied calls: whatever the
 * application's (or Spring's default) convention says, with {@code client.name} the Courier
 * service's name for a call routed to a service, so a service's calls are counted under one name
 * whether the gateway, a {@code RestClient} or the service's client made them.
 */
final class GatewayClientRequestObservationConvention
    implements ClientRequestObservationConvention {
  private static final String CLIENT_NAME = "client.name";

  private final ClientRequestObservationConvention delegate;

  GatewayClientRequestObservationConvention(ClientRequestObservationConvention delegate) {
    this.delegate = delegate;
  }

  /** Returns the convention over the application's (or Spring's default). */
  static GatewayClientRequestObservationConvention of(BeanFactory beanFactory,
      Environment environment) {
    String name = environment.getProperty("management.observations.http.client.requests.name",
        "http.client.requests");
    return new GatewayClientRequestObservationConvention(beanFactory
        .getBeanProvider(ClientRequestObservationConvention.class)
        .getIfUnique(() -> new DefaultClientRequestObservationConvention(name)));
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
    ClientHttpRequest request = context.getCarrier();
    Object service = request == null
        ? null : request.getAttributes().get(ServiceRoutingRequestFactory.SERVICE_ATTRIBUTE);
    return service instanceof String name ? values.and(KeyValue.of(CLIENT_NAME, name)) : values;
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(ClientRequestObservationContext context) {
    return delegate.getHighCardinalityKeyValues(context);
  }
}
