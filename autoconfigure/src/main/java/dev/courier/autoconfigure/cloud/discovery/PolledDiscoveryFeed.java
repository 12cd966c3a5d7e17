package dev.courier.autoconfigure.cloud.discovery;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Reads a service's instances from a blocking {@link DiscoveryClient} at once, then every refresh
 * interval, on the discovery thread. Registry clients such as Eureka's answer from a local copy
 * they refresh themselves, so a read is cheap.
 */
final class PolledDiscoveryFeed implements InstanceFeed {
  private final DiscoveryClient client;
  private final TrackedService target;
  private final ScheduledExecutorService scheduler;
  private volatile @Nullable ScheduledFuture<?> polling;

  PolledDiscoveryFeed(DiscoveryClient client, TrackedService target,
      ScheduledExecutorService scheduler) {
    this.client = client;
    this.target = target;
    this.scheduler = scheduler;
  }

  @Override
  public void start() {
    long interval = target.refreshInterval().toNanos();
    polling = scheduler.scheduleWithFixedDelay(this::poll, 0, interval, TimeUnit.NANOSECONDS);
  }

  private void poll() {
    try {
      target.accept(client.getInstances(target.serviceId()));
    } catch (RuntimeException e) {
      // Keep polling: a registry that is down now may be back at the next read.
      target.failed(e);
    }
  }

  @Override
  public void stop() {
    ScheduledFuture<?> current = polling;
    if (current != null) current.cancel(false);
  }
}
