package dev.courier.autoconfigure.cloud.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Flux;

import dev.courier.ServiceInstances;
import dev.courier.autoconfigure.CourierConfigurationException;
import dev.courier.autoconfigure.CourierServiceDiscovery;

/**
 * Keeps the instances of each {@code lb://<service-id>} Courier service up to date through Spring
 * Cloud, from where the application already finds its services:
 *
 * <ol>
 *   <li>with Spring Cloud LoadBalancer, the {@code ServiceInstanceListSupplier} LoadBalancer has
 *       for the service id, so its caching, zone preference, health checks and any
 *       {@code @LoadBalancerClient} configuration apply;
 *   <li>else the {@link DiscoveryClient} (Eureka, Consul, Kubernetes, the simple one of
 *       {@code spring.cloud.discovery.client.simple.instances}), read every refresh interval;
 *   <li>else the {@code ReactiveDiscoveryClient}, likewise.
 * </ol>
 *
 * <p>Lists are read on one daemon thread, {@code courier-discovery}, or arrive on Reactor's
 * threads, from when the context starts (before the web server takes requests; start-up waits up
 * to {@value #FIRST_LIST_WAIT_SECONDS} seconds for the first lists) until it stops. What discovery
 * lists is checked instance by instance ({@link TrackedService}).
 */
public final class SpringCloudServiceDiscovery
    implements CourierServiceDiscovery, SmartLifecycle, DisposableBean {
  /** Before Boot's web server starts taking requests, and so stopped after it. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;
  static final long FIRST_LIST_WAIT_SECONDS = 5;
  private static final Log LOGGER = LogFactory.getLog(SpringCloudServiceDiscovery.class);
  private static final String LOAD_BALANCER =
      "org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory";
  private static final String REACTOR = "reactor.core.publisher.Flux";

  private final ListableBeanFactory beanFactory;
  private final ClassLoader classLoader;

  // Guarded by this.
  private final List<TrackedService> tracked = new ArrayList<>();
  private final List<InstanceFeed> feeds = new ArrayList<>();
  private @Nullable ScheduledExecutorService scheduler;
  private boolean running;

  /** Creates discovery through the Spring Cloud beans of {@code beanFactory}. */
  public SpringCloudServiceDiscovery(ListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
    ClassLoader loader = SpringCloudServiceDiscovery.class.getClassLoader();
    this.classLoader = loader != null ? loader : ClassLoader.getSystemClassLoader();
  }

  @Override
  public void track(String serviceId, ServiceInstances instances, Duration refreshInterval) {
    if (!loadBalancer() && !discoveryClient() && !reactiveDiscoveryClient()) {
      throw new CourierConfigurationException(
          "courier.services." + instances.name() + ".base-url", "lb://" + serviceId,
          "Spring Cloud is on the class path, but the application has no DiscoveryClient, "
              + "ReactiveDiscoveryClient or LoadBalancer to find the instances of '" + serviceId
              + "' (is spring.cloud.discovery.enabled false?).",
          "Add a discovery client (such as spring-cloud-starter-netflix-eureka-client, or "
              + "spring.cloud.discovery.client.simple.instances." + serviceId + "[0].uri), or "
              + "list the instances in courier.services." + instances.name() + ".instances.");
    }
    TrackedService service = new TrackedService(serviceId, instances, refreshInterval);
    synchronized (this) {
      tracked.add(service);
      if (!running) return;
    }
    // Tracked after the context started (a lazily created client): follow it from now.
    startFeed(service);
  }

  @Override
  public void start() {
    List<TrackedService> toStart;
    synchronized (this) {
      if (running) return;
      running = true;
      toStart = List.copyOf(tracked);
    }
    for (TrackedService service : toStart) startFeed(service);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FIRST_LIST_WAIT_SECONDS);
    try {
      for (TrackedService service : toStart) {
        if (!service.awaitFirstList(deadline - System.nanoTime())) {
          LOGGER.warn("Courier service '" + service.instances().name() + "' (lb://"
              + service.serviceId() + "): no list of instances from discovery after "
              + FIRST_LIST_WAIT_SECONDS + "s; calls fail until one arrives");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void startFeed(TrackedService service) {
    InstanceFeed feed = feed(service);
    synchronized (this) {
      feeds.add(feed);
    }
    feed.start();
  }

  private InstanceFeed feed(TrackedService service) {
    ScheduledExecutorService executor = scheduler();
    if (loadBalancer()) {
      Supplier<Flux<List<ServiceInstance>>> source =
          LoadBalancerSources.source(beanFactory, service.serviceId());
      if (source != null) return new FluxFeed(source, service, executor);
    }
    DiscoveryClient client = beanFactory.getBeanProvider(DiscoveryClient.class).getIfUnique();
    if (client != null) return new PolledDiscoveryFeed(client, service, executor);
    Supplier<Flux<List<ServiceInstance>>> reactive = reactiveDiscoveryClient()
        ? ReactiveDiscoverySources.source(beanFactory, service.serviceId()) : null;
    if (reactive != null) return new FluxFeed(reactive, service, executor);
    throw new IllegalStateException("No discovery for Courier service '"
        + service.instances().name() + "' (lb://" + service.serviceId() + ")");
  }

  private synchronized ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "courier-discovery");
        thread.setDaemon(true);
        return thread;
      });
    }
    return scheduler;
  }

  @Override
  public void stop() {
    List<InstanceFeed> toStop;
    ScheduledExecutorService toShutdown;
    synchronized (this) {
      running = false;
      toStop = List.copyOf(feeds);
      feeds.clear();
      toShutdown = scheduler;
      scheduler = null;
    }
    for (InstanceFeed feed : toStop) feed.stop();
    if (toShutdown != null) toShutdown.shutdownNow();
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Stops the feeds if the context is closed without being stopped (a failed start-up). */
  @Override
  public void destroy() {
    stop();
  }

  /** Returns the ids of the services tracked, for the endpoint and tests. */
  synchronized List<String> serviceIds() {
    return tracked.stream().map(TrackedService::serviceId).toList();
  }

  private boolean loadBalancer() {
    return ClassUtils.isPresent(LOAD_BALANCER, classLoader)
        && LoadBalancerSources.available(beanFactory);
  }

  private boolean discoveryClient() {
    return beanFactory.getBeanNamesForType(DiscoveryClient.class, true, false).length > 0;
  }

  private boolean reactiveDiscoveryClient() {
    return ClassUtils.isPresent(REACTOR, classLoader) && beanFactory.getBeanNamesForType(
        org.springframework.cloud.client.discovery.ReactiveDiscoveryClient.class, true, false)
        .length > 0;
  }

  @Override
  public String toString() {
    return "SpringCloudServiceDiscovery" + serviceIds();
  }
}
