package dev.courier.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Scopes an {@link dev.courier.Interceptor} bean to named services: it joins only the clients of
 * those services ({@code courier.services.<name>}), not the shared client. Put it on the bean's
 * class or on its {@code @Bean} method; it combines with {@link NetworkInterceptor} and
 * {@link org.springframework.core.annotation.Order @Order}.
 *
 * <pre>{@code
 * @Bean
 * @CourierService("catalog")
 * Interceptor catalogAuth(TokenSource tokens) {
 *   return chain -> chain.proceed(chain.request().newBuilder()
 *       .header("Authorization", "Bearer " + tokens.current()).build());
 * }
 * }</pre>
 *
 * <p>Naming a service that is not configured stops start-up with a message naming it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CourierService {

  /** The names of the services whose clients get this interceptor. */
  String[] value();
}
