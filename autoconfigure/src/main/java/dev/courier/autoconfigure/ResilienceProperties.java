package dev.courier.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Resilience4j protection of one service, bound from {@code courier.services.<name>.resilience}.
 * Each of the five kinds is off until it is enabled or given an instance or a config:
 *
 * <pre>{@code
 * courier:
 *   services:
 *     catalog:
 *       resilience:
 *         circuit-breaker:
 *           enabled: true          # instance "catalog": resilience4j.circuitbreaker.instances.catalog.*
 *         retry:
 *           config: idempotent     # instance "catalog" from resilience4j.retry.configs.idempotent
 *         rate-limiter:
 *           instance: shared-quota # the instance "shared-quota", shared with other services
 * }</pre>
 *
 * <p>A mutable holder for binding only, with no Resilience4j type in it so that it binds whether
 * or not Resilience4j is on the class path.
 */
public class ResilienceProperties {

  /** Circuit breaker: fails calls fast while the service keeps failing. */
  private final CircuitBreakerSettings circuitBreaker = new CircuitBreakerSettings();

  /** Retry: repeats idempotent calls that failed for a reason that may pass. */
  private final RetrySettings retry = new RetrySettings();

  /** Rate limiter: bounds how many calls start per period. */
  private final InstanceSettings rateLimiter = new InstanceSettings();

  /** Bulkhead (semaphore): bounds how many calls run at once. */
  private final InstanceSettings bulkhead = new InstanceSettings();

  /** Time limiter: its timeout-duration becomes the service client's call timeout. */
  private final InstanceSettings timeLimiter = new InstanceSettings();

  /** Returns the circuit breaker settings. */
  public CircuitBreakerSettings getCircuitBreaker() {
    return circuitBreaker;
  }

  /** Returns the retry settings. */
  public RetrySettings getRetry() {
    return retry;
  }

  /** Returns the rate limiter settings. */
  public InstanceSettings getRateLimiter() {
    return rateLimiter;
  }

  /** Returns the bulkhead settings. */
  public InstanceSettings getBulkhead() {
    return bulkhead;
  }

  /** Returns the time limiter settings. */
  public InstanceSettings getTimeLimiter() {
    return timeLimiter;
  }

  /** Returns true if any of the five kinds is on. */
  public boolean anyEnabled() {
    return circuitBreaker.active() || retry.active() || rateLimiter.active()
        || bulkhead.active() || timeLimiter.active();
  }

  /**
   * Which Resilience4j instance of one kind protects the service. With {@code enabled: true}
   * alone it is the instance named after the service; {@code instance} names another one (which
   * services may share); {@code config} creates the instance named after the service from a
   * named {@code resilience4j.<kind>.configs.<config>}.
   */
  public static class InstanceSettings {

    /** Whether this kind protects the service. Default: on if instance or config is set. */
    private @Nullable Boolean enabled;

    /** Name of the Resilience4j instance to use instead of the one named after the service. */
    private @Nullable String instance;

    /** Name of the Resilience4j config to create the service's instance from. */
    private @Nullable String config;

    /** Returns the enabled flag, or null if unset. */
    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    /** Sets the enabled flag. */
    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }

    /** Returns the instance name, or null. */
    public @Nullable String getInstance() {
      return instance;
    }

    /** Sets the instance name. */
    public void setInstance(@Nullable String instance) {
      this.instance = instance;
    }

    /** Returns the config name, or null. */
    public @Nullable String getConfig() {
      return config;
    }

    /** Sets the config name. */
    public void setConfig(@Nullable String config) {
      this.config = config;
    }

    /** Returns true if this kind is on: enabled, or given an instance or a config and not off. */
    public boolean active() {
      if (enabled != null) return enabled;
      return instance != null || config != null;
    }
  }

  /** The circuit breaker, and which responses it counts as failures. */
  public static class CircuitBreakerSettings extends InstanceSettings {

    /**
     * Response statuses recorded as failures: codes (503), ranges (500-504) or classes (5xx).
     * Other responses are successes unless the breaker's record-result predicate says otherwise.
     */
    private List<String> failureStatuses = new ArrayList<>(List.of("5xx"));

    /** Returns the failure statuses. */
    public List<String> getFailureStatuses() {
      return failureStatuses;
    }

    /** Sets the failure statuses. */
    public void setFailureStatuses(List<String> failureStatuses) {
      this.failureStatuses = failureStatuses;
    }
  }

  /**
   * The retry, and what it may repeat. Attempts and backoff come from the Resilience4j instance
   * ({@code max-attempts}, {@code wait-duration}, {@code enable-exponential-backoff}, ...).
   */
  public static class RetrySettings extends InstanceSettings {

    /** Methods whose requests may be retried. Default: the idempotent ones. */
    private Set<String> methods =
        new LinkedHashSet<>(List.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"));

    /** Response statuses that are retried: codes (503), ranges (502-504) or classes (5xx). */
    private List<String> statuses = new ArrayList<>(List.of("429", "502", "503", "504"));

    /** Longest Retry-After (on a 429 or 503) honoured; a longer one is not retried. */
    private Duration maxRetryAfter = Duration.ofSeconds(5);

    /** Bound on retries, so that they cannot multiply the load during an outage. */
    private final BudgetSettings budget = new BudgetSettings();

    /** Returns the retried methods. */
    public Set<String> getMethods() {
      return methods;
    }

    /** Sets the retried methods. */
    public void setMethods(Set<String> methods) {
      this.methods = methods;
    }

    /** Returns the retried statuses. */
    public List<String> getStatuses() {
      return statuses;
    }

    /** Sets the retried statuses. */
    public void setStatuses(List<String> statuses) {
      this.statuses = statuses;
    }

    /** Returns the longest Retry-After honoured. */
    public Duration getMaxRetryAfter() {
      return maxRetryAfter;
    }

    /** Sets the longest Retry-After honoured. */
    public void setMaxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
    }

    /** Returns the retry budget settings. */
    public BudgetSettings getBudget() {
      return budget;
    }
  }

  /**
   * The retry budget: over any window, at most {@code min-retries + ratio × requests} retries.
   */
  public static class BudgetSettings {

    /** Retries allowed per request in the window; 0.2 lets one request in five be retried. */
    private double ratio = 0.2;

    /** Window over which requests and retries are counted. */
    private Duration window = Duration.ofSeconds(10);

    /** Retries allowed in every window whatever the traffic, so that a quiet service can retry. */
    private int minRetries = 10;

    /** Returns the ratio. */
    public double getRatio() {
      return ratio;
    }

    /** Sets the ratio. */
    public void setRatio(double ratio) {
      this.ratio = ratio;
    }

    /** Returns the window. */
    public Duration getWindow() {
      return window;
    }

    /** Sets the window. */
    public void setWindow(Duration window) {
      this.window = window;
    }

    /** Returns the minimum retries per window. */
    public int getMinRetries() {
      return minRetries;
    }

    /** Sets the minimum retries per window. */
    public void setMinRetries(int minRetries) {
      this.minRetries = minRetries;
    }
  }
}
