package dev.courier.autoconfigure.actuate;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.courier.Cache;
import dev.courier.CourierClient;
import dev.courier.autoconfigure.monitoring.CourierClients;

/**
 * The {@code courier} health contributor: UP with each client's pool, dispatcher, cache and
 * circuit breaker in the details.
 *
 * <p>It goes DOWN only when Courier itself cannot work: a client's dispatcher was shut down, or a
 * cache directory exists but is not a writable directory. A cache directory that was deleted is
 * reported in the details and does not take it DOWN: the cache recreates it on its next write.
 * A failing downstream service never makes it DOWN, not even with its circuit breaker open: an
 * instance taken out of rotation because a dependency failed would spread that failure to its
 * own callers. Turn it off with
 * {@code management.health.courier.enabled=false}.
 */
public final class CourierHealthIndicator implements HealthIndicator {
  private final Supplier<CourierClients> clients;
  private final CircuitBreakerStates breakers;

  CourierHealthIndicator(Supplier<CourierClients> clients, CircuitBreakerStates breakers) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.breakers = Objects.requireNonNull(breakers, "breakers");
  }

  /** Returns the health of every client: DOWN, naming the problems, if one cannot work. */
  @Override
  public Health health() {
    Map<String, Object> details = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    clients.get().asMap().forEach((name, client) ->
        details.put(name, clientDetails(name, client, problems)));
    Health.Builder health = problems.isEmpty() ? Health.up() : Health.down();
    if (!problems.isEmpty()) health.withDetail("problems", problems);
    return health.withDetail("clients", details).build();
  }

  private Map<String, Object> clientDetails(String name, CourierClient client,
      List<String> problems) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("connections", client.connectionPool().connectionCount());
    details.put("idleConnections", client.connectionPool().idleConnectionCount());
    details.put("runningCalls", client.dispatcher().runningCallsCount());
    details.put("queuedCalls", client.dispatcher().queuedCallsCount());
    boolean shutdown = client.dispatcher().isShutdown();
    details.put("dispatcher", shutdown ? "shut down" : "running");
    if (shutdown) problems.add("client '" + name + "': the dispatcher is shut down");
    Cache cache = client.cache();
    if (cache != null && !Files.exists(cache.directory())) {
      // Deleted from outside (a tmp cleaner, an operator): calls still work, uncached, and the
      // cache makes the directory again when it next stores a response. Not a reason to take
      // the application out of rotation.
      details.put("cache", "missing: recreated by the next write");
    } else if (cache != null) {
      boolean usable = Files.isDirectory(cache.directory()) && Files.isWritable(cache.directory());
      details.put("cache", usable ? "usable" : "unusable");
      if (!usable) {
        problems.add("client '" + name + "': the cache directory " + cache.directory()
            + " is not a writable directory");
      }
    }
    if (!CourierClients.DEFAULT_NAME.equals(name)) {
      String breaker = breakers.state(name);
      if (breaker != null) details.put("circuitBreaker", breaker);
    }
    return details;
  }
}
