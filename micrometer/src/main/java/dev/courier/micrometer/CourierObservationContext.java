package dev.courier.micrometer;

import java.util.Objects;

import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.RequestReplySenderContext;
import org.jspecify.annotations.Nullable;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.logging.RedactedUrls;

/**
 * What the {@code http.client.requests} observation knows about one Courier call: the request as
 * the observation interceptor received it, the service it belongs to, its URI template, and once
 * it completes the response or the error.
 *
 * <p>The carrier is a {@link Request.Builder} of that request: a tracer's propagation handler
 * writes the trace context into it as headers when the observation starts, and the interceptor
 * then sends the request built from it ({@link #hasPropagationHeaders()}); without a tracer it
 * sends the request as it came. Created and mutated by one call's thread.
 */
public final class CourierObservationContext extends RequestReplySenderContext<Request.Builder, Response> {
  private final HeaderSetter setter;
  private final Request request;
  private final @Nullable String serviceName;
  private final @Nullable String uriTemplate;
  private boolean canceled;
  private boolean refused;

  /**
   * Creates the context of a call of {@code request}.
   *
   * @param serviceName the Courier service the call belongs to, or null for the shared client
   * @param uriTemplate the URI template the request was made from, or null if unknown
   */
  public CourierObservationContext(Request request, @Nullable String serviceName,
      @Nullable String uriTemplate) {
    this(request, serviceName, uriTemplate, RedactedUrls.origin(request.url()));
  }

  /**
   * Creates the context of a call of {@code request} whose origin, as
   * {@link RedactedUrls#origin} renders it, is {@code origin}.
   */
  public CourierObservationContext(Request request, @Nullable String serviceName,
      @Nullable String uriTemplate, String origin) {
    this(request, serviceName, uriTemplate, origin, new HeaderSetter());
  }

  private CourierObservationContext(Request request, @Nullable String serviceName,
      @Nullable String uriTemplate, String origin, HeaderSetter setter) {
    super(setter);
    this.setter = setter;
    this.request = Objects.requireNonNull(request, "request");
    this.serviceName = serviceName;
    this.uriTemplate = uriTemplate;
    setCarrier(request.newBuilder());
    setRemoteServiceName(serviceName != null ? serviceName : request.url().host());
    setRemoteServiceAddress(origin);
  }

  /**
   * Returns true if a propagation handler wrote headers into the carrier, so the request to send
   * must be built from it.
   */
  public boolean hasPropagationHeaders() {
    return setter.used;
  }

  /** Writes trace headers into the carrier and notes that it did. */
  private static final class HeaderSetter implements Propagator.Setter<Request.Builder> {
    private boolean used;

    @Override
    public void set(Request.@Nullable Builder carrier, String name, String value) {
      if (carrier == null) return;
      carrier.header(name, value);
      used = true;
    }
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

  /**
   * Returns true if the call was refused before anything was sent (an open circuit breaker, a
   * rate limiter, a full bulkhead), as the interceptor's {@code refusedWhen} says.
   */
  public boolean isRefused() {
    return refused;
  }

  /** Records whether the call was refused before anything was sent. */
  public void setRefused(boolean refused) {
    this.refused = refused;
  }

  /** Records whether the call failed because it was canceled. */
  public void setCanceled(boolean canceled) {
    this.canceled = canceled;
  }
}
