package dev.courier.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link dev.courier.Interceptor} bean as a network interceptor: it joins the chain after
 * the connection is chosen and sees every request put on the wire (redirects and retries
 * included), instead of once per call. Put it on the bean's class or on its {@code @Bean} method.
 *
 * <pre>{@code
 * @Bean
 * @NetworkInterceptor
 * @Order(1)
 * Interceptor wireLogger() { ... }
 * }</pre>
 *
 * <p>A network interceptor must call {@code proceed()} exactly once and keep the host and port.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NetworkInterceptor {
}
