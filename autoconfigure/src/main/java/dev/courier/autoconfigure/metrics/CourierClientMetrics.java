package dev.courier.autoconfigure.metrics;

import java.util.Objects;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.monitoring.CourierClients;

/**
 * Binds the pool, dispatcher and cache meters of every Courier client of the application, tagged
 * {@code client=<name>}: {@code default} for the shared client, the service name for a service.
 * Service clients share the shared client's resources unless customized, so each resource is
 * bound once, tagged with the first client that uses it: with the defaults, one set of meters
 * tagged {@code client=default} covers every service.
 */
public final class CourierClientMetrics implements MeterBinder {
  /** The tag naming the client (or service) a meter belongs to. */
  public static final String CLIENT_TAG = "client";

  private final Supplier<CourierClients> clients;

  /**
   * Creates a binder of the clients {@code clients} supplies when it is bound: late, so the
   * client beans need not exist when this one is created.
   */
  public CourierClientMetrics(Supplier<CourierClients> clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  /** Registers the meters of each distinct pool, dispatcher and cache in {@code registry}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    CourierClients current = clients.get();
    current.distinct(CourierClient::connectionPool).forEach((name, pool) ->
        new CourierConnectionPoolMetrics(pool, Tags.of(CLIENT_TAG, name)).bindTo(registry));
    current.distinct(CourierClient::dispatcher).forEach((name, dispatcher) ->
        new CourierDispatcherMetrics(dispatcher, Tags.of(CLIENT_TAG, name)).bindTo(registry));
    current.distinct(CourierClient::cache).forEach((name, cache) ->
        new CourierCacheMetrics(cache, Tags.of(CLIENT_TAG, name)).bindTo(registry));
  }
}
