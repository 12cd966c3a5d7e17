package dev.courier.micrometer;

import java.util.Locale;
import java.util.Objects;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.courier.InstanceSnapshot;
import dev.courier.ServiceInstances;

/**
 * Meters of a {@link ServiceInstances service} with several instances, tagged
 * {@code service=<name>}:
 *
 * <ul>
 *   <li>{@code courier.service.instances{state=healthy|warming|ejected}}: gauges of how many
 *       instances are in each state. Ejected instances take no traffic; warming ones, new and in
 *       slow start, a growing share.
 *   <li>{@code courier.service.ejections}: counter of the ejections of any of its instances.
 *   <li>{@code courier.service.hedges}: counter of the hedges its slow calls sent, within the
 *       budget.
 * </ul>
 *
 * <p>No meter is tagged by instance: instances come and go with deployments, and a tag per
 * instance would grow the number of time series without bound. Which instance is ejected, and
 * until when, is in {@link ServiceInstances#snapshot()} (the starter's {@code courier} endpoint).
 * The meters hold the service weakly, as Micrometer's gauges do.
 */
public final class CourierServiceInstancesMetrics implements MeterBinder {
  /** The tag naming the service a meter belongs to. */
  public static final String SERVICE_TAG = "service";

  private final ServiceInstances service;
  private final Tags tags;

  /** Creates meters of {@code service}, tagged with its name and {@code tags}. */
  public CourierServiceInstancesMetrics(ServiceInstances service, Iterable<Tag> tags) {
    this.service = Objects.requireNonNull(service, "service");
    this.tags = Tags.of(tags).and(SERVICE_TAG, service.name());
  }

  /** Registers the meters in {@code registry}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    for (InstanceSnapshot.State state : InstanceSnapshot.State.values()) {
      Gauge.builder("courier.service.instances", service, s -> count(s, state))
          .description("Instances of the service in each state")
          .tags(tags).tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    FunctionCounter.builder("courier.service.ejections", service,
            ServiceInstances::ejectionCount)
        .description("Ejections of the service's instances by outlier detection")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("courier.service.hedges", service, ServiceInstances::hedgeCount)
        .description("Hedges sent for the service's slow calls")
        .tags(tags)
        .register(registry);
  }

  private static double count(ServiceInstances service, InstanceSnapshot.State state) {
    int count = 0;
    for (InstanceSnapshot snapshot : service.snapshot()) {
      if (snapshot.state() == state) count++;
    }
    return count;
  }
}
