package dev.courier.autoconfigure;

import dev.courier.CourierClient;

/**
 * Changes the builder of the auto-configured {@link CourierClient} after the {@code courier.*}
 * properties and the {@link dev.courier.Interceptor} beans were applied. Beans of this type run in
 * {@link org.springframework.core.annotation.Order @Order}, last of all, so they can override
 * anything, add interceptors or reorder {@link CourierClient.Builder#interceptors()}.
 *
 * <pre>{@code
 * @Bean
 * CourierClientCustomizer cookies(CookieJar jar) {
 *   return builder -> builder.cookieJar(jar);
 * }
 * }</pre>
 *
 * <p>Service clients are derived from the customized client, so they inherit every change; use
 * {@link CourierServiceClientCustomizer} to change one service only. A customizer runs once, on
 * the thread creating the application context.
 */
@FunctionalInterface
public interface CourierClientCustomizer {

  /** Customizes {@code builder}; called once before the client bean is built. */
  void customize(CourierClient.Builder builder);
}
