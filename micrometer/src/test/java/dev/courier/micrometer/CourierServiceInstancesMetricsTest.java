package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.Hedging;
import dev.courier.HttpUrl;
import dev.courier.LoadBalancing;
import dev.courier.OutlierDetection;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.ServiceInstances;

/**
 * The meters of a service with several instances, against real instances on loopback: instance
 * counts by state, ejections and hedges, tagged by service and never by instance.
 */
class CourierServiceInstancesMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final MockWebServer failing = new MockWebServer();
  private final MockWebServer healthy = new MockWebServer();
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    QueueDispatcher errors = new QueueDispatcher();
    errors.setFailFast(new MockResponse.Builder().code(500).build());
    failing.setDispatcher(errors);
    QueueDispatcher ok = new QueueDispatcher();
    ok.setFailFast(new MockResponse.Builder().body("ok").build());
    healthy.setDispatcher(ok);
    failing.start();
    healthy.start();
  }

  @AfterEach
  void tearDown() {
    if (client != null) client.close();
    failing.close();
    healthy.close();
  }

  private ServiceInstances.Builder catalog() {
    return new ServiceInstances.Builder("catalog")
        .instances(List.of(origin(failing), origin(healthy)))
        .loadBalancing(new LoadBalancing.Builder()
            .policy(LoadBalancing.Policy.ROUND_ROBIN).build());
  }

  private static HttpUrl origin(MockWebServer server) {
    return HttpUrl.get("http://" + server.getHostName() + ":" + server.getPort() + "/");
  }

  private int get() throws IOException {
    Request request = new Request.Builder().url("http://catalog/items").build();
    try (Response response = client.newCall(request).execute()) {
      return response.code();
    }
  }

  @Test
  void anEjectionMovesAnInstanceFromHealthyToEjectedAndIsCounted() throws IOException {
    ServiceInstances catalog = catalog()
        .outlierDetection(new OutlierDetection.Builder()
            .consecutive5xx(1).maxEjectionPercent(50).build())
        .build();
    client = new CourierClient.Builder().service(catalog).build();
    new CourierClientMetrics(() -> Map.of("catalog", client)).bindTo(registry);
    assertThat(instances("healthy")).isEqualTo(2);
    assertThat(instances("ejected")).isZero();

    // Round robin reaches the failing instance within two calls; its 500 ejects it.
    get();
    get();

    assertThat(instances("healthy")).isEqualTo(1);
    assertThat(instances("ejected")).isEqualTo(1);
    assertThat(instances("warming")).isZero();
    assertThat(registry.get("courier.service.ejections").tag("service", "catalog")
        .functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("courier.service.hedges").functionCounter().count()).isZero();
    // Tagged by service alone: an instance is no tag.
    assertThat(registry.find("courier.service.instances").meters())
        .allSatisfy(meter -> assertThat(meter.getId().getTags()).extracting("key")
            .containsExactlyInAnyOrder("service", "state"));
  }

  @Test
  void aHedgeSentForASlowCallIsCounted() throws IOException {
    QueueDispatcher slow = new QueueDispatcher();
    // Slower than any test waits: the hedge to the other instance answers first.
    slow.setFailFast(new MockResponse.Builder().body("slow")
        .headersDelay(30, TimeUnit.SECONDS).build());
    failing.setDispatcher(slow);
    ServiceInstances catalog = catalog()
        .hedging(new Hedging.Builder().delay(Duration.ofMillis(20)).budgetPercent(100).build())
        .build();
    client = new CourierClient.Builder().service(catalog).build();
    new CourierClientMetrics(() -> Map.of("catalog", client)).bindTo(registry);

    // Round robin sends at least one of two calls to the slow instance first; each such call
    // is hedged to the other instance, and only such calls are.
    assertThat(get()).isEqualTo(200);
    assertThat(get()).isEqualTo(200);

    assertThat(failing.getRequestCount()).isBetween(1, 2);
    assertThat(registry.get("courier.service.hedges").tag("service", "catalog")
        .functionCounter().count()).isEqualTo(failing.getRequestCount());
  }

  private double instances(String state) {
    return registry.get("courier.service.instances").tag("service", "catalog")
        .tag("state", state).gauge().value();
  }
}
