package dev.courier.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports a {@link CourierConfigurationException} as a start-up failure that names the property,
 * the value as the user wrote it, where it was written (file and line) and the fix, instead of
 * leaving the user with a stack trace. Registered in {@code META-INF/spring.factories}; Spring
 * Boot passes the environment to its constructor.
 */
public class CourierConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<CourierConfigurationException> {
  private final @Nullable Environment environment;

  /**
   * Creates an analyzer that finds the value as written, and its origin, in {@code environment};
   * without one it reports the value the exception holds. (One constructor only: Boot passes
   * the environment to the single constructor of a failure analyzer.)
   */
  public CourierConfigurationFailureAnalyzer(@Nullable Environment environment) {
    this.environment = environment;
  }

  /** Describes the property, its value, origin and the reason; the action is the fix. */
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CourierConfigurationException cause) {
    ConfigurationProperty written = ConfigurationPropertyOrigins.find(environment, cause.property());
    Object value = written != null ? written.getValue() : cause.value();
    String origin = written != null ? ConfigurationPropertyOrigins.describe(written.getOrigin())
        : null;
    StringBuilder description = new StringBuilder(String.format(
        "Courier could not be configured.%n%n    Property: %s%n    Value: %s%n",
        cause.property(), value == null ? "(not set)" : "'" + value + "'"));
    if (origin != null) description.append(String.format("    Origin: %s%n", origin));
    description.append(String.format("    Reason: %s%n", cause.problem()));
    return new FailureAnalysis(description.toString(), cause.fix(), cause);
  }
}
