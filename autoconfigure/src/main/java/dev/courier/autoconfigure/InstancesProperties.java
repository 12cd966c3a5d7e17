package dev.courier.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The settings of a service that runs as several instances ({@code courier.services.<name>.}
 * {@code instances}, or {@code base-url: lb://<service-id>}): how its instances are found through
 * discovery, balanced, ejected and hedged. Each group is a nested class bound under its own key of
 * the service; the defaults are the engine's ({@link dev.courier.LoadBalancing#DEFAULT},
 * {@link dev.courier.OutlierDetection#DEFAULT}, {@link dev.courier.Hedging#DISABLED}), which are
 * Envoy's. Mapped onto a {@code ServiceInstances} by {@link CourierServiceInstances}. Mutable
 * holders for binding only.
 */
public final class InstancesProperties {

  private InstancesProperties() {
  }

  /** How instances are found through Spring Cloud ({@code discovery.*}). */
  public static class Discovery {

    /**
     * How often the instances of base-url lb://<service-id> are read again from Spring Cloud
     * discovery when it does not push changes itself: LoadBalancer's ServiceInstanceListSupplier
     * (whose own cache may hold a list longer) or the DiscoveryClient.
     */
    private Duration refreshInterval = Duration.ofSeconds(5);

    public Duration getRefreshInterval() {
      return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
      this.refreshInterval = refreshInterval;
    }
  }

  /** How attempts are spread over the instances ({@code load-balancing.*}). */
  public static class LoadBalancing {

    /**
     * How an instance is picked for each attempt: least-request (the better of two random
     * instances by requests in flight and recent latency) or round-robin.
     */
    private dev.courier.LoadBalancing.Policy policy = dev.courier.LoadBalancing.DEFAULT.policy();

    /**
     * How long an instance added to a running service takes to reach its full share of traffic,
     * from 10%; 0 turns slow start off.
     */
    private Duration slowStartWindow = dev.courier.LoadBalancing.DEFAULT.slowStartWindow();

    public dev.courier.LoadBalancing.Policy getPolicy() {
      return policy;
    }

    public void setPolicy(dev.courier.LoadBalancing.Policy policy) {
      this.policy = policy;
    }

    public Duration getSlowStartWindow() {
      return slowStartWindow;
    }

    public void setSlowStartWindow(Duration slowStartWindow) {
      this.slowStartWindow = slowStartWindow;
    }
  }

  /** When a failing instance is ejected, and for how long ({@code outlier-detection.*}). */
  public static class OutlierDetection {

    /** 5xx responses in a row that eject an instance; 0 turns this check off. */
    private int consecutive5xx = dev.courier.OutlierDetection.DEFAULT.consecutive5xx();

    /** 502, 503 or 504 responses in a row that eject an instance; 0 turns this check off. */
    private int consecutiveGatewayFailure =
        dev.courier.OutlierDetection.DEFAULT.consecutiveGatewayFailure();

    /**
     * Failures without a response in a row (connection refused or timed out, reset, read
     * timeout) that eject an instance; 0 turns this check off.
     */
    private int consecutiveLocalOriginFailure =
        dev.courier.OutlierDetection.DEFAULT.consecutiveLocalOriginFailure();

    /**
     * How long a returned instance must stay healthy to take one off its ejection multiplier.
     */
    private Duration interval = dev.courier.OutlierDetection.DEFAULT.interval();

    /** How long a first ejection lasts; each further one in a row lasts this much longer. */
    private Duration baseEjectionTime = dev.courier.OutlierDetection.DEFAULT.baseEjectionTime();

    /**
     * Longest an instance stays ejected, however often it was. Unset: 300s, or
     * base-ejection-time if that is longer.
     */
    private @Nullable Duration maxEjectionTime;

    /**
     * Most instances, in percent, ejected at once (rounded down, but at least one unless 0); 0
     * ejects none.
     */
    private int maxEjectionPercent = dev.courier.OutlierDetection.DEFAULT.maxEjectionPercent();

    /**
     * Percentage of healthy instances under which the service balances across all of them,
     * ejected or not (panic); 0 never panics.
     */
    private int panicThresholdPercent =
        dev.courier.OutlierDetection.DEFAULT.panicThresholdPercent();

    public int getConsecutive5xx() {
      return consecutive5xx;
    }

    public void setConsecutive5xx(int consecutive5xx) {
      this.consecutive5xx = consecutive5xx;
    }

    public int getConsecutiveGatewayFailure() {
      return consecutiveGatewayFailure;
    }

    public void setConsecutiveGatewayFailure(int consecutiveGatewayFailure) {
      this.consecutiveGatewayFailure = consecutiveGatewayFailure;
    }

    public int getConsecutiveLocalOriginFailure() {
      return consecutiveLocalOriginFailure;
    }

    public void setConsecutiveLocalOriginFailure(int consecutiveLocalOriginFailure) {
      this.consecutiveLocalOriginFailure = consecutiveLocalOriginFailure;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getBaseEjectionTime() {
      return baseEjectionTime;
    }

    public void setBaseEjectionTime(Duration baseEjectionTime) {
      this.baseEjectionTime = baseEjectionTime;
    }

    public @Nullable Duration getMaxEjectionTime() {
      return maxEjectionTime;
    }

    public void setMaxEjectionTime(@Nullable Duration maxEjectionTime) {
      this.maxEjectionTime = maxEjectionTime;
    }

    public int getMaxEjectionPercent() {
      return maxEjectionPercent;
    }

    public void setMaxEjectionPercent(int maxEjectionPercent) {
      this.maxEjectionPercent = maxEjectionPercent;
    }

    public int getPanicThresholdPercent() {
      return panicThresholdPercent;
    }

    public void setPanicThresholdPercent(int panicThresholdPercent) {
      this.panicThresholdPercent = panicThresholdPercent;
    }
  }

  /** When a slow idempotent call is sent again to another instance ({@code hedging.*}). */
  public static class Hedging {

    /**
     * Fixed wait for a response after which an idempotent call is also sent to another
     * instance, the first response winning. Unset with no percentile: no hedging.
     */
    private @Nullable Duration delay;

    /**
     * Percentile of the service's recent response times (over 0 and under 100, such as 95) after
     * which an idempotent call is hedged, instead of a fixed delay.
     */
    private @Nullable Double percentile;

    /** Most hedges per 100 hedgeable calls over the last 10 seconds, from 1 to 100. */
    private int budgetPercent = dev.courier.Hedging.DISABLED.budgetPercent();

    public @Nullable Duration getDelay() {
      return delay;
    }

    public void setDelay(@Nullable Duration delay) {
      this.delay = delay;
    }

    public @Nullable Double getPercentile() {
      return percentile;
    }

    public void setPercentile(@Nullable Double percentile) {
      this.percentile = percentile;
    }

    public int getBudgetPercent() {
      return budgetPercent;
    }

    public void setBudgetPercent(int budgetPercent) {
      this.budgetPercent = budgetPercent;
    }
  }
}
