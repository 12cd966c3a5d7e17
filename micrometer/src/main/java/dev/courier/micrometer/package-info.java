/**
 * Micrometer for Courier clients, with Spring or without.
 *
 * <p>The {@code http.client.requests} {@link io.micrometer.observation.Observation} of Courier
 * calls, split as Micrometer splits its own HTTP client instrumentation: the interceptor that
 * records it ({@link dev.courier.micrometer.CourierObservationInterceptor}), a context
 * ({@link dev.courier.micrometer.CourierObservationContext}), a pluggable convention
 * ({@link dev.courier.micrometer.CourierObservationConvention} and its
 * {@link dev.courier.micrometer.DefaultCourierObservationConvention default}) and the
 * documentation of its names and keys ({@link dev.courier.micrometer.CourierObservationDocumentation}).
 *
 * <p>Meters of Courier's shared resources: one
 * {@link io.micrometer.core.instrument.binder.MeterBinder} per concern (connection pool,
 * dispatcher, cache), each usable on its own, and one that binds them for a set of named clients
 * ({@link dev.courier.micrometer.CourierClientMetrics}).
 *
 * <p>Depends on the engine's public API and Micrometer only; the Spring Boot starter installs the
 * interceptor in every client and binds the meters.
 */
@NullMarked
package dev.courier.micrometer;

import org.jspecify.annotations.NullMarked;
