package dev.courier.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports keys under {@code courier.} that no setting declares ({@code courier.read-timout},
 * {@code courier.services.catalog.resilience.circuit-breakr.enabled}) with, for each, where it
 * was written and the nearest known key, so a typo stops start-up instead of being ignored.
 * Known keys are those of the configuration metadata ({@link CourierPropertyNames}). Ordered
 * before Boot's generic report of unbound properties. Registered in
 * {@code META-INF/spring.factories}.
 */
public class CourierUnknownPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {

  /** Creates the analyzer; Spring Boot instantiates it from {@code spring.factories}. */
  public CourierUnknownPropertyFailureAnalyzer() {
  }

  /** Returns an analysis if every unbound property is a {@code courier.} key, else null. */
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure,
      UnboundConfigurationPropertiesException cause) {
    List<String> lines = new ArrayList<>();
    List<String> suggestions = new ArrayList<>();
    for (ConfigurationProperty property : cause.getUnboundProperties()) {
      String name = property.getName().toString();
      if (!name.startsWith("courier.")) return null;
      String nearest = CourierPropertyNames.nearest(name);
      StringBuilder line = new StringBuilder("    Property: " + name);
      line.append(String.format("%n        Value: '%s'", property.getValue()));
      String origin = ConfigurationPropertyOrigins.describe(property.getOrigin());
      if (origin != null) line.append(String.format("%n        Origin: %s", origin));
      if (nearest != null) {
        line.append(String.format("%n        Did you mean: %s", nearest));
        suggestions.add(name + " -> " + nearest);
      }
      lines.add(line.toString());
    }
    String description = String.format("Courier has no setting named as below, so the value "
        + "would be ignored.%n%n%s%n", String.join(String.format("%n"), lines));
    String action = suggestions.isEmpty()
        ? "Remove these properties, or correct them: every key under courier. is listed in the "
            + "README's configuration reference and completed by the IDE."
        : "Rename " + String.join(", ", suggestions) + ", or remove the properties.";
    return new FailureAnalysis(description, action, cause);
  }

  /** Before Boot's {@code UnboundConfigurationPropertyFailureAnalyzer}. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
