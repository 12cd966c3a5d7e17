package dev.courier.resilience4j;

import java.time.Duration;

/**
 * The service's rate limiter had no permission left for the call within its timeout. Thrown in
 * place of Resilience4j's {@code RequestNotPermitted}.
 */
public final class RateLimitedException extends CallRejectedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param serviceName the Courier service the call was for
   * @param instanceName the rate limiter's name
   * @param limitForPeriod the permissions the limiter grants per period
   * @param period the limiter's refresh period
   * @param waited how long the call waited for a permission
   */
  public RateLimitedException(String serviceName, String instanceName, int limitForPeriod,
      Duration period, Duration waited) {
    super("Rate limiter '" + instanceName + "' of service '" + serviceName + "' permits "
        + limitForPeriod + " calls per " + period.toMillis() + "ms and had none left after waiting "
        + waited.toMillis() + "ms", serviceName, instanceName, null);
  }
}
