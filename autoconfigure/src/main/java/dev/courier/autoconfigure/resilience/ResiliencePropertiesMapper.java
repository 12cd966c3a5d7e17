package dev.courier.autoconfigure.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.courier.autoconfigure.CourierConfigurationException;
import dev.courier.autoconfigure.CourierServiceProperties;
import dev.courier.autoconfigure.ResilienceProperties;
import dev.courier.resilience4j.ResilienceInterceptor;
import dev.courier.resilience4j.RetryBudget;
import dev.courier.resilience4j.RetryPolicy;
import io.github.resilience4j.core.Registry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;

/**
 * Maps a service's {@code courier.services.<name>.resilience} onto a {@link ResilienceInterceptor},
 * taking each instance from its registry: the one named after the service, the one named by
 * {@code instance}, or a new one named after the service from the config named by
 * {@code config}. A value that cannot work stops start-up with a
 * {@link CourierConfigurationException} naming the property.
 */
final class ResiliencePropertiesMapper {

  private ResiliencePropertiesMapper() {
  }

  /**
   * Returns the interceptor of {@code serviceName}, or null if none of its resilience is on.
   *
   * @throws CourierConfigurationException if a setting is invalid
   */
  static @Nullable ResilienceInterceptor interceptor(String serviceName,
      CourierServiceProperties service, ResilienceRegistries registries) {
    ResilienceProperties properties = service.getResilience();
    if (!properties.anyEnabled()) return null;
    String prefix = "courier.services." + serviceName + ".resilience.";
    ResilienceInterceptor.Builder builder = ResilienceInterceptor.builder(serviceName);

    ResilienceProperties.CircuitBreakerSettings breaker = properties.getCircuitBreaker();
    if (breaker.active()) {
      String property = prefix + "circuit-breaker";
      builder.circuitBreaker(instance(property, "circuitbreaker", serviceName, breaker,
          registries.circuitBreakers(), registries.circuitBreakers()::circuitBreaker,
          registries.circuitBreakers()::circuitBreaker));
      builder.failureStatuses(statuses(property + ".failure-statuses",
          breaker.getFailureStatuses()));
    }

    ResilienceProperties.RetrySettings retry = properties.getRetry();
    if (retry.active()) {
      String property = prefix + "retry";
      RetryRegistry retries = registries.retries();
      builder.retry(instance(property, "retry", serviceName, retry, retries,
          name -> courierRetry(retries, name), retries::retry));
      builder.retryPolicy(retryPolicy(property, retry));
      builder.retryBudget(retryBudget(property + ".budget", retry.getBudget()));
    }

    ResilienceProperties.InstanceSettings rateLimiter = properties.getRateLimiter();
    if (rateLimiter.active()) {
      builder.rateLimiter(instance(prefix + "rate-limiter", "ratelimiter", serviceName,
          rateLimiter, registries.rateLimiters(), registries.rateLimiters()::rateLimiter,
          registries.rateLimiters()::rateLimiter));
    }

    ResilienceProperties.InstanceSettings bulkhead = properties.getBulkhead();
    if (bulkhead.active()) {
      builder.bulkhead(instance(prefix + "bulkhead", "bulkhead", serviceName, bulkhead,
          registries.bulkheads(), registries.bulkheads()::bulkhead,
          registries.bulkheads()::bulkhead));
    }

    ResilienceProperties.InstanceSettings timeLimiter = properties.getTimeLimiter();
    if (timeLimiter.active()) {
      TimeLimiter limiter = instance(prefix + "time-limiter", "timelimiter", serviceName,
          timeLimiter, registries.timeLimiters(), registries.timeLimiters()::timeLimiter,
          registries.timeLimiters()::timeLimiter);
      checkTimeLimiter(serviceName, service, limiter);
      builder.timeLimiter(limiter);
    }
    return builder.build();
  }

  /**
   * Returns the instance that {@code settings} select from {@code registry}.
   *
   * @param property the settings' property, such as {@code courier.services.x.resilience.retry}
   * @param kind the kind as Resilience4j's properties spell it, such as {@code circuitbreaker}
   * @param byName gets or creates the instance of a name
   * @param withConfig creates the instance of a name from a config
   */
  private static <E, C> E instance(String property, String kind, String serviceName,
      ResilienceProperties.InstanceSettings settings, Registry<E, C> registry,
      Function<String, E> byName, BiFunction<String, C, E> withConfig) {
    String instance = settings.getInstance();
    String config = settings.getConfig();
    if (instance != null && config != null) {
      throw new CourierConfigurationException(property + ".config", config,
          "Both " + property + ".instance ('" + instance + "') and " + property
              + ".config are set, but an existing instance already has its config.",
          "Set " + property + ".instance to share an instance, or " + property
              + ".config to create the service's own instance from a config, not both.");
    }
    if (instance != null) {
      if (instance.isBlank()) {
        throw new CourierConfigurationException(property + ".instance", instance,
            "An instance name must not be blank.",
            "Name a Resilience4j instance, or remove " + property + ".instance to use the one "
                + "named '" + serviceName + "'.");
      }
      return byName.apply(instance);
    }
    if (config == null) return byName.apply(serviceName);

    C named = registry.getConfiguration(config).orElseThrow(() ->
        new CourierConfigurationException(property + ".config", config,
            "Resilience4j has no " + kind + " config named '" + config + "'.",
            "Define resilience4j." + kind + ".configs." + config + ".* (with "
                + "resilience4j-spring-boot4) or register the config in the " + kind
                + " registry, or correct " + property + ".config."));
    if (registry.find(serviceName).isPresent()) {
      throw new CourierConfigurationException(property + ".config", config,
          "A " + kind + " instance named '" + serviceName + "' exists already (for example from "
              + "resilience4j." + kind + ".instances." + serviceName + "), so it cannot be "
              + "created from config '" + config + "'.",
          "Remove " + property + ".config to use the existing instance, or set base-config: "
              + config + " on resilience4j." + kind + ".instances." + serviceName + ".");
    }
    return withConfig.apply(serviceName, named);
  }

  /** Returns the retry named {@code name}, created with Courier's backoff if nobody made it. */
  private static Retry courierRetry(RetryRegistry registry, String name) {
    return registry.find(name).orElseGet(() ->
        registry.retry(name, CourierRetryDefaults.from(registry.getDefaultConfig())));
  }

  private static RetryPolicy retryPolicy(String property,
      ResilienceProperties.RetrySettings retry) {
    RetryPolicy.Builder policy = RetryPolicy.builder();
    try {
      policy.methods(retry.getMethods());
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property + ".methods", retry.getMethods(),
          "A method is blank.", "List HTTP methods such as GET, PUT in " + property
              + ".methods.", e);
    }
    policy.statuses(statuses(property + ".statuses", retry.getStatuses()));
    Duration maxRetryAfter = retry.getMaxRetryAfter();
    if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
      throw new CourierConfigurationException(property + ".max-retry-after", maxRetryAfter,
          "The longest Retry-After honoured must be zero or positive.",
          "Set " + property + ".max-retry-after to a duration such as 5s, or 0 to retry only "
              + "when the server allows an immediate retry.");
    }
    return policy.maxRetryAfter(maxRetryAfter).build();
  }

  private static RetryBudget retryBudget(String property,
      ResilienceProperties.BudgetSettings budget) {
    double ratio = budget.getRatio();
    if (!(ratio >= 0) || Double.isInfinite(ratio)) {
      throw new CourierConfigurationException(property + ".ratio", ratio,
          "The ratio of retries to requests must be a number of 0 or more.",
          "Set " + property + ".ratio to a fraction such as 0.2 (one retry per five requests).");
    }
    Duration window = budget.getWindow();
    if (window == null || window.compareTo(Duration.ofMillis(1)) < 0) {
      throw new CourierConfigurationException(property + ".window", window,
          "The window must be at least 1ms.",
          "Set " + property + ".window to a duration such as 10s.");
    }
    if (budget.getMinRetries() < 0) {
      throw new CourierConfigurationException(property + ".min-retries", budget.getMinRetries(),
          "The retries allowed in every window must not be negative.",
          "Set " + property + ".min-retries to 0 or more (default "
              + RetryBudget.DEFAULT_MIN_RETRIES + ").");
    }
    return RetryBudget.of(ratio, window, budget.getMinRetries());
  }

  private static Set<Integer> statuses(String property, List<String> specs) {
    try {
      return StatusCodeSpecs.parse(specs);
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, specs, e.getMessage() + ".",
          "List status codes (503), ranges (500-504) or classes (5xx) in " + property + ".", e);
    }
  }

  /**
   * Checks that the time limiter's timeout can be the service's call timeout, and that no
   * {@code call-timeout} of the service contradicts it.
   */
  private static void checkTimeLimiter(String serviceName, CourierServiceProperties service,
      TimeLimiter limiter) {
    String instanceProperty = "resilience4j.timelimiter.instances." + limiter.getName()
        + ".timeout-duration";
    Duration timeout = limiter.getTimeLimiterConfig().getTimeoutDuration();
    if (timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new CourierConfigurationException(instanceProperty, timeout,
          "The time limiter's timeout becomes the call timeout of service '" + serviceName
              + "', which must be between 1ms and " + Integer.MAX_VALUE + "ms.",
          "Set " + instanceProperty + " to a duration such as 2s.");
    }
    Duration callTimeout = service.getCallTimeout();
    if (callTimeout != null) {
      String property = "courier.services." + serviceName + ".call-timeout";
      throw new CourierConfigurationException(property, callTimeout,
          "Service '" + serviceName + "' has a time limiter, whose timeout (" + timeout.toMillis()
              + "ms, time limiter '" + limiter.getName() + "') is its call timeout; a "
              + "call-timeout as well would be silently overridden.",
          "Remove " + property + " and set the timeout with " + instanceProperty
              + ", or turn off courier.services." + serviceName + ".resilience.time-limiter.");
    }
  }
}
