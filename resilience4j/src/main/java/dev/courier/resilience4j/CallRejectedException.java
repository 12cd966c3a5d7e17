package dev.courier.resilience4j;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * A call to a service that Courier refused before sending anything: the circuit is open, the rate
 * limit is reached or the bulkhead is full. The server never saw the request, so falling back or
 * trying elsewhere is always safe. Part of the {@link IOException} family so that callers handle
 * every failure of a call in one place.
 *
 * <pre>{@code
 * try (Response response = catalog.newCall(request).execute()) {
 *   ...
 * } catch (CallRejectedException e) {
 *   return cachedCatalog(e.serviceName());   // the server was not asked
 * } catch (IOException e) {
 *   ...                                      // the request may have reached the server
 * }
 * }</pre>
 */
public abstract class CallRejectedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String serviceName;
  private final String instanceName;

  /**
   * Creates an exception.
   *
   * @param message what refused the call and why, as a sentence
   * @param serviceName the Courier service the call was for
   * @param instanceName the Resilience4j instance that refused it
   * @param cause Resilience4j's own exception, if it raised one
   */
  protected CallRejectedException(String message, String serviceName, String instanceName,
      @Nullable Throwable cause) {
    super(message, cause);
    this.serviceName = serviceName;
    this.instanceName = instanceName;
  }

  /** Returns the name of the Courier service the call was for. */
  public String serviceName() {
    return serviceName;
  }

  /** Returns the name of the Resilience4j instance that refused the call. */
  public String instanceName() {
    return instanceName;
  }
}
