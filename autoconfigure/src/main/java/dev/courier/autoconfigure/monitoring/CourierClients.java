package dev.courier.autoconfigure.monitoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

import dev.courier.CourierClient;
import dev.courier.HttpUrl;
import dev.courier.autoconfigure.CourierServices;

/**
 * The application's Courier clients by name, as metrics, health and the Actuator endpoint report
 * them: the shared {@link CourierClient} bean as {@value #DEFAULT_NAME}, then each
 * {@code courier.services.<name>} client under its service name (a service named
 * {@value #DEFAULT_NAME} takes that name from the shared client). Immutable; a view of the
 * clients at the time it was made.
 *
 * <p>Service clients share the shared client's connection pool, dispatcher and cache unless a
 * customizer gave them their own; {@link #sharing(String, Function)} names the clients that use
 * one, and the metrics bind each resource once, after the first client that uses it.
 */
public final class CourierClients {
  /** The name of the shared client. */
  public static final String DEFAULT_NAME = CourierServices.SHARED_CLIENT_NAME;

  private final Map<String, CourierClient> clients;
  private final Map<String, HttpUrl> baseUrls;

  private CourierClients(Map<String, CourierClient> clients, Map<String, HttpUrl> baseUrls) {
    this.clients = Collections.unmodifiableMap(clients);
    this.baseUrls = Collections.unmodifiableMap(baseUrls);
  }

  /**
   * Returns the clients of {@code shared} and {@code services}, either of which may be absent.
   */
  public static CourierClients of(@Nullable CourierClient shared,
      @Nullable CourierServices services) {
    Map<String, CourierClient> clients = new LinkedHashMap<>();
    Map<String, HttpUrl> baseUrls = new LinkedHashMap<>();
    if (shared != null) clients.put(DEFAULT_NAME, shared);
    if (services != null) {
      for (String name : services.names()) {
        clients.put(name, services.client(name));
        HttpUrl baseUrl = services.baseUrl(name);
        if (baseUrl != null) baseUrls.put(name, baseUrl);
      }
    }
    return new CourierClients(clients, baseUrls);
  }

  /**
   * Returns the clients the providers hold now: the unique (default-candidate) client bean, which
   * is the shared one since service client beans are not default candidates, and the services.
   */
  public static CourierClients from(ObjectProvider<CourierClient> shared,
      ObjectProvider<CourierServices> services) {
    return of(shared.getIfUnique(), services.getIfUnique());
  }

  /** Returns the names, the shared client's first, then the services' in configuration order. */
  public Set<String> names() {
    return clients.keySet();
  }

  /** Returns the client named {@code name}, or null if there is none. */
  public @Nullable CourierClient client(String name) {
    return clients.get(name);
  }

  /** Returns the base URL of the service named {@code name}, or null if it has none. */
  public @Nullable HttpUrl baseUrl(String name) {
    return baseUrls.get(name);
  }

  /** Returns the clients by name, in {@link #names()} order. */
  public Map<String, CourierClient> asMap() {
    return clients;
  }

  /**
   * Returns the names of the clients that use the same resource as the client named
   * {@code name}, itself included, in {@link #names()} order; empty if there is no such client.
   */
  public <T> Set<String> sharing(String name, Function<CourierClient, @Nullable T> resource) {
    CourierClient client = clients.get(name);
    T value = client == null ? null : resource.apply(client);
    if (value == null) return Set.of();
    Set<String> result = new LinkedHashSet<>();
    clients.forEach((other, otherClient) -> {
      if (resource.apply(otherClient) == value) result.add(other);
    });
    return Collections.unmodifiableSet(result);
  }

  @Override
  public String toString() {
    return "CourierClients" + clients.keySet();
  }
}
