package dev.courier.internal.chain;

import java.io.IOException;

import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.balance.HedgePolicy;
import dev.courier.internal.balance.RealServiceInstances;
import dev.courier.internal.balance.ServiceRegistry;

/**
 * Hedges slow calls to services that ask for it: the first of the built-in interceptors, so that
 * a hedge repeats the call's retries and follow-ups, and only the application interceptors run
 * once. A client has this step only if one of its services hedges; a call to any other host, or
 * that may not be sent twice, passes straight through. See {@link HedgeRace}.
 */
public final class HedgingInterceptor implements Interceptor {
  private final ServiceRegistry services;

  /** Creates the interceptor for the services of one client. */
  public HedgingInterceptor(ServiceRegistry services) {
    this.services = services;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    RealServiceInstances service = services.lookup(request.url());
    if (service == null) return chain.proceed(request);
    HedgePolicy policy = service.hedgePolicy();
    if (!policy.appliesTo(request)) return chain.proceed(request);
    policy.deposit();
    long delayNanos = policy.delayNanos();
    if (delayNanos < 0) return chain.proceed(request); // Too few response times known yet.
    RealCall call = ((RealInterceptorChain) chain).call();
    return new HedgeRace(call, service, request, delayNanos).run(chain);
  }

  @Override
  public String toString() {
    return "HedgingInterceptor";
  }
}
