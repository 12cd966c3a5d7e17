package dev.courier.resilience4j;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.courier.Request;
import dev.courier.RequestBody;

/**
 * Which calls a {@link ResilienceInterceptor} may retry, on which responses, and how long a
 * {@code Retry-After} it honours. How often and how far apart attempts are is the Resilience4j
 * {@code Retry}'s business ({@code max-attempts}, {@code wait-duration}, backoff); this policy
 * decides what is safe to repeat at all.
 *
 * <ul>
 *   <li>{@linkplain #methods() Methods}: by default the idempotent ones of RFC 9110 (GET, HEAD,
 *       OPTIONS, TRACE, PUT, DELETE). A request whose body is one-shot is never retried,
 *       whatever its method.
 *   <li>{@linkplain #statuses() Statuses}: by default 429, 502, 503 and 504, the answers that
 *       mean "not now" rather than "no". An {@link java.io.IOException} is retried too unless the
 *       Retry's exception predicates say otherwise.
 *   <li>{@linkplain #maxRetryAfter() Longest Retry-After}: a 429 or 503 whose
 *       {@code Retry-After} asks for a longer wait than this is returned to the caller at once
 *       rather than retried early against the server's wish. Default 5s.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = new Builder().build();

  private final Set<String> methods;
  private final StatusCodes statuses;
  private final Duration maxRetryAfter;

  private RetryPolicy(Builder builder) {
    this.methods = Set.copyOf(builder.methods);
    this.statuses = StatusCodes.of(builder.statuses);
    this.maxRetryAfter = builder.maxRetryAfter;
  }

  /** Returns the default policy: idempotent methods; 429, 502, 503, 504; Retry-After up to 5s. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** Returns a builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the methods whose requests may be retried. */
  public Set<String> methods() {
    return methods;
  }

  /** Returns the response statuses that are retried, in ascending order. */
  public Set<Integer> statuses() {
    return statuses.codes();
  }

  /** Returns the longest {@code Retry-After} wait honoured. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Returns true if {@code request} may be sent again: its method is one of {@link #methods()}
   * and it has no body or a body that can be written twice.
   */
  public boolean permits(Request request) {
    if (!methods.contains(request.method())) return false;
    RequestBody body = request.body();
    return body == null || !body.isOneShot();
  }

  /** Returns true if a response with status {@code code} is retried. */
  public boolean retriesStatus(int code) {
    return statuses.contains(code);
  }

  /** Returns a builder starting from this policy. */
  public Builder newBuilder() {
    return new Builder()
        .methods(methods)
        .statuses(statuses.codes())
        .maxRetryAfter(maxRetryAfter);
  }

  @Override
  public String toString() {
    return "RetryPolicy{methods=" + methods + ", statuses=" + statuses + ", maxRetryAfter="
        + maxRetryAfter + "}";
  }

  /** Builds a {@link RetryPolicy}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private Set<String> methods =
        Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private Set<Integer> statuses = Set.of(429, 502, 503, 504);
    private Duration maxRetryAfter = Duration.ofSeconds(5);

    private Builder() {
    }

    /**
     * Sets the methods whose requests may be retried; case matters, as in HTTP.
     *
     * @throws IllegalArgumentException if a method is blank
     */
    public Builder methods(Collection<String> methods) {
      Set<String> copy = new LinkedHashSet<>();
      for (String method : methods) {
        if (method == null || method.isBlank()) {
          throw new IllegalArgumentException("methods must not contain a blank method: " + methods);
        }
        copy.add(method.trim());
      }
      this.methods = copy;
      return this;
    }

    /**
     * Sets the response statuses that are retried.
     *
     * @throws IllegalArgumentException if a status is not between 100 and 599
     */
    public Builder statuses(Collection<Integer> statuses) {
      this.statuses = StatusCodes.of(statuses).codes();
      return this;
    }

    /**
     * Sets the longest {@code Retry-After} honoured; longer waits are not retried.
     *
     * @throws IllegalArgumentException if {@code maxRetryAfter} is negative
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      if (maxRetryAfter.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter < 0: " + maxRetryAfter);
      }
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /** Returns the policy. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
