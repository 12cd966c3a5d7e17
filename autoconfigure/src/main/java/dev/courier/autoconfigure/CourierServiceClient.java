package dev.courier.autoconfigure;

import org.jspecify.annotations.Nullable;

import dev.courier.Call;
import dev.courier.CourierClient;
import dev.courier.HttpUrl;
import dev.courier.Request;

/**
 * A named service's client bound to its base URL, so code says what to call on the service, as
 * with Feign or Retrofit, and never where the service is:
 *
 * <pre>{@code
 * @Autowired @Qualifier("catalog") CourierServiceClient catalog;
 *
 * try (Response response = catalog.get("items/1").execute()) { ... }
 * Request post = catalog.request("items").post(body).build();
 * catalog.newCall(post).enqueue(callback);
 * }</pre>
 *
 * <p>Paths resolve against {@code courier.services.<name>.base-url} as a link in a page does:
 * {@code items/1} against {@code http://catalog/api/} is {@code http://catalog/api/items/1}, and
 * {@code /items} replaces the base URL's path. Calls run on the service's {@link CourierClient},
 * with its settings and interceptors. The resolution happens here, in the starter, not in the
 * engine, whose requests always hold absolute URLs, so interceptors, the cache and events never
 * see a relative one. Immutable and thread-safe.
 */
public final class CourierServiceClient implements Call.Factory {
  private final String name;
  private final CourierClient client;
  private final @Nullable HttpUrl baseUrl;

  /**
   * Creates a client of the service {@code name}.
   *
   * @param baseUrl the service's base URL, or null if it has none (then only absolute URLs work)
   */
  public CourierServiceClient(String name, CourierClient client, @Nullable HttpUrl baseUrl) {
    if (name == null) throw new IllegalArgumentException("name == null");
    if (client == null) throw new IllegalArgumentException("client == null");
    this.name = name;
    this.client = client;
    this.baseUrl = baseUrl;
  }

  /** Returns the service's name. */
  public String name() {
    return name;
  }

  /** Returns the service's client, whose settings and interceptors the calls run with. */
  public CourierClient client() {
    return client;
  }

  /** Returns the service's base URL, or null if it has none. */
  public @Nullable HttpUrl baseUrl() {
    return baseUrl;
  }

  /**
   * Returns {@code path} resolved against the base URL; an absolute http(s) URL is returned as
   * it is.
   *
   * @throws IllegalArgumentException if the service has no base URL and {@code path} is not
   *     absolute, or if it cannot be resolved to an http(s) URL
   */
  public HttpUrl url(String path) {
    if (path == null) throw new IllegalArgumentException("path == null");
    HttpUrl absolute = HttpUrl.parse(path);
    if (absolute != null) return absolute;
    if (baseUrl == null) {
      throw new IllegalArgumentException("service '" + name + "' has no base URL to resolve '"
          + path + "' against; set courier.services." + name + ".base-url");
    }
    HttpUrl resolved = baseUrl.resolve(path);
    if (resolved == null) {
      throw new IllegalArgumentException("cannot resolve '" + path + "' against "
          + baseUrl.redact());
    }
    return resolved;
  }

  /** Returns a request builder for {@code path} on the service, a GET until told otherwise. */
  public Request.Builder request(String path) {
    return new Request.Builder().url(url(path));
  }

  /** Returns a GET of {@code path} on the service, ready to execute or enqueue. */
  public Call get(String path) {
    return client.newCall(request(path).build());
  }

  /** Prepares {@code request} on the service's client. */
  @Override
  public Call newCall(Request request) {
    return client.newCall(request);
  }

  @Override
  public String toString() {
    return "CourierServiceClient{" + name + (baseUrl == null ? "" : ", " + baseUrl.redact()) + "}";
  }
}
