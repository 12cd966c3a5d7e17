package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** The pool's gauges and counters follow its connections as they open, idle and close. */
class CourierConnectionPoolMetricsTest {
  private final MockWebServer server = new MockWebServer();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final CourierClient client = new CourierClient();

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    new CourierConnectionPoolMetrics(client.connectionPool(), Tags.of("client", "test"))
        .bindTo(registry);
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private double gauge(String name, String state) {
    return registry.get(name).tags("client", "test", "state", state).gauge().value();
  }

  private double counter(String name) {
    return registry.get(name).tags("client", "test").functionCounter().count();
  }

  @Test
  void gaugesMoveAsAConnectionOpensIsUsedAndGoesIdle() throws Exception {
    assertThat(gauge("courier.pool.connections", "active")).isZero();
    assertThat(gauge("courier.pool.connections", "idle")).isZero();
    assertThat(counter("courier.connections.opened")).isZero();

    server.enqueue(new MockResponse.Builder().body("hello").build());
    Response response = client.newCall(new Request.Builder()
        .url(server.url("/").toString()).build()).execute();
    assertThat(gauge("courier.pool.connections", "active")).isEqualTo(1);
    assertThat(gauge("courier.pool.connections", "idle")).isZero();
    assertThat(counter("courier.connections.opened")).isEqualTo(1);

    response.close();
    assertThat(gauge("courier.pool.connections", "active")).isZero();
    assertThat(gauge("courier.pool.connections", "idle")).isEqualTo(1);

    client.connectionPool().evictAll();
    assertThat(gauge("courier.pool.connections", "idle")).isZero();
    assertThat(counter("courier.connections.opened")).isEqualTo(1);
    assertThat(counter("courier.connections.leaked")).isZero();
  }

  @Test
  void maxIdleIsTheConfiguredLimit() {
    assertThat(registry.get("courier.pool.connections.max-idle").tags("client", "test")
        .gauge().value()).isEqualTo(client.connectionPool().maxIdleConnections());
  }
}
