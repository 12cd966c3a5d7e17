package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;

/** The dispatcher's gauges count running and waiting calls. */
class CourierDispatcherMetricsTest {
  private final MockWebServer server = new MockWebServer();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final CourierClient client = new CourierClient();

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    client.dispatcher().setMaxRequestsPerHost(1);
    new CourierDispatcherMetrics(client.dispatcher(), Tags.of("client", "test")).bindTo(registry);
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private double calls(String state) {
    return registry.get("courier.dispatcher.calls").tags("client", "test", "state", state)
        .gauge().value();
  }

  @Test
  void gaugesCountRunningAndQueuedCalls() throws Exception {
    assertThat(calls("running")).isZero();
    assertThat(calls("queued")).isZero();

    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
        .build());
    CountDownLatch finished = new CountDownLatch(2);
    Request request = new Request.Builder().url(server.url("/").toString()).build();
    client.newCall(request).enqueue(new CountingCallback(finished));
    server.takeRequest(); // The first call is running and holds the host's only slot.
    client.newCall(request).enqueue(new CountingCallback(finished));

    assertThat(calls("running")).isEqualTo(1);
    assertThat(calls("queued")).isEqualTo(1);

    client.dispatcher().cancelAll();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(calls("queued")).isZero();
  }

  /** Counts down once the call ends, either way. */
  private static final class CountingCallback implements Callback {
    private final CountDownLatch finished;

    CountingCallback(CountDownLatch finished) {
      this.finished = finished;
    }

    @Override
    public void onFailure(Call call, IOException e) {
      finished.countDown();
    }

    @Override
    public void onResponse(Call call, Response response) {
      response.close();
      finished.countDown();
    }
  }
}
