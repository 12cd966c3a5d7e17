package dev.courier;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Observes, rewrites or answers requests as they pass down the chain, and responses as they come
 * back up.
 *
 * <p>Application interceptors ({@link CourierClient.Builder#addInterceptor}) run once per call,
 * before redirects, retries and the cache; they may call {@link Chain#proceed} zero or more times.
 * Network interceptors ({@link CourierClient.Builder#addNetworkInterceptor}) run for each request
 * put on the wire, once a connection is chosen; they must call {@code proceed()} exactly once and
 * keep the request's host and port.
 *
 * <pre>{@code
 * Interceptor requestId = chain -> chain.proceed(chain.request().newBuilder()
 *     .header("X-Request-Id", UUID.randomUUID().toString())
 *     .build());
 * }</pre>
 *
 * <p>An interceptor must return a non-null response with a body, or throw an {@link IOException}.
 */
@FunctionalInterface
public interface Interceptor {
  /** Handles the request in {@code chain}, typically by calling {@link Chain#proceed}. */
  Response intercept(Chain chain) throws IOException;

  /** The rest of the chain, as seen by one interceptor. */
  interface Chain {
    /** Returns the request as it reached this interceptor. */
    Request request();

    /** Passes {@code request} to the next interceptor and returns its response. */
    Response proceed(Request request) throws IOException;

    /**
     * Returns the connection the request will be sent on, or null in application interceptors,
     * which run before a connection is chosen.
     */
    @Nullable Connection connection();

    /** Returns the call this chain belongs to. */
    Call call();

    /** Returns the connect timeout in milliseconds; 0 means none. */
    int connectTimeoutMillis();

    /**
     * Returns a chain with a different connect timeout for the rest of this call.
     *
     * @throws IllegalStateException in a network interceptor, where the connection exists already
     */
    Chain withConnectTimeout(int timeout, TimeUnit unit);

    /** Returns the read timeout in milliseconds; 0 means none. */
    int readTimeoutMillis();

    /** Returns a chain with a different read timeout for the rest of this call. */
    Chain withReadTimeout(int timeout, TimeUnit unit);

    /** Returns the write timeout in milliseconds; 0 means none. */
    int writeTimeoutMillis();

    /** Returns a chain with a different write timeout for the rest of this call. */
    Chain withWriteTimeout(int timeout, TimeUnit unit);

    /** Returns a chain with a different connect timeout; see {@link #withConnectTimeout(int, TimeUnit)}. */
    default Chain withConnectTimeout(Duration timeout) {
      return withConnectTimeout((int) timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns a chain with a different read timeout; see {@link #withReadTimeout(int, TimeUnit)}. */
    default Chain withReadTimeout(Duration timeout) {
      return withReadTimeout((int) timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns a chain with a different write timeout; see {@link #withWriteTimeout(int, TimeUnit)}. */
    default Chain withWriteTimeout(Duration timeout) {
      return withWriteTimeout((int) timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
