package dev.courier.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.courier.Hedging;
import dev.courier.HttpUrl;
import dev.courier.LoadBalancing;
import dev.courier.OutlierDetection;
import dev.courier.ServiceInstances;

/**
 * Checks the settings of a service with several instances ({@code instances}, {@code lb://}
 * base URLs, {@code discovery.*}, {@code load-balancing.*}, {@code outlier-detection.*},
 * {@code hedging.*}) so that a bad one stops start-up naming the property and the fix. Each value
 * is offered to the engine's own builder, so the rules are the engine's and are written once.
 */
final class InstancesPropertiesValidator {

  private InstancesPropertiesValidator() {
  }

  /**
   * Checks the base URL of service {@code name}: an absolute http(s) URL, or
   * {@code lb://<service-id>/<path>}; with {@code instances}, one whose host is the service.
   */
  static void checkBaseUrl(String name, CourierServiceProperties service) {
    String property = "courier.services." + name + ".base-url";
    String baseUrl = service.getBaseUrl();
    boolean listed = !service.getInstances().isEmpty();
    if (baseUrl != null && CourierServiceInstances.isLoadBalanced(baseUrl)) {
      if (listed) {
        throw new CourierConfigurationException(property, baseUrl,
            "The service lists its instances and also asks discovery for them.",
            "Remove courier.services." + name + ".instances to find them through discovery, or "
                + "set " + property + " to http://" + name + "/ to use the list.");
      }
      try {
        CourierServiceInstances.serviceId(baseUrl);
      } catch (IllegalArgumentException e) {
        throw new CourierConfigurationException(property, baseUrl,
            "It is not a valid lb:// URL: " + e.getMessage() + ".",
            "Set " + property + " to lb://<service-id> or lb://<service-id>/<path>, such as "
                + "lb://catalog/api/.");
      }
      checkName(name, property, baseUrl);
      return;
    }
    HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl);
    if (baseUrl != null && url == null) {
      throw new CourierConfigurationException(property, baseUrl,
          "A base URL must be an absolute http or https URL, or lb://<service-id> to find the "
              + "service's instances through Spring Cloud discovery.",
          "Set " + property + " to a URL such as http://catalog:8080/api/ or lb://catalog/api/.");
    }
    if (!listed) return;
    if (url != null && (!url.host().equalsIgnoreCase(name)
        || url.port() != HttpUrl.defaultPort(url.scheme()))) {
      throw new CourierConfigurationException(property, baseUrl,
          "The service lists its instances, so its base URL names the service itself: calls to "
              + "it go to one of the instances.",
          "Set " + property + " to http://" + name + "/ followed by the path, if any, such as "
              + "http://" + name + "/api/, or leave it unset.");
    }
  }

  /** Checks each of {@code instances}: an http(s) origin, scheme, host and port only. */
  static void checkInstances(String name, CourierServiceProperties service) {
    List<String> instances = service.getInstances();
    if (!instances.isEmpty()) checkName(name, "courier.services." + name + ".instances", instances);
    for (int i = 0; i < instances.size(); i++) {
      String property = "courier.services." + name + ".instances[" + i + "]";
      String instance = instances.get(i);
      HttpUrl url = instance == null ? null : HttpUrl.parse(instance.trim());
      String fix = "Set " + property + " to an instance's scheme, host and port, such as "
          + "http://10.0.0.1:8080.";
      if (url == null) {
        throw new CourierConfigurationException(property, instance,
            "An instance must be an absolute http or https URL.", fix);
      }
      try {
        new ServiceInstances.Builder(name).instances(List.of(url));
      } catch (IllegalArgumentException e) {
        throw new CourierConfigurationException(property, url.redact(),
            "It is not an instance: " + e.getMessage() + ".", fix, e);
      }
    }
  }

  /**
   * Checks the {@code discovery}, {@code load-balancing}, {@code outlier-detection} and
   * {@code hedging} settings.
   */
  static void checkSettings(String name, CourierServiceProperties service) {
    String prefix = "courier.services." + name + ".";
    Duration refresh = service.getDiscovery().getRefreshInterval();
    if (refresh == null || refresh.compareTo(Duration.ofMillis(100)) < 0) {
      throw new CourierConfigurationException(prefix + "discovery.refresh-interval", refresh,
          "Discovery must not be polled more often than every 100ms.",
          "Set " + prefix + "discovery.refresh-interval to a duration such as 5s.");
    }
    InstancesProperties.LoadBalancing balancing = service.getLoadBalancing();
    check(prefix + "load-balancing.policy", balancing.getPolicy(),
        value -> new LoadBalancing.Builder().policy(value));
    check(prefix + "load-balancing.slow-start-window", balancing.getSlowStartWindow(),
        value -> new LoadBalancing.Builder().slowStartWindow(value));
    InstancesProperties.OutlierDetection detection = service.getOutlierDetection();
    String outlier = prefix + "outlier-detection.";
    check(outlier + "consecutive5xx", detection.getConsecutive5xx(),
        value -> new OutlierDetection.Builder().consecutive5xx(value));
    check(outlier + "consecutive-gateway-failure", detection.getConsecutiveGatewayFailure(),
        value -> new OutlierDetection.Builder().consecutiveGatewayFailure(value));
    check(outlier + "consecutive-local-origin-failure",
        detection.getConsecutiveLocalOriginFailure(),
        value -> new OutlierDetection.Builder().consecutiveLocalOriginFailure(value));
    check(outlier + "interval", detection.getInterval(),
        value -> new OutlierDetection.Builder().interval(value));
    check(outlier + "base-ejection-time", detection.getBaseEjectionTime(),
        value -> new OutlierDetection.Builder().baseEjectionTime(value));
    if (detection.getMaxEjectionTime() != null) {
      check(outlier + "max-ejection-time", detection.getMaxEjectionTime(),
          value -> new OutlierDetection.Builder().baseEjectionTime(detection.getBaseEjectionTime())
              .maxEjectionTime(value).build());
    }
    check(outlier + "max-ejection-percent", detection.getMaxEjectionPercent(),
        value -> new OutlierDetection.Builder().maxEjectionPercent(value));
    check(outlier + "panic-threshold-percent", detection.getPanicThresholdPercent(),
        value -> new OutlierDetection.Builder().panicThresholdPercent(value));
    InstancesProperties.Hedging hedging = service.getHedging();
    if (hedging.getDelay() != null && hedging.getPercentile() != null) {
      throw new CourierConfigurationException(prefix + "hedging.percentile",
          hedging.getPercentile(),
          "Both a fixed hedging delay and a percentile are set; a call is hedged after one or "
              + "the other.",
          "Remove " + prefix + "hedging.delay or " + prefix + "hedging.percentile.");
    }
    if (hedging.getDelay() != null) {
      check(prefix + "hedging.delay", hedging.getDelay(),
          value -> new Hedging.Builder().delay(value));
    }
    if (hedging.getPercentile() != null) {
      check(prefix + "hedging.percentile", hedging.getPercentile(),
          value -> new Hedging.Builder().percentile(value));
    }
    check(prefix + "hedging.budget-percent", hedging.getBudgetPercent(),
        value -> new Hedging.Builder().budgetPercent(value));
  }

  private static void checkName(String name, String property, Object value) {
    try {
      new ServiceInstances.Builder(name);
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, value,
          "A service with instances is called as http://<name>/..., so its name must be a host "
              + "name: " + e.getMessage() + ".",
          "Rename courier.services." + name + " to letters, digits, '.', '-' and '_', starting "
              + "with a letter or digit.");
    }
  }

  /** Offers {@code value} to the engine's builder; its refusal names what is wrong. */
  private static <T> void check(String property, @Nullable T value, Consumer<T> builder) {
    if (value == null) {
      throw new CourierConfigurationException(property, null, "It must be set.",
          "Set " + property + " or remove the empty key.");
    }
    try {
      builder.accept(value);
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, value, e.getMessage() + ".",
          "Correct " + property + "; the README's configuration reference gives its range.", e);
    }
  }
}
