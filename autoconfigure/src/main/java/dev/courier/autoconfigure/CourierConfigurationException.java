package dev.courier.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when Courier's configuration cannot work: it names the property, the value
 * found, what is wrong with it and how to fix it. {@link CourierConfigurationFailureAnalyzer} turns
 * it into Spring Boot's start-up failure report.
 */
public class CourierConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final @Nullable Object value;
  private final String problem;
  private final String fix;

  /**
   * Creates an exception.
   *
   * @param property the property at fault, such as {@code courier.read-timeout}
   * @param value the value found, or null if the property is unset
   * @param problem why the value cannot work, as a sentence
   * @param fix what to change, as a sentence
   */
  public CourierConfigurationException(String property, @Nullable Object value, String problem,
      String fix) {
    this(property, value, problem, fix, null);
  }

  /** Creates an exception with the failure that revealed the problem. */
  public CourierConfigurationException(String property, @Nullable Object value, String problem,
      String fix, @Nullable Throwable cause) {
    super("Invalid Courier configuration '" + property + "' = '" + value + "': " + problem, cause);
    this.property = property;
    this.value = value;
    this.problem = problem;
    this.fix = fix;
  }

  /** Returns the property at fault. */
  public String property() {
    return property;
  }

  /** Returns the value found, or null if the property is unset. */
  public @Nullable Object value() {
    return value;
  }

  /** Returns why the value cannot work. */
  public String problem() {
    return problem;
  }

  /** Returns what to change. */
  public String fix() {
    return fix;
  }
}
