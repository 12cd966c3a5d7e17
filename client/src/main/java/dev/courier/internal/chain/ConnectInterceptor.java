package dev.courier.internal.chain;

import java.io.IOException;

import dev.courier.Interceptor;
import dev.courier.Response;
import dev.courier.internal.connection.Exchange;

/** Finds a connection for the request, opening one if needed, and starts an exchange on it. */
public final class ConnectInterceptor implements Interceptor {
  @Override
  public Response intercept(Chain chain) throws IOException {
    RealInterceptorChain realChain = (RealInterceptorChain) chain;
    Exchange exchange = realChain.call().initExchange(realChain);
    return realChain.withExchange(exchange).proceed(realChain.request());
  }

  @Override
  public String toString() {
    return "ConnectInterceptor";
  }
}
