/**
 * Micrometer meters for Courier's shared resources: one
 * {@link io.micrometer.core.instrument.binder.MeterBinder} per concern (connection pool,
 * dispatcher, cache), each usable on its own, and the auto-configuration binding them for every
 * client of the application.
 */
@NullMarked
package dev.courier.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
