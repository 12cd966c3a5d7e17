package dev.courier.resilience4j;

import java.time.Duration;

/**
 * The service's bulkhead was full: as many calls as it allows were already in flight, and none
 * finished within its wait. Thrown in place of Resilience4j's {@code BulkheadFullException}.
 */
public final class BulkheadRejectedException extends CallRejectedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param serviceName the Courier service the call was for
   * @param instanceName the bulkhead's name
   * @param maxConcurrentCalls the calls the bulkhead lets run at once
   * @param waited how long the call waited for a place
   */
  public BulkheadRejectedException(String serviceName, String instanceName,
      int maxConcurrentCalls, Duration waited) {
    super("Bulkhead '" + instanceName + "' of service '" + serviceName + "' is full: "
        + maxConcurrentCalls + " concurrent calls allowed, none finished within "
        + waited.toMillis() + "ms", serviceName, instanceName, null);
  }
}
