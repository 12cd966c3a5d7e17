package dev.courier.internal.chain;

import java.io.IOException;

import dev.courier.Interceptor;
import dev.courier.Response;
import dev.courier.internal.connection.Exchange;

/**
 * Finds a connection for the request, opening one if needed, and starts an exchange on it. A
 * request to a service goes on to the network interceptors rewritten for the instance picked,
 * and what comes back is reported to the service's balancer.
 */
public final class ConnectInterceptor implements Interceptor {
  @Override
  public Response intercept(Chain chain) throws IOException {
    RealInterceptorChain realChain = (RealInterceptorChain) chain;
    RealCall call = realChain.call();
    Exchange exchange = call.initExchange(realChain);
    RealInterceptorChain exchangeChain = realChain.withExchange(exchange);
    ServiceRoute route = call.routedAttempt();
    if (route == null) return exchangeChain.proceed(realChain.request());
    return route.proceed(exchangeChain, exchange, call);
  }

  @Override
  public String toString() {
    return "ConnectInterceptor";
  }
}
