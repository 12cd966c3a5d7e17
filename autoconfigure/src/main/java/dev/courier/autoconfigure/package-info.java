/**
 * Spring Boot auto-configuration for Courier: the {@code courier.*} properties, the
 * {@link dev.courier.CourierClient} bean, interceptor beans, customizers and named service clients.
 */
@NullMarked
package dev.courier.autoconfigure;

import org.jspecify.annotations.NullMarked;
