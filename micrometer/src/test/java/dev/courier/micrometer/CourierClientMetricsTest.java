package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.courier.Cache;
import dev.courier.ConnectionPool;
import dev.courier.CourierClient;

/** {@link CourierClientMetrics} meters each shared resource once, named after its first client. */
class CourierClientMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final CourierClient shared = new CourierClient();
  private final CourierClient catalog = shared.newBuilder().build();
  private final CourierClient billing = shared.newBuilder()
      .connectionPool(new ConnectionPool(1, Duration.ofMinutes(1))).build();

  @AfterEach
  void tearDown() {
    shared.close();
    billing.connectionPool().evictAll();
  }

  private Map<String, CourierClient> clients() {
    Map<String, CourierClient> clients = new LinkedHashMap<>();
    clients.put("default", shared);
    clients.put("catalog", catalog);
    clients.put("billing", billing);
    return clients;
  }

  private String[] clientTags(String meterName) {
    return registry.find(meterName).meters().stream()
        .map(Meter::getId)
        .map(id -> id.getTag(CourierClientMetrics.CLIENT_TAG))
        .distinct()
        .toArray(String[]::new);
  }

  @Test
  void eachResourceIsMeteredOnceAfterItsFirstClient() {
    new CourierClientMetrics(this::clients).bindTo(registry);

    assertThat(clientTags("courier.pool.connections.max-idle"))
        .containsExactly("default", "billing");
    assertThat(registry.get("courier.pool.connections.max-idle").tag("client", "billing")
        .gauge().value()).isEqualTo(1);
    assertThat(clientTags("courier.dispatcher.calls")).containsExactly("default");
    assertThat(clientTags("courier.cache.size")).as("no cache").isEmpty();
  }

  @Test
  void aServiceWithItsOwnCacheIsMeteredUnderItsName(@TempDir Path directory) throws IOException {
    try (Cache cache = new Cache(directory, 1024)) {
      Map<String, CourierClient> clients = clients();
      clients.put("cached", shared.newBuilder().cache(cache).build());
      new CourierClientMetrics(() -> clients).bindTo(registry);

      assertThat(clientTags("courier.cache.max-size")).containsExactly("cached");
    }
  }

  @Test
  void theClientsAreReadWhenBound() {
    Map<String, CourierClient> clients = new LinkedHashMap<>();
    CourierClientMetrics metrics = new CourierClientMetrics(() -> clients);
    clients.put("default", shared);
    metrics.bindTo(registry);

    assertThat(clientTags("courier.pool.connections")).containsExactly("default");
  }
}
