package dev.courier.micrometer;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.courier.CourierClient;
import dev.courier.ServiceInstances;

/**
 * Binds the pool, dispatcher and cache meters of a set of named Courier clients, tagged
 * {@code client=<name>}. Clients derived with {@link CourierClient#newBuilder()} share their
 * pool, dispatcher and cache unless given their own, so each resource is bound once, tagged with
 * the first client that uses it: the Spring Boot starter names the shared client {@code default}
 * and each service client after its service, so with the defaults one set of meters tagged
 * {@code client=default} covers every service. The services with several instances the
 * clients route to ({@link CourierClient#services()}) are metered once each, tagged
 * {@code service=<name>} ({@link CourierServiceInstancesMetrics}).
 *
 * <pre>{@code
 * Map<String, CourierClient> clients = new LinkedHashMap<>();
 * clients.put("default", client);
 * clients.put("catalog", catalogClient);
 * new CourierClientMetrics(() -> clients).bindTo(meterRegistry);
 * }</pre>
 */
public final class CourierClientMetrics implements MeterBinder {
  /** The tag naming the client (or service) a meter belongs to. */
  public static final String CLIENT_TAG = "client";

  private final Supplier<? extends Map<String, CourierClient>> clients;

  /**
   * Creates a binder of the clients, by name in iteration order, that {@code clients} supplies
   * when it is bound: late, so the clients need not exist when this binder is created.
   */
  public CourierClientMetrics(Supplier<? extends Map<String, CourierClient>> clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  /** Registers the meters of each distinct pool, dispatcher and cache in {@code registry}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    Map<String, CourierClient> current = clients.get();
    forEachDistinct(current, CourierClient::connectionPool, (name, pool) ->
        new CourierConnectionPoolMetrics(pool, Tags.of(CLIENT_TAG, name)).bindTo(registry));
    forEachDistinct(current, CourierClient::dispatcher, (name, dispatcher) ->
        new CourierDispatcherMetrics(dispatcher, Tags.of(CLIENT_TAG, name)).bindTo(registry));
    forEachDistinct(current, CourierClient::cache, (name, cache) ->
        new CourierCacheMetrics(cache, Tags.of(CLIENT_TAG, name)).bindTo(registry));
    Map<ServiceInstances, Boolean> services = new IdentityHashMap<>();
    current.forEach((name, client) -> {
      for (ServiceInstances service : client.services()) {
        if (services.put(service, Boolean.TRUE) == null) {
          new CourierServiceInstancesMetrics(service, Tags.empty()).bindTo(registry);
        }
      }
    });
  }

  /**
   * Passes each distinct resource of {@code clients} (compared by identity) to {@code action} once,
   * with the name of the first client that uses it; clients without one (a null) are skipped.
   */
  private static <T> void forEachDistinct(Map<String, CourierClient> clients,
      Function<CourierClient, @Nullable T> resource, BiConsumer<String, T> action) {
    Map<T, String> owners = new IdentityHashMap<>();
    clients.forEach((name, client) -> {
      T value = resource.apply(client);
      if (value != null && owners.putIfAbsent(value, name) == null) action.accept(name, value);
    });
  }
}
