/**
 * Spring Boot Actuator support: the {@code courier} endpoint
 * ({@link dev.courier.autoconfigure.actuate.CourierEndpoint}), which shows and manages the live
 * state of the Courier clients, and the {@code courier} health contributor
 * ({@link dev.courier.autoconfigure.actuate.CourierHealthIndicator}). Neither ever shows a header
 * value, a credential or a query string.
 */
@NullMarked
package dev.courier.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
