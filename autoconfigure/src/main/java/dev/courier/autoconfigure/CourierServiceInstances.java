package dev.courier.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.courier.Hedging;
import dev.courier.HttpUrl;
import dev.courier.LoadBalancing;
import dev.courier.OutlierDetection;
import dev.courier.ServiceInstances;

/**
 * How a {@code courier.services.<name>} with several instances becomes the engine's
 * {@link ServiceInstances}: a static list ({@code instances}) or one that discovery keeps up to
 * date ({@code base-url: lb://<service-id>/<path>}), with its balancing, ejection and hedging
 * settings. Calls to such a service go to {@code http://<name>/<path>}, which the service's client
 * routes to an instance per attempt, so every way of calling the service (its client,
 * {@code CourierServiceClient}, {@code RestClient}, HTTP service group) balances alike. Values are
 * validated before by {@link CourierPropertiesValidator}.
 */
final class CourierServiceInstances {
  /** The scheme of a base URL whose instances Spring Cloud discovery finds. */
  static final String LB_SCHEME = "lb";

  private CourierServiceInstances() {
  }

  /** Returns true if the service has instances, listed or discovered. */
  static boolean hasInstances(CourierServiceProperties service) {
    return !service.getInstances().isEmpty() || isDiscovered(service);
  }

  /** Returns true if the service's base URL is {@code lb://<service-id>...}. */
  static boolean isDiscovered(CourierServiceProperties service) {
    String baseUrl = service.getBaseUrl();
    return baseUrl != null && isLoadBalanced(baseUrl);
  }

  /** Returns true if {@code baseUrl} has the {@code lb} scheme. */
  static boolean isLoadBalanced(String baseUrl) {
    String prefix = LB_SCHEME + "://";
    return baseUrl.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  /**
   * Returns the service id of {@code lb://<service-id>/<path>}.
   *
   * @throws IllegalArgumentException saying what is wrong if it is not such a URL
   */
  static String serviceId(String lbUrl) {
    return parse(lbUrl)[0];
  }

  /**
   * Returns the base URL calls to the service resolve against, or null if it has none: its
   * {@code base-url}, or for a service with instances {@code http://<name>/<path>}, the path of
   * an {@code lb://} base URL or of one naming the service.
   */
  static @Nullable HttpUrl baseUrl(String name, CourierServiceProperties service) {
    String baseUrl = service.getBaseUrl();
    if (baseUrl != null && isLoadBalanced(baseUrl)) {
      return HttpUrl.get("http://" + name.toLowerCase(Locale.ROOT) + parse(baseUrl)[1]);
    }
    if (baseUrl != null) return HttpUrl.get(baseUrl);
    if (!service.getInstances().isEmpty()) {
      return HttpUrl.get("http://" + name.toLowerCase(Locale.ROOT) + "/");
    }
    return null;
  }

  /**
   * Returns the service's instances with its settings, or null if it has none. A discovered
   * service starts with no instance; discovery fills the list.
   */
  static @Nullable ServiceInstances build(String name, CourierServiceProperties service) {
    if (!hasInstances(service)) return null;
    List<HttpUrl> urls = new ArrayList<>();
    for (String instance : service.getInstances()) urls.add(HttpUrl.get(instance.trim()));
    return new ServiceInstances.Builder(name)
        .instances(urls)
        .loadBalancing(loadBalancing(service.getLoadBalancing()))
        .outlierDetection(outlierDetection(service.getOutlierDetection()))
        .hedging(hedging(service.getHedging()))
        .build();
  }

  static LoadBalancing loadBalancing(InstancesProperties.LoadBalancing settings) {
    return new LoadBalancing.Builder()
        .policy(settings.getPolicy())
        .slowStartWindow(settings.getSlowStartWindow())
        .build();
  }

  static OutlierDetection outlierDetection(InstancesProperties.OutlierDetection settings) {
    OutlierDetection.Builder builder = new OutlierDetection.Builder()
        .consecutive5xx(settings.getConsecutive5xx())
        .consecutiveGatewayFailure(settings.getConsecutiveGatewayFailure())
        .consecutiveLocalOriginFailure(settings.getConsecutiveLocalOriginFailure())
        .interval(settings.getInterval())
        .baseEjectionTime(settings.getBaseEjectionTime())
        .maxEjectionPercent(settings.getMaxEjectionPercent())
        .panicThresholdPercent(settings.getPanicThresholdPercent());
    if (settings.getMaxEjectionTime() != null) {
      builder.maxEjectionTime(settings.getMaxEjectionTime());
    }
    return builder.build();
  }

  static Hedging hedging(InstancesProperties.Hedging settings) {
    Hedging.Builder builder = new Hedging.Builder().budgetPercent(settings.getBudgetPercent());
    if (settings.getDelay() != null) builder.delay(settings.getDelay());
    if (settings.getPercentile() != null) builder.percentile(settings.getPercentile());
    return builder.build();
  }

  /**
   * Splits {@code lb://<service-id>/<path>} into the service id and the path (at least
   * {@code /}).
   *
   * @throws IllegalArgumentException saying what is wrong otherwise
   */
  private static String[] parse(String lbUrl) {
    if (!isLoadBalanced(lbUrl)) throw new IllegalArgumentException("it is not an lb:// URL");
    String rest = lbUrl.substring(LB_SCHEME.length() + 3);
    int slash = rest.indexOf('/');
    String serviceId = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "/" : rest.substring(slash);
    if (serviceId.isEmpty()) {
      throw new IllegalArgumentException("it names no service id after lb://");
    }
    for (int i = 0; i < serviceId.length(); i++) {
      char c = serviceId.charAt(i);
      if (c == ':' || c == '@' || c == '?' || c == '#' || c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("its service id holds '" + (c <= ' ' ? "\\u"
            + String.format("%04x", (int) c) : String.valueOf(c)) + "': lb:// names a service "
            + "id, without port or credentials; discovery says where it runs");
      }
    }
    if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
      throw new IllegalArgumentException("a base URL has no query or fragment");
    }
    if (HttpUrl.parse("http://service" + path) == null) {
      throw new IllegalArgumentException("its path is not a valid URL path");
    }
    return new String[] {serviceId, path};
  }
}
