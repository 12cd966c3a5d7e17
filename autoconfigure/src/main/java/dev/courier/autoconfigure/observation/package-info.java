/**
 * The {@code http.client.requests} Micrometer {@link io.micrometer.observation.Observation} of
 * Courier calls, split as Micrometer splits its own HTTP client instrumentation: a context
 * ({@link dev.courier.autoconfigure.observation.CourierObservationContext}), a pluggable
 * convention ({@link dev.courier.autoconfigure.observation.CourierObservationConvention} and its
 * {@link dev.courier.autoconfigure.observation.DefaultCourierObservationConvention default}), the
 * documentation of its names and keys
 * ({@link dev.courier.autoconfigure.observation.CourierObservationDocumentation}), the interceptor
 * that records it, and the auto-configuration that installs that interceptor.
 */
@NullMarked
package dev.courier.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
