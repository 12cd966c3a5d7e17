package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.courier.Cache;
import dev.courier.CourierClient;
import dev.courier.ServiceInstances;

/**
 * The names Courier's meters get in a Prometheus scrape, which appends the base unit to the name:
 * counts of connections, calls and requests carry no unit, so no name says it twice
 * ({@code courier_connections_opened_connections_total}); sizes are in bytes.
 */
class PrometheusNamesTest {
  private static final Pattern METRIC = Pattern.compile("^(courier_[a-z_]+)[{ ]",
      Pattern.MULTILINE);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private CourierClient client;

  @AfterEach
  void tearDown() {
    if (client != null) client.close();
    registry.close();
  }

  @Test
  void noNameRepeatsItsUnit(@TempDir Path cache) {
    client = new CourierClient.Builder().cache(new Cache(cache, 1024 * 1024))
        .service(ServiceInstances.of("catalog", "http://127.0.0.1:8080"))
        .build();
    new CourierClientMetrics(() -> Map.of("default", client)).bindTo(registry);

    Matcher matcher = METRIC.matcher(registry.scrape());
    Set<String> names = matcher.results().map(result -> result.group(1))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(names).containsExactlyInAnyOrder(
        "courier_pool_connections",
        "courier_pool_connections_max_idle",
        "courier_connections_opened_total",
        "courier_connections_leaked_total",
        "courier_dispatcher_calls",
        "courier_cache_size_bytes",
        "courier_cache_max_size_bytes",
        "courier_cache_requests_total",
        "courier_service_instances",
        "courier_service_ejections_total",
        "courier_service_hedges_total");
  }
}
