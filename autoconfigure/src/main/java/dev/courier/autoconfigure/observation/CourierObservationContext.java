package dev.courier.autoconfigure.observation;

import java.util.Objects;

import io.micrometer.observation.transport.RequestReplySenderContext;
import org.jspecify.annotations.Nullable;

import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.autoconfigure.monitoring.RedactedUrls;

/**
 * What the {@code http.client.requests} observation knows about one Courier call: the request as
 * the observation interceptor received it, the service it belongs to, its URI template, and once
 * it completes the response or the error.
 *
 * <p>The carrier is a {@link Request.Builder} of that request: a tracer's propagation handler
 * writes the trace context into it as headers when the observation starts, and the interceptor
 * sends the request built from it. Created and mutated by one call's thread.
 */
public final class CourierObservationContext extends RequestReplySenderContext<Request.Builder, Response> {
  private final Request request;
  private final @Nullable String serviceName;
  private final @Nullable String uriTemplate;
  private boolean canceled;

  /**
   * Creates the context of a call of {@code request}.
   *
   * @param serviceName the Courier service the call belongs to, or null for the shared client
   * @param uriTemplate the URI template the request was made from, or null if unknown
   */
  public CourierObservationContext(Request request, @Nullable String serviceName,
      @Nullable String uriTemplate) {
    super(CourierObservationContext::setHeader);
    this.request = Objects.requireNonNull(request, "request");
    this.serviceName = serviceName;
    this.uriTemplate = uriTemplate;
    setCarrier(request.newBuilder());
    HttpUrl url = request.url();
    setRemoteServiceName(serviceName != null ? serviceName : url.host());
    setRemoteServiceAddress(RedactedUrls.origin(url));
  }

  private static void setHeader(Request.@Nullable Builder carrier, String name, String value) {
    if (carrier != null) carrier.header(name, value);
  }

  /** Returns the request as the interceptor received it, before propagation headers were added. */
  public Request getRequest() {
    return request;
  }

  /** Returns the Courier service the call belongs to, or null for the shared client. */
  public @Nullable String getServiceName() {
    return serviceName;
  }

  /** Returns the URI template the request was made from, such as {@code /items/{id}}, or null. */
  public @Nullable String getUriTemplate() {
    return uriTemplate;
  }

  /** Returns true if the call failed because it was canceled. */
  public boolean isCanceled() {
    return canceled;
  }

  /** Records whether the call failed because it was canceled. */
  public void setCanceled(boolean canceled) {
    this.canceled = canceled;
  }
}
