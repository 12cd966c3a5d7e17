/**
 * Resilience4j per Courier service: the auto-configuration builds one
 * {@link dev.courier.resilience4j.ResilienceInterceptor} per
 * {@code courier.services.<name>.resilience} from the application's Resilience4j registries (or
 * registries of its own), and stops start-up naming the property when a setting cannot work. The
 * interceptor itself, its policy, its budget and its exceptions are in {@code courier-resilience4j},
 * which needs no Spring.
 */
@NullMarked
package dev.courier.autoconfigure.resilience;

import org.jspecify.annotations.NullMarked;
