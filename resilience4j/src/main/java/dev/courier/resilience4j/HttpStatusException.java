package dev.courier.resilience4j;

import java.io.IOException;

/**
 * Stands for a response whose status counts as a failure, where Resilience4j expects a
 * {@link Throwable}: it is what a circuit breaker records for a 5xx and what a retry is told about
 * a 503. It appears in Resilience4j's events and reaches its exception predicates (so
 * {@code record-exceptions} and {@code ignore-exceptions} can name it), but is never thrown to a
 * caller, who gets the response itself.
 *
 * <p>An {@link IOException} so that predicates written for transport failures match it too. It
 * has no stack trace: it says which status came back, not where.
 */
public final class HttpStatusException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String serviceName;
  private final int code;

  /**
   * Creates an exception for a response with status {@code code} from {@code serviceName}.
   */
  public HttpStatusException(String serviceName, int code) {
    super("HTTP " + code + " from service '" + serviceName + "'");
    this.serviceName = serviceName;
    this.code = code;
  }

  /** Returns the name of the service that answered. */
  public String serviceName() {
    return serviceName;
  }

  /** Returns the response's status code. */
  public int code() {
    return code;
  }

  /** Returns this exception without filling in a stack trace, which would say nothing here. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
