package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.courier.Cache;
import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;

/** The cache's meters follow what the cache does: misses, hits, its size and its limit. */
class CourierCacheMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void requestsAreCountedByResultAndSizeIsGauged(@TempDir Path directory) throws IOException {
    Cache cache = new Cache(directory, 1024 * 1024);
    new CourierCacheMetrics(cache, Tags.of("client", "test")).bindTo(registry);
    CourierClient client = new CourierClient.Builder().cache(cache).build();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().setHeader("Cache-Control", "max-age=60")
          .body("cached body").build());
      for (int i = 0; i < 2; i++) {
        try (Response response = client.newCall(new Request.Builder()
            .url(server.url("/item").toString()).build()).execute()) {
          assertThat(response.body().string()).isEqualTo("cached body");
        }
      }
      assertThat(registry.get("courier.cache.size").tags("client", "test").gauge().value())
          .isPositive()
          .isEqualTo(cache.size());
    } finally {
      client.close();
    }

    assertThat(requests("miss")).isEqualTo(1);
    assertThat(requests("hit")).isEqualTo(1);
    assertThat(requests("conditional")).isZero();
    assertThat(registry.get("courier.cache.max-size").tags("client", "test").gauge().value())
        .isEqualTo(1024 * 1024);
  }

  private double requests(String result) {
    return registry.get("courier.cache.requests").tags("client", "test", "result", result)
        .functionCounter().count();
  }
}
