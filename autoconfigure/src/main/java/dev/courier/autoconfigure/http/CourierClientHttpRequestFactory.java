package dev.courier.autoconfigure.http;

import java.net.URI;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

import dev.courier.CourierClient;

/**
 * A {@link ClientHttpRequestFactory} whose requests are Courier calls: they go through the
 * client's interceptors, connection pool, cache and timeouts.
 *
 * <pre>{@code
 * RestClient restClient = RestClient.builder()
 *     .requestFactory(new CourierClientHttpRequestFactory(courierClient))
 *     .build();
 * }</pre>
 *
 * <p>Each Courier request carries the Spring request as a tag,
 * {@code request.tag(ClientHttpRequest.class)}, so interceptors can read its attributes (such as
 * the URI template {@code RestClient} records). The factory does not own the client: closing the
 * client is its creator's job. Thread-safe.
 */
public final class CourierClientHttpRequestFactory implements ClientHttpRequestFactory {
  private final CourierClient client;

  /** Creates a factory whose requests run on {@code client}. */
  public CourierClientHttpRequestFactory(CourierClient client) {
    if (client == null) throw new IllegalArgumentException("client == null");
    this.client = client;
  }

  /** Returns the client that runs the requests. */
  public CourierClient client() {
    return client;
  }

  /** Returns a request to {@code uri}; nothing is sent until it is executed. */
  @Override
  public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
    return new CourierClientHttpRequest(client, uri, httpMethod);
  }
}
