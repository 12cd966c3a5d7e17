/**
 * Installs the {@code http.client.requests} observation of {@code courier-micrometer}
 * ({@link dev.courier.micrometer.CourierObservationInterceptor}) first in the shared client and in
 * every service client, with the application's convention bean if it has one, and teaches it
 * what a {@code RestClient} request knows: its URI template, and whether Spring observes it
 * already.
 */
@NullMarked
package dev.courier.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
