package dev.courier.autoconfigure.http;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;

import dev.courier.CourierClient;

/**
 * Spring Boot's {@link ClientHttpRequestFactoryBuilder} for Courier: each {@link #build} returns a
 * {@link CourierClientHttpRequestFactory} over the base client, with the given
 * {@link HttpClientSettings} (timeouts, redirects, SSL bundle) applied on top. Registered as a bean,
 * it makes every {@code RestClient.Builder} and {@code RestTemplateBuilder} from Boot run on
 * Courier.
 *
 * <p>Built factories share the base client's connection pool, dispatcher and cache, so building
 * one per {@code RestClient} costs no threads or sockets. Immutable and thread-safe.
 */
public final class CourierClientHttpRequestFactoryBuilder
    implements ClientHttpRequestFactoryBuilder<CourierClientHttpRequestFactory> {
  private final CourierClient client;

  /** Creates a builder whose factories run on {@code client} (or clients derived from it). */
  public CourierClientHttpRequestFactoryBuilder(CourierClient client) {
    if (client == null) throw new IllegalArgumentException("client == null");
    this.client = client;
  }

  /** Returns the base client. */
  public CourierClient client() {
    return client;
  }

  /** Returns a builder like this one over another base client, such as a service's. */
  public CourierClientHttpRequestFactoryBuilder withClient(CourierClient client) {
    return new CourierClientHttpRequestFactoryBuilder(client);
  }

  /**
   * Returns a factory over the base client with {@code settings} applied.
   *
   * @throws IllegalStateException if {@code settings} asks for something Courier does not
   *     support: cookie handling {@code ENABLE} or an {@code InetAddressFilter}
   */
  @Override
  public CourierClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
    return new CourierClientHttpRequestFactory(HttpClientSettingsMapper.apply(client, settings));
  }
}
