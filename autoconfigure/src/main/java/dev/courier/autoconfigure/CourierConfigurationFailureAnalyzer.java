package dev.courier.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link CourierConfigurationException} as a start-up failure that names the property,
 * the bad value and the fix, instead of leaving the user with a stack trace. Registered in
 * {@code META-INF/spring.factories}.
 */
public class CourierConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<CourierConfigurationException> {

  /** Creates the analyzer; Spring Boot instantiates it from {@code spring.factories}. */
  public CourierConfigurationFailureAnalyzer() {
  }

  /** Describes the property, its value and the reason; the action is the fix. */
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CourierConfigurationException cause) {
    String description = String.format("Courier could not be configured.%n%n"
        + "    Property: %s%n    Value: %s%n    Reason: %s%n",
        cause.property(), cause.value() == null ? "(not set)" : "'" + cause.value() + "'",
        cause.problem());
    return new FailureAnalysis(description, cause.fix(), cause);
  }
}
