package dev.courier.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;

import dev.courier.Request;

/**
 * What a Courier request made through Spring's {@code RestClient} (or an HTTP interface on it)
 * tells the observation. Such a request carries the Spring {@link ClientHttpRequest} as a tag
 * (see {@code CourierClientHttpRequestFactory}). Loaded only when spring-web is present.
 */
final class SpringClientRequests {
  /**
   * The attribute under which {@code RestClient} records the URI template of a request:
   * {@code RestClient.class.getName() + ".uriTemplate"} in Spring Framework 7. The constant is
   * private there; a test with a real {@code RestClient} keeps this one honest.
   */
  static final String URI_TEMPLATE_ATTRIBUTE = "org.springframework.web.client.RestClient.uriTemplate";

  private SpringClientRequests() {
  }

  /** Returns the URI template {@code RestClient} recorded for {@code request}, or null. */
  static @Nullable String uriTemplate(Request request) {
    ClientHttpRequest springRequest = request.tag(ClientHttpRequest.class);
    if (springRequest == null) return null;
    return springRequest.getAttributes().get(URI_TEMPLATE_ATTRIBUTE) instanceof String template
        ? template
        : null;
  }

  /**
   * Returns true if Spring is observing {@code request} already: it came through a
   * {@code RestClient} that has an observation registry, whose {@code http.client.requests}
   * observation is current on this thread while the exchange runs. Recording a second one would
   * count the call twice under the same name and tags.
   */
  static boolean observedBySpring(ObservationRegistry registry, Request request) {
    if (request.tag(ClientHttpRequest.class) == null) return false;
    Observation current = registry.getCurrentObservation();
    return current != null && current.getContext() instanceof ClientRequestObservationContext;
  }
}
