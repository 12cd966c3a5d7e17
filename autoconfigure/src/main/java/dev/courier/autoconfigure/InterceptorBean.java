package dev.courier.autoconfigure;

import java.util.Set;

import dev.courier.Interceptor;

/**
 * One {@link Interceptor} bean and where it goes: its bean name (for messages), whether it is a
 * {@link NetworkInterceptor}, and the services it is scoped to with {@link CourierService} (none:
 * the shared client, and so every service client).
 */
record InterceptorBean(String name, Interceptor interceptor, boolean network,
    Set<String> services) {

  /** Returns true if the interceptor joins the shared client. */
  boolean shared() {
    return services.isEmpty();
  }

  /** Returns true if the interceptor joins the client of {@code service}. */
  boolean appliesTo(String service) {
    return services.isEmpty() || services.contains(service);
  }
}
