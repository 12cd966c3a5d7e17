package dev.courier.micrometer;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.courier.Cache;

/**
 * Meters of a {@link Cache}:
 *
 * <ul>
 *   <li>{@code courier.cache.requests{result=hit|conditional|miss}}: counters that split the calls
 *       that consulted the cache: answered from it, answered from it after the server confirmed
 *       it with a 304, or sent to the network.
 *   <li>{@code courier.cache.size}: gauge of the bytes stored.
 *   <li>{@code courier.cache.max-size}: gauge of the most bytes stored before eviction.
 * </ul>
 *
 * <p>The meters hold the cache weakly, as Micrometer's gauges do.
 */
public final class CourierCacheMetrics implements MeterBinder {
  private final Cache cache;
  private final Tags tags;

  /** Creates meters of {@code cache}, each tagged with {@code tags}. */
  public CourierCacheMetrics(Cache cache, Iterable<Tag> tags) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.tags = Tags.of(tags);
  }

  /** Registers the meters in {@code registry}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    // Cache.hitCount() includes the hits a 304 confirmed; here they are counted apart.
    requests(registry, "hit", c -> c.hitCount() - c.conditionalHitCount());
    requests(registry, "conditional", Cache::conditionalHitCount);
    requests(registry, "miss", c -> c.requestCount() - c.hitCount());
    Gauge.builder("courier.cache.size", cache, Cache::size)
        .description("Bytes the cache holds")
        .baseUnit("bytes")
        .tags(tags)
        .register(registry);
    Gauge.builder("courier.cache.max-size", cache, Cache::maxSize)
        .description("Most bytes the cache holds before evicting entries")
        .baseUnit("bytes")
        .tags(tags)
        .register(registry);
  }

  private void requests(MeterRegistry registry, String result,
      ToDoubleFunction<Cache> count) {
    FunctionCounter.builder("courier.cache.requests", cache, count)
        .description("Calls that consulted the cache, by result")
        .tags(tags).tag("result", result)
        .register(registry);
  }
}
