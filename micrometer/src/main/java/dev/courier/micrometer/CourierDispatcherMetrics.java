package dev.courier.micrometer;

import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.courier.Dispatcher;

/**
 * Meters of a {@link Dispatcher}: {@code courier.dispatcher.calls{state=running|queued}}, gauges of
 * the running calls (synchronous and asynchronous) and of the asynchronous calls waiting for a
 * slot. A queue that stays above zero means {@code max-requests} or {@code max-requests-per-host}
 * is holding calls back.
 *
 * <p>The gauges hold the dispatcher weakly, as Micrometer's gauges do.
 */
public final class CourierDispatcherMetrics implements MeterBinder {
  private final Dispatcher dispatcher;
  private final Tags tags;

  /** Creates meters of {@code dispatcher}, each tagged with {@code tags}. */
  public CourierDispatcherMetrics(Dispatcher dispatcher, Iterable<Tag> tags) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.tags = Tags.of(tags);
  }

  /** Registers the meters in {@code registry}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("courier.dispatcher.calls", dispatcher, Dispatcher::runningCallsCount)
        .description("Calls running, synchronous and asynchronous")
        .tags(tags).tag("state", "running")
        .register(registry);
    Gauge.builder("courier.dispatcher.calls", dispatcher, Dispatcher::queuedCallsCount)
        .description("Asynchronous calls waiting for a slot")
        .tags(tags).tag("state", "queued")
        .register(registry);
  }
}
