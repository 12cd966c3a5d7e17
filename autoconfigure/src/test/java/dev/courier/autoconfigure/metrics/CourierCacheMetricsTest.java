package dev.courier.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.courier.Cache;
import dev.courier.autoconfigure.monitoring.CacheStatistics;

/** The cache's gauges report its size and limit; its counters exist where the engine counts. */
class CourierCacheMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void sizeAndLimitAreGaugedAndRequestsCountedWhereTheEngineCounts(@TempDir Path directory) {
    Cache cache = new Cache(directory, 1024 * 1024);
    new CourierCacheMetrics(cache, Tags.of("client", "test")).bindTo(registry);

    assertThat(registry.get("courier.cache.max-size").tags("client", "test").gauge().value())
        .isEqualTo(1024 * 1024);
    assertThat(registry.get("courier.cache.size").tags("client", "test").gauge().value())
        .isEqualTo(CacheStatistics.size(cache));
    assertThat(registry.find("courier.cache.requests").functionCounters())
        .hasSize(CacheStatistics.hasCounts() ? 3 : 0)
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }
}
