package dev.courier.autoconfigure.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.courier.Cache;
import dev.courier.CourierClient;
import dev.courier.autoconfigure.monitoring.CourierClients;

/**
 * The {@code courier} Actuator endpoint: the live state of every Courier client (pool
 * connections, dispatcher queues, cache, circuit breaker), and operations to evict idle
 * connections and clear the cache. Clients are named as in {@link CourierClients}: {@code default}
 * for the shared client, the service name for a service.
 *
 * <ul>
 *   <li>{@code GET /actuator/courier}: every client ({@link CourierDescriptor}).
 *   <li>{@code GET /actuator/courier/{name}}: one client ({@link ClientDescriptor}); 404 if unknown.
 *   <li>{@code POST /actuator/courier/{name}/evict-idle}: closes the idle connections of the
 *       client's pool (shared by default, so every client's) and returns the client's state.
 *   <li>{@code DELETE /actuator/courier/{name}}: clears the client's cache (shared by default) and
 *       returns the client's state.
 * </ul>
 *
 * <p>It shows no header value, credential or query string. Like every endpoint it is reachable
 * over HTTP only once listed in {@code management.endpoints.web.exposure.include}. It is
 * read-only unless the application opts in to the writes with
 * {@code management.endpoint.courier.access=unrestricted}, since they act on the running
 * application. Over HTTP an unknown client is a 404 with a body naming the known ones
 * ({@link CourierEndpointWebExtension}).
 */
@Endpoint(id = "courier", defaultAccess = Access.READ_ONLY)
public class CourierEndpoint {
  /** The action of {@link #write(String, String)} that evicts idle connections. */
  public static final String EVICT_IDLE = "evict-idle";

  private final Supplier<CourierClients> clients;
  private final ClientDescriptors descriptors;

  CourierEndpoint(Supplier<CourierClients> clients, CircuitBreakerStates breakers) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.descriptors = new ClientDescriptors(breakers);
  }

  /** Returns the state of every client. */
  @ReadOperation
  public CourierDescriptor clients() {
    return descriptors.describeAll(clients.get());
  }

  /** Returns the state of the client named {@code name}, or null (404) if there is none. */
  @ReadOperation
  public @Nullable ClientDescriptor client(@Selector String name) {
    return descriptors.describe(clients.get(), name);
  }

  /**
   * Runs {@code action} on the client named {@code name} and returns its state afterwards. The
   * one action is {@value #EVICT_IDLE}: close the idle connections of the client's pool.
   *
   * @throws InvalidEndpointRequestException (400) for an unknown client or action
   */
  @WriteOperation
  public ClientDescriptor write(@Selector String name, @Selector String action) {
    if (!EVICT_IDLE.equals(action)) {
      throw new InvalidEndpointRequestException("Unknown action '" + action + "'",
          "The only action is " + EVICT_IDLE);
    }
    CourierClients current = clients.get();
    client(current, name).connectionPool().evictAll();
    return Objects.requireNonNull(descriptors.describe(current, name));
  }

  /**
   * Clears the cache of the client named {@code name}, if it has one, and returns its state.
   *
   * @throws InvalidEndpointRequestException (400) for an unknown client
   * @throws UncheckedIOException if the cache failed to delete an entry
   */
  @DeleteOperation
  public ClientDescriptor clearCache(@Selector String name) {
    CourierClients current = clients.get();
    Cache cache = client(current, name).cache();
    if (cache != null) {
      try {
        cache.evictAll();
      } catch (IOException e) {
        throw new UncheckedIOException("Clearing the cache in " + cache.directory() + " failed", e);
      }
    }
    return Objects.requireNonNull(descriptors.describe(current, name));
  }

  /** Returns the names of the clients, for messages. */
  Iterable<String> names() {
    return clients.get().names();
  }

  private static CourierClient client(CourierClients clients, String name) {
    CourierClient client = clients.client(name);
    if (client == null) {
      throw new InvalidEndpointRequestException("No Courier client named '" + name + "'",
          "Known clients: " + clients.names());
    }
    return client;
  }
}
