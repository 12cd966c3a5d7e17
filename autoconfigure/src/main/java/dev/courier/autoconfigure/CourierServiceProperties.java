package dev.courier.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One named service, {@code courier.services.<name>.*}: where it is, and how its client differs
 * from the shared one. It has every setting of the shared client ({@link ClientProperties}); one
 * left unset is inherited from {@code courier.*}. Its client, {@code RestClient} and HTTP service
 * group all run with these settings and report the service's name in metrics and traces.
 */
public class CourierServiceProperties extends ClientProperties {

  /**
   * Absolute http(s) URL that relative request paths resolve against, like a link in a page:
   * with http://catalog/api/, items/1 is http://catalog/api/items/1. lb://<service-id>/<path>
   * finds the service's instances through Spring Cloud discovery. With instances, its host, if
   * set, is the service's name.
   */
  private @Nullable String baseUrl;

  /**
   * Origins of the service's instances (http://10.0.0.1:8080), balanced per attempt; calls to
   * the service (its base URL, or http://<name>/...) then go to one of them, and a failed one is
   * retried on another.
   */
  private List<String> instances = new ArrayList<>();

  /** Spring Cloud discovery of the instances, for base-url lb://<service-id>. */
  private final InstancesProperties.Discovery discovery = new InstancesProperties.Discovery();

  /** Balancing of attempts over the instances. */
  private final InstancesProperties.LoadBalancing loadBalancing =
      new InstancesProperties.LoadBalancing();

  /** Ejection of failing instances (passive health checking). */
  private final InstancesProperties.OutlierDetection outlierDetection =
      new InstancesProperties.OutlierDetection();

  /** Hedging of slow idempotent calls to another instance. */
  private final InstancesProperties.Hedging hedging = new InstancesProperties.Hedging();

  /** Resilience4j circuit breaker, retry, rate limiter, bulkhead and time limiter. */
  private final ResilienceProperties resilience = new ResilienceProperties();

  public @Nullable String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(@Nullable String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public List<String> getInstances() {
    return instances;
  }

  public void setInstances(List<String> instances) {
    this.instances = instances;
  }

  public InstancesProperties.Discovery getDiscovery() {
    return discovery;
  }

  public InstancesProperties.LoadBalancing getLoadBalancing() {
    return loadBalancing;
  }

  public InstancesProperties.OutlierDetection getOutlierDetection() {
    return outlierDetection;
  }

  public InstancesProperties.Hedging getHedging() {
    return hedging;
  }

  public ResilienceProperties getResilience() {
    return resilience;
  }
}
