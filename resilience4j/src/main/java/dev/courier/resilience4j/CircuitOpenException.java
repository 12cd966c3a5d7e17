package dev.courier.resilience4j;

import org.jspecify.annotations.Nullable;

/**
 * The service's circuit breaker did not permit the call: it is open (too many recent failures or
 * slow calls) or half-open with all its probe calls taken. Thrown in place of Resilience4j's
 * {@code CallNotPermittedException}, which is kept as the cause.
 */
public final class CircuitOpenException extends CallRejectedException {
  private static final long serialVersionUID = 1L;

  private final String state;

  /**
   * Creates an exception.
   *
   * @param serviceName the Courier service the call was for
   * @param instanceName the circuit breaker's name
   * @param state the breaker's state when it refused, such as {@code OPEN}
   * @param cause Resilience4j's {@code CallNotPermittedException}, if any
   */
  public CircuitOpenException(String serviceName, String instanceName, String state,
      @Nullable Throwable cause) {
    super("Circuit breaker '" + instanceName + "' of service '" + serviceName + "' is " + state
        + " and does not permit calls", serviceName, instanceName, cause);
    this.state = state;
  }

  /** Returns the breaker's state when it refused the call, such as {@code OPEN}. */
  public String state() {
    return state;
  }
}
