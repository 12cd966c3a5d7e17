package dev.courier.internal.chain;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.courier.Connection;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.connection.Exchange;

/**
 * The chain one interceptor sees: the interceptors after it, the request so far, the exchange
 * once a connection is chosen, and the timeouts in force.
 *
 * <p>Immutable apart from a count of {@link #proceed} calls: each {@code proceed} makes a copy
 * positioned at the next interceptor. The chain enforces the interceptor contracts and names the
 * interceptor that broke one.
 */
public final class RealInterceptorChain implements Interceptor.Chain {
  private final RealCall call;
  private final List<Interceptor> interceptors;
  private final int index;
  private final Exchange exchange;
  private final Request request;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final int writeTimeoutMillis;
  private int calls;

  /** Creates a chain starting at {@code index}. */
  public RealInterceptorChain(RealCall call, List<Interceptor> interceptors, int index,
      Exchange exchange, Request request, int connectTimeoutMillis, int readTimeoutMillis,
      int writeTimeoutMillis) {
    this.call = call;
    this.interceptors = interceptors;
    this.index = index;
    this.exchange = exchange;
    this.request = request;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
    this.writeTimeoutMillis = writeTimeoutMillis;
  }

  /** Returns a copy of this chain, at the same position, carrying {@code exchange}. */
  public RealInterceptorChain withExchange(Exchange exchange) {
    return new RealInterceptorChain(call, interceptors, index, exchange, request,
        connectTimeoutMillis, readTimeoutMillis, writeTimeoutMillis);
  }

  /**
   * Returns true if network interceptors run between the connect step and the call server, so
   * the response the call server returns may be rewritten before the cache step sees it.
   */
  boolean hasNetworkInterceptors() {
    return !(interceptors.get(interceptors.size() - 2) instanceof ConnectInterceptor);
  }

  /** Returns the exchange, or null before the connect interceptor ran. */
  public Exchange exchange() {
    return exchange;
  }

  @Override
  public RealCall call() {
    return call;
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Connection connection() {
    return exchange != null ? exchange.connection() : null;
  }

  @Override
  public int connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  @Override
  public int readTimeoutMillis() {
    return readTimeoutMillis;
  }

  @Override
  public int writeTimeoutMillis() {
    return writeTimeoutMillis;
  }

  @Override
  public Interceptor.Chain withConnectTimeout(int timeout, TimeUnit unit) {
    checkNotConnected();
    return new RealInterceptorChain(call, interceptors, index, exchange, request,
        TimeoutMillis.check("connectTimeout", timeout, unit), readTimeoutMillis,
        writeTimeoutMillis);
  }

  @Override
  public Interceptor.Chain withReadTimeout(int timeout, TimeUnit unit) {
    checkNotConnected();
    return new RealInterceptorChain(call, interceptors, index, exchange, request,
        connectTimeoutMillis, TimeoutMillis.check("readTimeout", timeout, unit),
        writeTimeoutMillis);
  }

  @Override
  public Interceptor.Chain withWriteTimeout(int timeout, TimeUnit unit) {
    checkNotConnected();
    return new RealInterceptorChain(call, interceptors, index, exchange, request,
        connectTimeoutMillis, readTimeoutMillis,
        TimeoutMillis.check("writeTimeout", timeout, unit));
  }

  @Override
  public Interceptor.Chain withConnectTimeout(Duration timeout) {
    return withConnectTimeout(TimeoutMillis.check("connectTimeout", timeout), TimeUnit.MILLISECONDS);
  }

  @Override
  public Interceptor.Chain withReadTimeout(Duration timeout) {
    return withReadTimeout(TimeoutMillis.check("readTimeout", timeout), TimeUnit.MILLISECONDS);
  }

  @Override
  public Interceptor.Chain withWriteTimeout(Duration timeout) {
    return withWriteTimeout(TimeoutMillis.check("writeTimeout", timeout), TimeUnit.MILLISECONDS);
  }

  private void checkNotConnected() {
    if (exchange != null) {
      throw new IllegalStateException("Timeouts can't be adjusted in a network interceptor");
    }
  }

  @Override
  public Response proceed(Request request) throws IOException {
    if (index >= interceptors.size()) {
      throw new IllegalStateException("proceed() called past the end of the chain");
    }
    calls++;
    if (exchange != null) {
      Interceptor previous = interceptors.get(index - 1);
      if (!exchange.finder().routePlanner().sameHostAndPort(request.url())) {
        throw new IllegalStateException("network interceptor " + previous
            + " must retain the same host and port");
      }
      if (calls != 1) {
        throw new IllegalStateException("network interceptor " + previous
            + " must call proceed() exactly once");
      }
    }

    RealInterceptorChain next = new RealInterceptorChain(call, interceptors, index + 1, exchange,
        request, connectTimeoutMillis, readTimeoutMillis, writeTimeoutMillis);
    Interceptor interceptor = interceptors.get(index);
    Response response = interceptor.intercept(next);
    if (response == null) {
      throw new NullPointerException("interceptor " + interceptor + " returned null");
    }
    if (exchange != null && index + 1 < interceptors.size() && next.calls != 1) {
      throw new IllegalStateException("network interceptor " + interceptor
          + " must call proceed() exactly once");
    }
    if (response.body() == null) {
      throw new IllegalStateException("interceptor " + interceptor
          + " returned a response with no body");
    }
    return response;
  }
}
