package dev.courier.micrometer;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import dev.courier.Response;
import dev.courier.micrometer.CourierObservationDocumentation.HighCardinalityKeyNames;
import dev.courier.micrometer.CourierObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default names and key values of the {@code http.client.requests} observation, the same keys
 * Spring's HTTP clients use so that one dashboard serves both:
 *
 * <ul>
 *   <li>{@code method}: {@code GET}, {@code POST}, ...; {@code UNKNOWN} for other methods.
 *   <li>{@code uri}: the URI template's path, or {@code none}. Never the raw path, whose IDs would
 *       make one time series per item.
 *   <li>{@code status}: the code; {@code IO_ERROR} when the network failed; {@code REFUSED} when
 *       the call was turned away before anything was sent (an open circuit breaker, a rate limiter,
 *       a full bulkhead: see {@code CourierObservationInterceptor.Builder.refusedWhen}), which
 *       says nothing about the network or the server; {@code CLIENT_ERROR} when the call was
 *       canceled or failed in the client.
 *   <li>{@code outcome}: {@code INFORMATIONAL}, {@code SUCCESS}, {@code REDIRECTION},
 *       {@code CLIENT_ERROR}, {@code SERVER_ERROR}, or {@code UNKNOWN} without a response.
 *   <li>{@code exception}: the simple class name of the failure, or {@code none}.
 *   <li>{@code client.name}: the Courier service name, or the host for the shared client.
 *   <li>{@code http.url} (high cardinality): the URL without credentials or query values.
 * </ul>
 *
 * <p>The contextual name, which tracers use as the span name, is {@code http <method>} in lower
 * case, such as {@code http get}. Extend this class and override a key's method to change one key.
 * Stateless and thread-safe.
 */
public class DefaultCourierObservationConvention implements CourierObservationConvention {
  /** The name Spring's HTTP client observations use, and this convention's default. */
  public static final String DEFAULT_NAME = "http.client.requests";

  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
  private static final String NONE = "none";

  // Key values that every call would otherwise make again: most of a call's tags are constants.
  private static final Map<String, KeyValue> KNOWN_METHODS = METHODS.stream().collect(
      Collectors.toUnmodifiableMap(m -> m, LowCardinalityKeyNames.METHOD::withValue));
  private static final Map<String, String> CONTEXTUAL_NAMES = METHODS.stream().collect(
      Collectors.toUnmodifiableMap(m -> m, m -> "http " + m.toLowerCase(Locale.ROOT)));
  private static final KeyValue METHOD_UNKNOWN = LowCardinalityKeyNames.METHOD.withValue("UNKNOWN");
  private static final KeyValue URI_NONE = LowCardinalityKeyNames.URI.withValue(NONE);
  private static final KeyValue STATUS_IO_ERROR = LowCardinalityKeyNames.STATUS.withValue("IO_ERROR");
  private static final KeyValue STATUS_REFUSED = LowCardinalityKeyNames.STATUS.withValue("REFUSED");
  private static final KeyValue STATUS_CLIENT_ERROR =
      LowCardinalityKeyNames.STATUS.withValue("CLIENT_ERROR");
  private static final KeyValue[] STATUSES = new KeyValue[600];
  private static final Map<String, KeyValue> OUTCOMES = Stream.of("INFORMATIONAL", "SUCCESS",
      "REDIRECTION", "CLIENT_ERROR", "SERVER_ERROR", "UNKNOWN").collect(
      Collectors.toUnmodifiableMap(o -> o, LowCardinalityKeyNames.OUTCOME::withValue));
  private static final KeyValue OUTCOME_UNKNOWN = OUTCOMES.get("UNKNOWN");
  private static final KeyValue EXCEPTION_NONE = LowCardinalityKeyNames.EXCEPTION.withValue(NONE);

  private final String name;
  private volatile @Nullable KeyValue lastClientName; // A service calls with one name.

  /** Creates a convention naming observations {@value #DEFAULT_NAME}. */
  public DefaultCourierObservationConvention() {
    this(DEFAULT_NAME);
  }

  /** Creates a convention naming observations {@code name}. */
  public DefaultCourierObservationConvention(String name) {
    this.name = name;
  }

  /** Returns the observation name, {@value #DEFAULT_NAME} by default. */
  @Override
  public String getName() {
    return name;
  }

  /** Returns {@code http <method>} in lower case, such as {@code http get}. */
  @Override
  public String getContextualName(CourierObservationContext context) {
    String method = context.getRequest().method();
    String known = CONTEXTUAL_NAMES.get(method);
    return known != null ? known : "http " + method.toLowerCase(Locale.ROOT);
  }

  /** Returns method, uri, status, outcome, exception and client.name. */
  @Override
  public KeyValues getLowCardinalityKeyValues(CourierObservationContext context) {
    // In key order, so that KeyValues finds them sorted and needn't sort them: this runs when
    // each observation starts and again when it stops.
    return KeyValues.of(clientName(context), exception(context), method(context),
        outcome(context), status(context), uri(context));
  }

  /** Returns http.url. */
  @Override
  public KeyValues getHighCardinalityKeyValues(CourierObservationContext context) {
    return KeyValues.of(httpUrl(context));
  }

  /** Returns the {@code method} key value. */
  protected KeyValue method(CourierObservationContext context) {
    KeyValue known = KNOWN_METHODS.get(context.getRequest().method());
    return known != null ? known : METHOD_UNKNOWN;
  }

  /** Returns the {@code uri} key value: the template's path, or {@code none}. */
  protected KeyValue uri(CourierObservationContext context) {
    String template = context.getUriTemplate();
    return template == null ? URI_NONE : LowCardinalityKeyNames.URI.withValue(path(template));
  }

  /** Returns the {@code status} key value. */
  protected KeyValue status(CourierObservationContext context) {
    Response response = context.getResponse();
    if (response != null) return statusKeyValue(response.code());
    if (context.isRefused()) return STATUS_REFUSED;
    boolean networkFailure = context.getError() instanceof IOException && !context.isCanceled();
    return networkFailure ? STATUS_IO_ERROR : STATUS_CLIENT_ERROR;
  }

  /** Returns the {@code outcome} key value. */
  protected KeyValue outcome(CourierObservationContext context) {
    Response response = context.getResponse();
    return response == null ? OUTCOME_UNKNOWN : OUTCOMES.get(outcome(response.code()));
  }

  /** Returns the {@code exception} key value. */
  protected KeyValue exception(CourierObservationContext context) {
    Throwable error = context.getError();
    if (error == null) return EXCEPTION_NONE;
    String simpleName = error.getClass().getSimpleName();
    return LowCardinalityKeyNames.EXCEPTION.withValue(
        simpleName.isEmpty() ? error.getClass().getName() : simpleName);
  }

  /** Returns the {@code client.name} key value: the service name, else the host. */
  protected KeyValue clientName(CourierObservationContext context) {
    String service = context.getServiceName();
    String name = service != null ? service : context.getRequest().url().host();
    KeyValue last = lastClientName;
    if (last != null && last.getValue().equals(name)) return last;
    KeyValue created = LowCardinalityKeyNames.CLIENT_NAME.withValue(name);
    lastClientName = created;
    return created;
  }

  /** Returns the {@code status} key value of {@code code}, made once per code. */
  private static KeyValue statusKeyValue(int code) {
    if (code < 0 || code >= STATUSES.length) {
      return LowCardinalityKeyNames.STATUS.withValue(Integer.toString(code));
    }
    KeyValue result = STATUSES[code];
    if (result == null) {
      result = LowCardinalityKeyNames.STATUS.withValue(Integer.toString(code));
      STATUSES[code] = result; // A benign race: every thread makes an equal value.
    }
    return result;
  }

  /** Returns the {@code http.url} key value, without credentials or query values. */
  protected KeyValue httpUrl(CourierObservationContext context) {
    return HighCardinalityKeyNames.HTTP_URL.withValue(context.getRedactedUrl());
  }

  private static String outcome(int code) {
    if (code >= 100 && code < 200) return "INFORMATIONAL";
    if (code >= 200 && code < 300) return "SUCCESS";
    if (code >= 300 && code < 400) return "REDIRECTION";
    if (code >= 400 && code < 500) return "CLIENT_ERROR";
    if (code >= 500 && code < 600) return "SERVER_ERROR";
    return "UNKNOWN";
  }

  /** Drops a template's scheme and authority, as Spring does: only the path is a tag. */
  static String path(String template) {
    String path = template;
    int authority = template.startsWith("https://") ? 8 : template.startsWith("http://") ? 7 : -1;
    if (authority != -1) {
      int slash = template.indexOf('/', authority);
      path = slash == -1 ? "" : template.substring(slash);
    }
    return path.startsWith("/") ? path : "/" + path;
  }
}
