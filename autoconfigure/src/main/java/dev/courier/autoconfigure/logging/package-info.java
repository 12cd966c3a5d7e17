/**
 * Routes Courier's {@link dev.courier.logging.LoggingInterceptor} to the application's logging and
 * configures it from {@code courier.logging.*}.
 */
@NullMarked
package dev.courier.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
