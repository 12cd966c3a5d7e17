package dev.courier.demo;

import java.io.IOException;
import java.util.UUID;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.courier.Interceptor;
import dev.courier.Response;

/**
 * Gives every outgoing request an {@code X-Request-Id}, unless it has one. Being an
 * {@link Interceptor} bean is all it takes to join every Courier client's chain.
 */
@Component
@Order(0)
public class RequestIdInterceptor implements Interceptor {
  /** The header the upstream echoes back, so the front end can show it. */
  public static final String HEADER = "X-Request-Id";

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (chain.request().header(HEADER) != null) return chain.proceed(chain.request());
    return chain.proceed(chain.request().newBuilder()
        .header(HEADER, UUID.randomUUID().toString())
        .build());
  }
}
