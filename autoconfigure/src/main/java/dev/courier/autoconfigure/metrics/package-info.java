/**
 * Binds the meters of {@code courier-micrometer}
 * ({@link dev.courier.micrometer.CourierClientMetrics}) for every Courier client of the
 * application, tagged with the client's name.
 */
@NullMarked
package dev.courier.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
