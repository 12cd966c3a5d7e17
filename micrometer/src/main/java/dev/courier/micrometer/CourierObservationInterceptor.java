package dev.courier.micrometer;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.courier.HttpUrl;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.UriTemplate;
import dev.courier.logging.RedactedUrls;

/**
 * Records each call as an {@code http.client.requests} {@link Observation}: started before the
 * rest of the chain, stopped when the response headers arrive or the call fails, so it spans
 * redirects, retries and the cache. A tracer's propagation handler puts the trace context into the
 * request's headers when the observation starts. Add it as the first application interceptor;
 * the Spring Boot starter does.
 *
 * <pre>{@code
 * CourierClient client = new CourierClient.Builder()
 *     .addInterceptor(CourierObservationInterceptor.builder(observationRegistry)
 *         .serviceName("catalog")
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>The parent observation is the current one on the thread running the chain. Asynchronous
 * calls run on a dispatcher thread, where there is none: tag the request with its parent,
 * {@code request.newBuilder().tag(Observation.class, parent)}, to link them. A failure is recorded
 * on the observation and rethrown unchanged. Immutable and thread-safe.
 */
public final class CourierObservationInterceptor implements Interceptor {
  private static final CourierObservationConvention DEFAULT_CONVENTION =
      new DefaultCourierObservationConvention();

  private final ObservationRegistry registry;
  private final @Nullable CourierObservationConvention convention;
  private final @Nullable String serviceName;
  private final Function<Request, @Nullable String> uriTemplates;
  private final Predicate<Request> skip;
  private final Predicate<Throwable> refused;
  private volatile @Nullable CachedOrigin lastOrigin; // A benign race: any entry is correct.

  private CourierObservationInterceptor(Builder builder, @Nullable String serviceName) {
    this.registry = builder.registry;
    this.convention = builder.convention;
    this.serviceName = serviceName;
    this.uriTemplates = builder.uriTemplates;
    this.skip = builder.skip;
    this.refused = builder.refused;
  }

  /** Returns a builder of an interceptor recording into {@code registry}. */
  public static Builder builder(ObservationRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Returns the template of {@code request} from its {@link UriTemplate} tag, or null: the default
   * of {@link Builder#uriTemplates(Function)}.
   */
  public static @Nullable String uriTemplateTag(Request request) {
    UriTemplate template = request.tag(UriTemplate.class);
    return template == null ? null : template.template();
  }

  /** Returns the service whose calls this interceptor records, or null for the shared client. */
  public @Nullable String serviceName() {
    return serviceName;
  }

  /** Returns a copy recording the calls of the service named {@code serviceName}. */
  public CourierObservationInterceptor withServiceName(@Nullable String serviceName) {
    Builder builder = new Builder(registry);
    builder.convention = convention;
    builder.uriTemplates = uriTemplates;
    builder.skip = skip;
    builder.refused = refused;
    return new CourierObservationInterceptor(builder, serviceName);
  }

  /** Observes the rest of the chain; records a failure, then rethrows it. */
  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (registry.isNoop() || skip.test(request)) return chain.proceed(request);

    CourierObservationContext context = new CourierObservationContext(request, serviceName,
        uriTemplates.apply(request), origin(request.url()));
    Observation observation = CourierObservationDocumentation.HTTP_CLIENT_REQUESTS
        .observation(convention, DEFAULT_CONVENTION, () -> context, registry);
    Observation parent = request.tag(Observation.class);
    if (parent != null) observation.parentObservation(parent);
    observation.start();
    // Built after start(), so it carries the headers a propagating handler set on the carrier.
    Request sent = context.hasPropagationHeaders()
        ? Objects.requireNonNull(context.getCarrier(), "carrier").build()
        : request;
    // In scope while the chain runs, so observations made further down have this one as parent.
    Observation.Scope scope = observation.openScope();
    try {
      Response response = chain.proceed(sent);
      context.setResponse(response);
      return response;
    } catch (IOException | RuntimeException | Error e) {
      context.setCanceled(chain.call().isCanceled());
      context.setRefused(refused.test(e));
      observation.error(e);
      throw e;
    } finally {
      scope.close();
      observation.stop();
    }
  }

  /**
   * Returns {@code url}'s origin as {@link RedactedUrls#origin} renders it, reusing the last one:
   * a service calls the same origin call after call.
   */
  private String origin(HttpUrl url) {
    CachedOrigin cached = lastOrigin;
    if (cached != null && cached.port == url.port() && cached.host.equals(url.host())
        && cached.https == url.isHttps()) {
      return cached.origin;
    }
    String origin = RedactedUrls.origin(url);
    lastOrigin = new CachedOrigin(url.host(), url.port(), url.isHttps(), origin);
    return origin;
  }

  /** An origin string and the URL parts it was made from. */
  private record CachedOrigin(String host, int port, boolean https, String origin) {
  }

  @Override
  public String toString() {
    return "CourierObservationInterceptor"
        + (serviceName == null ? "" : "{service=" + serviceName + "}");
  }

  /** Configures a {@link CourierObservationInterceptor}. Not thread-safe. */
  public static final class Builder {
    private final ObservationRegistry registry;
    private @Nullable CourierObservationConvention convention;
    private @Nullable String serviceName;
    private Function<Request, @Nullable String> uriTemplates =
        CourierObservationInterceptor::uriTemplateTag;
    private Predicate<Request> skip = request -> false;
    private Predicate<Throwable> refused = failure -> false;

    private Builder(ObservationRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Sets the convention naming the observation and its keys; null (the default) uses the
     * registry's global convention if one applies, else {@link DefaultCourierObservationConvention}.
     */
    public Builder convention(@Nullable CourierObservationConvention convention) {
      this.convention = convention;
      return this;
    }

    /** Sets the Courier service whose calls are recorded; null (the default) for none. */
    public Builder serviceName(@Nullable String serviceName) {
      this.serviceName = serviceName;
      return this;
    }

    /**
     * Sets how a request's URI template is found; the default reads its {@link UriTemplate} tag
     * ({@link #uriTemplateTag(Request)}). Return null when there is none.
     */
    public Builder uriTemplates(Function<Request, @Nullable String> uriTemplates) {
      this.uriTemplates = Objects.requireNonNull(uriTemplates, "uriTemplates");
      return this;
    }

    /**
     * Sets which requests are left unobserved: those another instrumentation records already,
     * which would otherwise be counted twice. The default observes every request.
     */
    public Builder skipWhen(Predicate<Request> skip) {
      this.skip = Objects.requireNonNull(skip, "skip");
      return this;
    }

    /**
     * Says which failures are refusals: the call was turned away before anything was sent, such
     * as by an open circuit breaker, a rate limiter or a full bulkhead. The default convention
     * tags them {@code status=REFUSED} rather than {@code IO_ERROR}, which would blame the
     * network. None by default; the Spring Boot starter names courier-resilience4j's
     * {@code CallRejectedException}.
     */
    public Builder refusedWhen(Predicate<Throwable> refused) {
      this.refused = Objects.requireNonNull(refused, "refused");
      return this;
    }

    /** Returns the interceptor. */
    public CourierObservationInterceptor build() {
      return new CourierObservationInterceptor(this, serviceName);
    }
  }
}
