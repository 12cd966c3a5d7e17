package dev.courier.autoconfigure.cloud.discovery;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.ServiceInstance;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Subscribes to a reactive source of instance lists: LoadBalancer's
 * {@code ServiceInstanceListSupplier} or a {@code ReactiveDiscoveryClient}. Every list it emits is
 * applied as it comes, so a source that pushes changes (LoadBalancer's health-check supplier) is
 * followed at once; when the source completes, as one that reads the registry once per
 * subscription does (possibly through LoadBalancer's cache), or fails, it is subscribed to again
 * after the refresh interval.
 */
final class FluxFeed implements InstanceFeed {
  private final Supplier<Flux<List<ServiceInstance>>> source;
  private final TrackedService target;
  private final ScheduledExecutorService scheduler;
  private volatile boolean stopped;
  private volatile @Nullable Disposable subscription;

  FluxFeed(Supplier<Flux<List<ServiceInstance>>> source, TrackedService target,
      ScheduledExecutorService scheduler) {
    this.source = source;
    this.target = target;
    this.scheduler = scheduler;
  }

  @Override
  public void start() {
    scheduler.execute(this::subscribe);
  }

  private void subscribe() {
    if (stopped) return;
    try {
      subscription = source.get().subscribe(target::accept, error -> {
        target.failed(error);
        subscribeLater();
      }, this::subscribeLater);
    } catch (RuntimeException e) {
      target.failed(e);
      subscribeLater();
    }
  }

  private void subscribeLater() {
    if (stopped) return;
    try {
      scheduler.schedule(this::subscribe, target.refreshInterval().toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The scheduler was shut down: the context is stopping.
    }
  }

  @Override
  public void stop() {
    stopped = true;
    Disposable current = subscription;
    if (current != null) current.dispose();
  }
}
