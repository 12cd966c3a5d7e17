/**
 * Instances of Courier services found through Spring Cloud ({@code base-url: lb://<service-id>}):
 * LoadBalancer's {@code ServiceInstanceListSupplier} per service id when Spring Cloud LoadBalancer
 * is present, else the {@code DiscoveryClient} or {@code ReactiveDiscoveryClient}, kept up to date
 * while the application runs.
 */
@NullMarked
package dev.courier.autoconfigure.cloud.discovery;

import org.jspecify.annotations.NullMarked;
