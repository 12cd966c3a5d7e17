package dev.courier.autoconfigure.cloud.openfeign;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import feign.Client;
import feign.Request;
import feign.Response;
import org.jspecify.annotations.Nullable;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.cloud.ServiceTarget;
import dev.courier.autoconfigure.cloud.ServiceTargets;
import dev.courier.openfeign.CourierFeignClient;

/**
 * The {@link Client feign.Client} of {@code @FeignClient}s: a request whose URL targets a Courier
 * service ({@link ServiceTargets}: {@code @FeignClient(name = "catalog")} calls
 * {@code http://catalog/...}) runs on that service's client at the service's URL; any other on
 * the shared Courier client. Each is a {@link CourierFeignClient}, so Feign's options apply as it
 * says: Feign's default timeouts leave the Courier client's.
 */
public final class ServiceRoutingFeignClient implements Client {
  private final ServiceTargets targets;
  private final Map<String, CourierFeignClient> serviceClients;
  private final CourierFeignClient shared;

  /** Creates the client over the shared Courier client and the configured services. */
  public ServiceRoutingFeignClient(CourierClient shared, CourierServices services) {
    this.targets = new ServiceTargets(services);
    Map<String, CourierFeignClient> clients = new LinkedHashMap<>();
    for (String name : services.names()) {
      clients.put(name, new CourierFeignClient(services.client(name)));
    }
    this.serviceClients = Map.copyOf(clients);
    this.shared = new CourierFeignClient(shared);
  }

  /** Returns the Courier service {@code request} targets, or null if it targets none. */
  @Nullable ServiceTarget target(Request request) {
    URI uri;
    try {
      uri = URI.create(request.url());
    } catch (IllegalArgumentException e) {
      return null; // Not a URL a service could be named by; Courier will say what is wrong.
    }
    return targets.resolve(uri);
  }

  /** Executes {@code request} on its service's client, or on the shared client. */
  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    ServiceTarget target = target(request);
    CourierFeignClient client = target == null ? null : serviceClients.get(target.service());
    if (target == null || client == null) return shared.execute(request, options);
    Request atService = request.url().equals(target.url().toString())
        ? request
        : Request.create(request.httpMethod(), target.url().toString(), request.headers(),
            request.body(), request.charset(), request.requestTemplate());
    return client.execute(atService, options);
  }

  @Override
  public String toString() {
    return "ServiceRoutingFeignClient" + serviceClients.keySet();
  }
}
