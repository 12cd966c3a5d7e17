/**
 * Auto-configuration that registers Courier as Spring Boot's imperative HTTP client, so that
 * {@code RestClient.Builder} and {@code RestTemplateBuilder} beans run on Courier.
 */
@NullMarked
package dev.courier.autoconfigure.http.client;

import org.jspecify.annotations.NullMarked;
