/**
 * Spring's {@link org.springframework.http.client.ClientHttpRequestFactory} over Courier, and the
 * Spring Boot {@link org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder} that
 * makes it, so that {@code RestClient}, {@code RestTemplate} and HTTP service interfaces run on
 * a {@link dev.courier.CourierClient}.
 */
@NullMarked
package dev.courier.autoconfigure.http;

import org.jspecify.annotations.NullMarked;
