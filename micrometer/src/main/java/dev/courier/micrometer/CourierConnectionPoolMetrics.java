package dev.courier.micrometer;

import java.util.Objects;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.courier.ConnectionPool;

/**
 * Meters of a {@link ConnectionPool}:
 *
 * <ul>
 *   <li>{@code courier.pool.connections{state=active|idle}}: gauges of the connections in use and
 *       of those waiting for reuse.
 *   <li>{@code courier.pool.connections.max-idle}: gauge of the most idle connections kept.
 *   <li>{@code courier.connections.opened}: counter of the connections the pool opened.
 *   <li>{@code courier.connections.leaked}: counter of the connections lost to response bodies
 *       that were never closed; anything above zero is a bug to fix in the caller.
 * </ul>
 *
 * <pre>{@code
 * new CourierConnectionPoolMetrics(client.connectionPool(), Tags.of("client", "catalog"))
 *     .bindTo(meterRegistry);
 * }</pre>
 *
 * <p>The meters read the pool when they are measured and hold it weakly, as Micrometer's gauges
 * do: keep the pool referenced (its client does).
 */
public final class CourierConnectionPoolMetrics implements MeterBinder {
  private final ConnectionPool pool;
  private final Tags tags;

  /** Creates meters of {@code pool}, each tagged with {@code tags}. */
  public CourierConnectionPoolMetrics(ConnectionPool pool, Iterable<Tag> tags) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.tags = Tags.of(tags);
  }

  /**
   * Registers the meters in {@code registry}. Counts carry no base unit: Prometheus appends a
   * meter's unit to its name, and {@code connections} would say it twice
   * ({@code courier_connections_opened_connections_total}).
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("courier.pool.connections", pool,
            p -> Math.max(0, p.connectionCount() - p.idleConnectionCount()))
        .description("Connections of the pool that a call is using")
        .tags(tags).tag("state", "active")
        .register(registry);
    Gauge.builder("courier.pool.connections", pool, ConnectionPool::idleConnectionCount)
        .description("Connections of the pool kept open for reuse")
        .tags(tags).tag("state", "idle")
        .register(registry);
    Gauge.builder("courier.pool.connections.max-idle", pool, ConnectionPool::maxIdleConnections)
        .description("Most idle connections the pool keeps")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("courier.connections.opened", pool,
            ConnectionPool::openedConnectionCount)
        .description("Connections the pool opened")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("courier.connections.leaked", pool,
            ConnectionPool::leakedConnectionCount)
        .description("Connections lost because a response body was not closed")
        .tags(tags)
        .register(registry);
  }
}
