package dev.courier.autoconfigure;

import java.io.Closeable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.courier.CourierClient;
import dev.courier.HttpUrl;

/**
 * The named services of {@code courier.services.<name>}: each one's client and base URL. Each
 * client was derived from the shared {@link CourierClient} bean with
 * {@link CourierClient#newBuilder()}, so all share one connection pool, dispatcher and cache, which
 * the shared bean closes with the application context.
 *
 * <pre>{@code
 * CourierClient catalog = services.client("catalog");
 * Request request = new Request.Builder().url(services.url("catalog", "items/42")).build();
 * }</pre>
 *
 * <p>Each service's client is also a bean qualified by the service name:
 * {@code @Qualifier("catalog") CourierClient catalog}. Immutable and thread-safe.
 */
public final class CourierServices implements Closeable {
  /**
   * The name metrics, health and the {@code courier} endpoint give the shared client. No service
   * may take it, so every client has a name of its own.
   */
  public static final String SHARED_CLIENT_NAME = "default";

  private final Map<String, CourierClient> clients;
  private final Map<String, HttpUrl> baseUrls;
  private final List<CourierClient> ownedResources;

  /**
   * Creates a registry.
   *
   * @param clients each service's client, by name, in the order to report them
   * @param baseUrls the base URL of the services that have one, by name
   * @throws IllegalArgumentException if a base URL names a service without a client
   */
  public CourierServices(Map<String, CourierClient> clients, Map<String, HttpUrl> baseUrls) {
    this(clients, baseUrls, List.of());
  }

  /**
   * Creates a registry that also owns resources of some services (a pool, dispatcher or cache of
   * their own), held by the clients in {@code ownedResources}, which {@link #close()} closes.
   */
  CourierServices(Map<String, CourierClient> clients, Map<String, HttpUrl> baseUrls,
      List<CourierClient> ownedResources) {
    for (String name : baseUrls.keySet()) {
      if (!clients.containsKey(name)) {
        throw new IllegalArgumentException("base URL for unknown service '" + name + "'");
      }
    }
    this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
    this.baseUrls = Map.copyOf(baseUrls);
    this.ownedResources = List.copyOf(ownedResources);
  }

  /** Returns the names of the services, in configuration order. */
  public Set<String> names() {
    return clients.keySet();
  }

  /** Returns true if a service named {@code name} is configured. */
  public boolean contains(String name) {
    return clients.containsKey(name);
  }

  /**
   * Returns the client of the service named {@code name}.
   *
   * @throws IllegalArgumentException if no such service is configured
   */
  public CourierClient client(String name) {
    CourierClient client = clients.get(name);
    if (client == null) throw unknown(name);
    return client;
  }

  /**
   * Returns the base URL of the service named {@code name}, or null if it has none.
   *
   * @throws IllegalArgumentException if no such service is configured
   */
  public @Nullable HttpUrl baseUrl(String name) {
    if (!clients.containsKey(name)) throw unknown(name);
    return baseUrls.get(name);
  }

  /**
   * Resolves {@code link} against the base URL of the service named {@code name}, as a browser
   * resolves a link: {@code "items/42"} against {@code http://catalog/api/} gives
   * {@code http://catalog/api/items/42}, and {@code "/items"} replaces the whole path.
   *
   * @throws IllegalArgumentException if no such service is configured, it has no base URL, or
   *     {@code link} cannot be resolved to an http(s) URL
   */
  public HttpUrl url(String name, String link) {
    HttpUrl base = baseUrl(name);
    if (base == null) {
      throw new IllegalArgumentException("service '" + name + "' has no base URL; set "
          + "courier.services." + name + ".base-url");
    }
    HttpUrl resolved = base.resolve(link);
    if (resolved == null) {
      throw new IllegalArgumentException("cannot resolve '" + link + "' against " + base.redact());
    }
    return resolved;
  }

  /**
   * Returns the service named {@code name} as a client bound to its base URL.
   *
   * @throws IllegalArgumentException if no such service is configured
   */
  public CourierServiceClient service(String name) {
    return new CourierServiceClient(name, client(name), baseUrl(name));
  }

  /**
   * Closes the pools, dispatchers and caches that services have of their own. The shared ones
   * are closed by the shared client, which owns them.
   */
  @Override
  public void close() {
    for (CourierClient owner : ownedResources) owner.close();
  }

  private IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException("No Courier service named '" + name
        + "'; configured services: " + clients.keySet());
  }

  @Override
  public String toString() {
    return "CourierServices" + clients.keySet();
  }
}
