package dev.courier.autoconfigure;

import java.io.IOException;

import dev.courier.Headers;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;

/**
 * Adds a service's {@code default-headers} to each request that does not set them, first in the
 * service client's chain so that every other interceptor sees them.
 */
final class DefaultHeadersInterceptor implements Interceptor {
  private final Headers defaults;

  DefaultHeadersInterceptor(Headers defaults) {
    this.defaults = defaults;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Request.Builder builder = null;
    for (String name : defaults.names()) {
      if (request.header(name) != null) continue;
      if (builder == null) builder = request.newBuilder();
      for (String value : defaults.values(name)) builder.addHeader(name, value);
    }
    return chain.proceed(builder == null ? request : builder.build());
  }

  @Override
  public String toString() {
    return "DefaultHeadersInterceptor" + defaults.names();
  }
}
