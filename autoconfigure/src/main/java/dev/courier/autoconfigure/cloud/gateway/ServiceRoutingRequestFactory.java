package dev.courier.autoconfigure.cloud.gateway;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.observation.ClientRequestObservationContext;

import dev.courier.autoconfigure.cloud.ServiceTarget;
import dev.courier.autoconfigure.cloud.ServiceTargets;

/**
 * The request factory of the gateway's proxy: a request whose URL targets a Courier service
 * ({@link ServiceTargets}) is made by that service's factory, on the service's client and at the
 * service's URL; any other by the application's shared factory. The service's name is left in
 * the request's attributes under {@link #SERVICE_ATTRIBUTE} for the observation convention
 * ({@link #serviceOf}).
 */
final class ServiceRoutingRequestFactory implements ClientHttpRequestFactory {
  /** The request attribute naming the Courier service a proxied request went to. */
  static final String SERVICE_ATTRIBUTE = ServiceRoutingRequestFactory.class.getName() + ".service";

  private final ServiceTargets targets;
  private final Map<String, ClientHttpRequestFactory> serviceFactories;
  private final ClientHttpRequestFactory shared;

  ServiceRoutingRequestFactory(ServiceTargets targets,
      Map<String, ClientHttpRequestFactory> serviceFactories, ClientHttpRequestFactory shared) {
    this.targets = targets;
    this.serviceFactories = Map.copyOf(serviceFactories);
    this.shared = shared;
  }

  @Override
  public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
    ServiceTarget target = targets.resolve(uri);
    ClientHttpRequestFactory factory =
        target == null ? null : serviceFactories.get(target.service());
    if (target == null || factory == null) return shared.createRequest(uri, httpMethod);
    ClientHttpRequest request = factory.createRequest(target.url(), httpMethod);
    request.getAttributes().put(SERVICE_ATTRIBUTE, target.service());
    return request;
  }

  /** Returns the Courier service the observed request went to, or null if none. */
  static @Nullable String serviceOf(ClientRequestObservationContext context) {
    ClientHttpRequest request = context.getCarrier();
    Object service = request == null ? null : request.getAttributes().get(SERVICE_ATTRIBUTE);
    return service instanceof String name ? name : null;
  }
}
