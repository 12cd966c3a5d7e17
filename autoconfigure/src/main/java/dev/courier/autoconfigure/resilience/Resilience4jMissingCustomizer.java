package dev.courier.autoconfigure.resilience;

import java.util.List;

import dev.courier.CourierClient;
import dev.courier.autoconfigure.CourierConfigurationException;
import dev.courier.autoconfigure.CourierProperties;
import dev.courier.autoconfigure.CourierServiceProperties;
import dev.courier.autoconfigure.CourierServiceClientCustomizer;

/**
 * Stands in for {@link ResilienceServiceClientCustomizer} when Resilience4j is not on the class
 * path, so that a service configured for resilience stops start-up with the reason instead of
 * running unprotected without a word.
 */
final class Resilience4jMissingCustomizer implements CourierServiceClientCustomizer {
  private final CourierProperties properties;
  private final List<String> missing;

  Resilience4jMissingCustomizer(CourierProperties properties, List<String> missing) {
    this.properties = properties;
    this.missing = List.copyOf(missing);
  }

  @Override
  public void customize(String serviceName, CourierClient.Builder builder) {
    CourierServiceProperties service = properties.getServices().get(serviceName);
    if (service == null || !service.getResilience().anyEnabled()) return;
    throw new CourierConfigurationException("courier.services." + serviceName + ".resilience",
        null,
        "Resilience is configured for service '" + serviceName + "', but Resilience4j is not "
            + "fully on the class path; missing: " + String.join(", ", missing) + ".",
        "Add the modules " + String.join(", ", missing) + " (io.github.resilience4j's, and "
            + "dev.courier:courier-resilience4j; the Courier starter includes them), or remove "
            + "courier.services." + serviceName + ".resilience.");
  }
}
