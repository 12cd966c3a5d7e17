package dev.courier.micrometer;

import java.util.Iterator;
import java.util.Objects;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
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
 * <p>The carrier is a {@link Request.Builder} of that request, made when a tracer's propagation
 * handler first asks for it: the handler writes the trace context into it as headers when the
 * observation starts, and the interceptor then sends the request built from it
 * ({@link #hasPropagationHeaders()}); without a tracer it sends the request as it came.
 *
 * <p>Key values are kept as immutable {@link KeyValues}, replaced on each change, rather than in
 * the concurrent maps of the base class: Micrometer adds the convention's whole set when the
 * observation starts and again when it stops, and meter handlers ask for the set back, which the
 * maps turned into a sort and a copy each time. What the methods return is the same. Created and
 * mutated by one call's thread; safe to read from others.
 */
public final class CourierObservationContext extends RequestReplySenderContext<Request.Builder, Response> {
  private final HeaderSetter setter;
  private final Request request;
  private final @Nullable String serviceName;
  private final @Nullable String uriTemplate;
  private boolean canceled;
  private boolean refused;
  private Request.@Nullable Builder carrier;
  private @Nullable String redactedUrl;
  private volatile KeyValues lowCardinality = KeyValues.empty();
  private volatile KeyValues highCardinality = KeyValues.empty();
  // Kept here by CourierMeterObservationHandler between start and stop.
  Timer.@Nullable Sample timerSample;
  LongTaskTimer.@Nullable Sample longTaskSample;

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

  /**
   * Returns a builder of the request for propagation headers, made on the first call: without a
   * tracer, nothing asks for it.
   */
  @Override
  public synchronized Request.Builder getCarrier() {
    Request.Builder result = carrier;
    if (result == null) {
      result = request.newBuilder();
      carrier = result;
    }
    return result;
  }

  /** Replaces the builder that {@link #getCarrier()} returns. */
  @Override
  public synchronized void setCarrier(Request.Builder carrier) {
    this.carrier = carrier;
  }

  /**
   * Returns the request's URL without credentials or query values, as
   * {@link RedactedUrls#withoutQueryValues} renders it, made once per call.
   */
  public String getRedactedUrl() {
    String result = redactedUrl;
    if (result == null) {
      result = RedactedUrls.withoutQueryValues(request.url());
      redactedUrl = result;
    }
    return result;
  }

  @Override
  public CourierObservationContext addLowCardinalityKeyValue(KeyValue keyValue) {
    synchronized (this) {
      lowCardinality = lowCardinality.and(keyValue);
    }
    return this;
  }

  @Override
  public CourierObservationContext addHighCardinalityKeyValue(KeyValue keyValue) {
    synchronized (this) {
      highCardinality = highCardinality.and(keyValue);
    }
    return this;
  }

  @Override
  public CourierObservationContext addLowCardinalityKeyValues(KeyValues keyValues) {
    synchronized (this) {
      lowCardinality = merge(lowCardinality, keyValues);
    }
    return this;
  }

  @Override
  public CourierObservationContext addHighCardinalityKeyValues(KeyValues keyValues) {
    synchronized (this) {
      highCardinality = merge(highCardinality, keyValues);
    }
    return this;
  }

  @Override
  public CourierObservationContext removeLowCardinalityKeyValue(String keyName) {
    synchronized (this) {
      lowCardinality = without(lowCardinality, keyName);
    }
    return this;
  }

  @Override
  public CourierObservationContext removeHighCardinalityKeyValue(String keyName) {
    synchronized (this) {
      highCardinality = without(highCardinality, keyName);
    }
    return this;
  }

  @Override
  public CourierObservationContext removeLowCardinalityKeyValues(String... keyNames) {
    for (String keyName : keyNames) removeLowCardinalityKeyValue(keyName);
    return this;
  }

  @Override
  public CourierObservationContext removeHighCardinalityKeyValues(String... keyNames) {
    for (String keyName : keyNames) removeHighCardinalityKeyValue(keyName);
    return this;
  }

  @Override
  public KeyValues getLowCardinalityKeyValues() {
    return lowCardinality;
  }

  @Override
  public KeyValues getHighCardinalityKeyValues() {
    return highCardinality;
  }

  @Override
  public @Nullable KeyValue getLowCardinalityKeyValue(String key) {
    return find(lowCardinality, key);
  }

  @Override
  public @Nullable KeyValue getHighCardinalityKeyValue(String key) {
    return find(highCardinality, key);
  }

  @Override
  public KeyValues getAllKeyValues() {
    return lowCardinality.and(highCardinality);
  }

  /**
   * Returns {@code current} with {@code added} put over it. When {@code added} has every key of
   * {@code current}, as the convention's set has when Micrometer adds it again on stop, that is
   * {@code added} itself.
   */
  private static KeyValues merge(KeyValues current, KeyValues added) {
    return coversKeys(added, current) ? added : current.and(added);
  }

  /** Returns true if {@code keyValues} has every key of {@code other}; both are sorted by key. */
  private static boolean coversKeys(KeyValues keyValues, KeyValues other) {
    Iterator<KeyValue> all = keyValues.iterator();
    for (KeyValue wanted : other) {
      while (true) {
        if (!all.hasNext()) return false;
        int order = all.next().getKey().compareTo(wanted.getKey());
        if (order == 0) break;
        if (order > 0) return false;
      }
    }
    return true;
  }

  private static KeyValues without(KeyValues keyValues, String keyName) {
    if (find(keyValues, keyName) == null) return keyValues;
    return KeyValues.of(keyValues.stream().filter(k -> !k.getKey().equals(keyName)).toList());
  }

  private static @Nullable KeyValue find(KeyValues keyValues, String key) {
    for (KeyValue keyValue : keyValues) {
      if (keyValue.getKey().equals(key)) return keyValue;
    }
    return null;
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
