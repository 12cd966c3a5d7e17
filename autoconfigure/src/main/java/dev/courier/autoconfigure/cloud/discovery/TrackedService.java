package dev.courier.autoconfigure.cloud.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.ServiceInstance;

import dev.courier.HttpUrl;
import dev.courier.ServiceInstances;

/**
 * One Courier service whose instances discovery finds: takes each list the registry gives, skips
 * the instances it cannot use, and updates the service with the rest. Says in the log what it
 * skipped (once, until it changes), when a list empties the service, and when discovery fails
 * (once, until it works again): a registry that lists garbage or goes away is seen, not silently
 * obeyed. A failed read leaves the instances as they were.
 *
 * <p>Lists may arrive on any thread (the polling thread, Reactor's); updates are serialized here.
 */
final class TrackedService {
  private static final Log LOGGER = LogFactory.getLog(SpringCloudServiceDiscovery.class);

  private final String serviceId;
  private final ServiceInstances instances;
  private final Duration refreshInterval;
  private final CountDownLatch firstList = new CountDownLatch(1);

  // Guarded by this.
  private Set<String> skipped = Set.of();
  private boolean failing;

  TrackedService(String serviceId, ServiceInstances instances, Duration refreshInterval) {
    this.serviceId = serviceId;
    this.instances = instances;
    this.refreshInterval = refreshInterval;
  }

  String serviceId() {
    return serviceId;
  }

  ServiceInstances instances() {
    return instances;
  }

  Duration refreshInterval() {
    return refreshInterval;
  }

  /** Applies the instances discovery listed now. */
  synchronized void accept(@Nullable List<? extends @Nullable ServiceInstance> listed) {
    List<? extends @Nullable ServiceInstance> registry = listed != null ? listed : List.of();
    List<HttpUrl> urls = new ArrayList<>(registry.size());
    Set<String> problems = new LinkedHashSet<>();
    for (int i = 0; i < registry.size(); i++) {
      ServiceInstance instance = registry.get(i);
      RegistryInstances.Reading reading = RegistryInstances.read(instance);
      if (reading.url() != null) {
        urls.add(reading.url());
      } else {
        problems.add(RegistryInstances.describe(instance, i, registry.size()) + ": "
            + reading.problem());
      }
    }
    for (String problem : problems) {
      if (!skipped.contains(problem)) {
        LOGGER.warn(source() + ": skipped " + problem + "; the other instances are used");
      }
    }
    skipped = problems;
    if (failing) {
      failing = false;
      LOGGER.info(source() + ": discovery answers again");
    }
    List<HttpUrl> before = instances.instances();
    try {
      instances.update(urls);
    } catch (IllegalArgumentException e) {
      // Each URL was built from a checked scheme, host and port; this is a guard, not a path.
      LOGGER.warn(source() + ": the instances from discovery were refused, keeping the "
          + before.size() + " there were: " + e.getMessage());
      firstList.countDown();
      return;
    }
    List<HttpUrl> after = instances.instances();
    if (after.isEmpty() && (!before.isEmpty() || firstList.getCount() > 0)) {
      LOGGER.warn(source() + ": discovery lists no usable instance"
          + (registry.isEmpty() ? "" : " (" + registry.size() + " listed, all skipped)")
          + "; calls to the service fail with NoInstanceAvailableException until one appears");
    } else if (!after.equals(before) && LOGGER.isDebugEnabled()) {
      LOGGER.debug(source() + ": " + after.size() + " instances from discovery");
    }
    firstList.countDown();
  }

  /** Notes that reading the instances failed; they stay as they were. */
  synchronized void failed(Throwable failure) {
    String message = source() + ": reading the instances from discovery failed, keeping the "
        + instances.instances().size() + " there are: " + failure.getClass().getName() + ": "
        + RegistryInstances.withoutCredentials(failure.getMessage());
    if (!failing) {
      failing = true;
      LOGGER.warn(message);
    } else if (LOGGER.isDebugEnabled()) {
      LOGGER.debug(message);
    }
    firstList.countDown();
  }

  /** Waits up to {@code nanos} for the first list (or failure); returns true if it came. */
  boolean awaitFirstList(long nanos) throws InterruptedException {
    return firstList.await(nanos, TimeUnit.NANOSECONDS);
  }

  private String source() {
    return "Courier service '" + instances.name() + "' (lb://" + serviceId + ")";
  }
}
