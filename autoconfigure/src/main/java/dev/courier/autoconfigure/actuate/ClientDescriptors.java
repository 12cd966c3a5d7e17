package dev.courier.autoconfigure.actuate;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.courier.Cache;
import dev.courier.ConnectionPool;
import dev.courier.ConnectionSnapshot;
import dev.courier.CourierClient;
import dev.courier.DispatcherSnapshot;
import dev.courier.HttpUrl;
import dev.courier.InstanceSnapshot;
import dev.courier.ServiceInstances;
import dev.courier.autoconfigure.actuate.ClientDescriptor.CacheDescriptor;
import dev.courier.autoconfigure.actuate.ClientDescriptor.ConnectionDescriptor;
import dev.courier.autoconfigure.actuate.ClientDescriptor.DispatcherDescriptor;
import dev.courier.autoconfigure.actuate.ClientDescriptor.InstanceDescriptor;
import dev.courier.autoconfigure.actuate.ClientDescriptor.PoolDescriptor;
import dev.courier.autoconfigure.actuate.ClientDescriptor.ServiceInstancesDescriptor;
import dev.courier.autoconfigure.monitoring.CourierClients;
import dev.courier.logging.RedactedUrls;

/**
 * Turns the engine's snapshots into the endpoint's descriptors. The one place that decides what
 * of a client's state is shown: URLs only as origin and path, and nothing from a request.
 */
final class ClientDescriptors {
  private final CircuitBreakerStates breakers;

  ClientDescriptors(CircuitBreakerStates breakers) {
    this.breakers = breakers;
  }

  /** Returns every client's descriptor, by name. */
  CourierDescriptor describeAll(CourierClients clients) {
    Map<String, ClientDescriptor> result = new LinkedHashMap<>();
    for (String name : clients.names()) {
      ClientDescriptor descriptor = describe(clients, name);
      if (descriptor != null) result.put(name, descriptor);
    }
    return new CourierDescriptor(result);
  }

  /** Returns the descriptor of the client named {@code name}, or null if there is none. */
  @Nullable ClientDescriptor describe(CourierClients clients, String name) {
    CourierClient client = clients.client(name);
    if (client == null) return null;
    HttpUrl baseUrl = clients.baseUrl(name);
    boolean service = !CourierClients.DEFAULT_NAME.equals(name);
    List<ServiceInstancesDescriptor> services = new ArrayList<>();
    Set<String> origins = new HashSet<>();
    if (baseUrl != null) origins.add(RedactedUrls.origin(baseUrl));
    for (ServiceInstances instances : client.services()) {
      ServiceInstancesDescriptor described = services(instances);
      services.add(described);
      for (InstanceDescriptor instance : described.instances()) origins.add(instance.url());
    }
    return new ClientDescriptor(
        baseUrl == null ? null : RedactedUrls.withoutQuery(baseUrl),
        pool(clients, name, client.connectionPool(),
            service && !origins.isEmpty() ? origins : null),
        dispatcher(clients, name, client.dispatcher().snapshot()),
        cache(clients, name, client.cache()),
        service ? breakers.state(name) : null,
        List.copyOf(services));
  }

  /** Describes a service with several instances: counts by state, then each instance. */
  private static ServiceInstancesDescriptor services(ServiceInstances service) {
    Instant now = Instant.now();
    Map<InstanceSnapshot.State, Integer> counts = new EnumMap<>(InstanceSnapshot.State.class);
    List<InstanceDescriptor> instances = new ArrayList<>();
    for (InstanceSnapshot snapshot : service.snapshot()) {
      counts.merge(snapshot.state(), 1, Integer::sum);
      instances.add(new InstanceDescriptor(RedactedUrls.origin(snapshot.url()),
          snapshot.state().name(),
          snapshot.state() == InstanceSnapshot.State.EJECTED
              ? now.plus(snapshot.ejectionTimeLeft()) : null,
          snapshot.state() == InstanceSnapshot.State.WARMING
              ? now.plus(snapshot.warmUpTimeLeft()) : null,
          snapshot.inFlight(), snapshot.latency().toNanos() / 1e6, snapshot.ejectionCount()));
    }
    return new ServiceInstancesDescriptor(service.name(),
        service.loadBalancing().policy().name(),
        counts.getOrDefault(InstanceSnapshot.State.HEALTHY, 0),
        counts.getOrDefault(InstanceSnapshot.State.WARMING, 0),
        counts.getOrDefault(InstanceSnapshot.State.EJECTED, 0),
        service.ejectionCount(), service.hedgeCount(), List.copyOf(instances));
  }

  /**
   * Describes {@code pool}: all its connections, or for a service only those to
   * {@code origins} (its base URL's and its instances').
   */
  private static PoolDescriptor pool(CourierClients clients, String name, ConnectionPool pool,
      @Nullable Set<String> origins) {
    List<ConnectionDescriptor> connections = new ArrayList<>();
    for (ConnectionSnapshot snapshot : pool.snapshot()) {
      ConnectionDescriptor connection = connection(snapshot);
      if (origins == null || origins.contains(connection.origin())) connections.add(connection);
    }
    return new PoolDescriptor(List.copyOf(clients.sharing(name, CourierClient::connectionPool)),
        pool.maxIdleConnections(), pool.keepAlive().toMillis(), pool.connectionCount(),
        pool.idleConnectionCount(), pool.openedConnectionCount(), pool.leakedConnectionCount(),
        connections);
  }

  private static ConnectionDescriptor connection(ConnectionSnapshot snapshot) {
    InetSocketAddress socketAddress = snapshot.route().socketAddress();
    // The IP the socket is connected to; the host name is in the origin already.
    String host = socketAddress.getAddress() != null
        ? socketAddress.getAddress().getHostAddress()
        : socketAddress.getHostString();
    String address = (host.indexOf(':') != -1 ? "[" + host + "]" : host) + ":"
        + socketAddress.getPort();
    Proxy proxy = snapshot.route().proxy();
    return new ConnectionDescriptor(RedactedUrls.origin(snapshot.route().address().url()),
        address, proxy.type() == Proxy.Type.DIRECT ? "DIRECT" : proxy.toString(),
        snapshot.protocol().toString(), snapshot.inUse(), snapshot.activeStreams(),
        snapshot.age().toMillis(),
        snapshot.idleTime().toMillis(), snapshot.exchangeCount());
  }

  private static DispatcherDescriptor dispatcher(CourierClients clients, String name,
      DispatcherSnapshot snapshot) {
    return new DispatcherDescriptor(List.copyOf(clients.sharing(name, CourierClient::dispatcher)),
        snapshot.maxRequests(), snapshot.maxRequestsPerHost(), snapshot.runningCalls(),
        snapshot.queuedCalls(), snapshot.runningCallsByHost(), snapshot.queuedCallsByHost(),
        snapshot.shutdown());
  }

  private static @Nullable CacheDescriptor cache(CourierClients clients, String name,
      @Nullable Cache cache) {
    if (cache == null) return null;
    long requests = cache.requestCount();
    long hits = cache.hitCount();
    Double hitRatio = requests == 0 ? null : hits / (double) requests;
    return new CacheDescriptor(List.copyOf(clients.sharing(name, CourierClient::cache)),
        cache.directory().toString(), cache.size(), cache.maxSize(), requests,
        cache.networkCount(), hits, cache.conditionalHitCount(), hitRatio);
  }
}
