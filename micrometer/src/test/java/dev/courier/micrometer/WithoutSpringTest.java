package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;

/** The README's "Without Spring" example, as written there: Courier and Micrometer alone. */
class WithoutSpringTest {
  private final MeterRegistry meterRegistry = new SimpleMeterRegistry();
  private final ObservationRegistry observationRegistry = ObservationRegistry.create();

  @Test
  void theReadmeExampleRecordsCallsAndMetersThePool() throws IOException {
    observationRegistry.observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(meterRegistry));

    CourierClient client = new CourierClient.Builder()
        .addInterceptor(CourierObservationInterceptor.builder(observationRegistry)
            .serviceName("catalog")                   // client.name; the host if not set
            .build())
        .build();
    new CourierClientMetrics(() -> Map.of("catalog", client)).bindTo(meterRegistry);

    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().body("ok").build());
      try (Response response = client.newCall(
          new Request.Builder().url(server.url("/items/1").toString()).build()).execute()) {
        assertThat(response.body().string()).isEqualTo("ok");
      }
    } finally {
      client.close();
    }

    assertThat(meterRegistry.get("http.client.requests")
        .tags("client.name", "catalog", "method", "GET", "status", "200").timer().count())
        .isEqualTo(1);
    assertThat(meterRegistry.get("courier.connections.opened").tag("client", "catalog")
        .functionCounter().count()).isEqualTo(1);
  }
}
