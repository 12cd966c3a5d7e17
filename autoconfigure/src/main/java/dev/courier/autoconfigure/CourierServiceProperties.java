package dev.courier.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * One named service, {@code courier.services.<name>.*}: where it is, and how its client differs
 * from the shared one. It has every setting of the shared client ({@link ClientProperties}); one
 * left unset is inherited from {@code courier.*}. Its client, {@code RestClient} and HTTP service
 * group all run with these settings and report the service's name in metrics and traces.
 */
public class CourierServiceProperties extends ClientProperties {

  /**
   * Absolute http(s) URL that relative request paths resolve against, like a link in a page:
   * with http://catalog/api/, items/1 is http://catalog/api/items/1.
   */
  private @Nullable String baseUrl;

  /** Resilience4j circuit breaker, retry, rate limiter, bulkhead and time limiter. */
  private final ResilienceProperties resilience = new ResilienceProperties();

  public @Nullable String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(@Nullable String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public ResilienceProperties getResilience() {
    return resilience;
  }
}
