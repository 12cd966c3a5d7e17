package dev.courier.autoconfigure.cloud;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.courier.HttpUrl;
import dev.courier.autoconfigure.CourierServices;

/**
 * Which Courier service a URL names, the one rule that Gateway Server MVC routes and Feign
 * clients share:
 *
 * <ol>
 *   <li>{@code http://<name>/path} or {@code lb://<name>/path}, without a port, where
 *       {@code <name>} is a service under {@code courier.services}: that service. The URL to
 *       call is the path (and query) under the service's base URL
 *       ({@code http://catalog/items/1} with base URL {@code https://catalog.internal/api/} is
 *       {@code https://catalog.internal/api/items/1}), or {@code http://<name>/path} itself when
 *       the service has no base URL, which the engine resolves once the service has instances.
 *   <li>A URL whose scheme, host and port are those of a service's base URL: that service, the
 *       URL unchanged. Where several services share the origin, the one whose base URL's path is
 *       the longest prefix of the URL's path, else the first configured.
 *   <li>Anything else: no service.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class ServiceTargets {
  private final CourierServices services;

  /** Creates the rule over the configured {@code services}. */
  public ServiceTargets(CourierServices services) {
    this.services = services;
  }

  /** Returns the services this rule resolves against. */
  public CourierServices services() {
    return services;
  }

  /** Returns the Courier service {@code uri} targets and the URL to call, or null if none. */
  public @Nullable ServiceTarget resolve(URI uri) {
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null) return null;
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    if ((lowerScheme.equals("http") || lowerScheme.equals("lb")) && uri.getPort() == -1) {
      String named = serviceNamed(host);
      if (named != null) return new ServiceTarget(named, underBaseUrl(named, uri));
    }
    HttpUrl url = HttpUrl.parse(uri);
    if (url == null) return null;
    String atOrigin = serviceAtOrigin(url);
    return atOrigin == null ? null : new ServiceTarget(atOrigin, uri);
  }

  /** Returns {@code http://<service>}, the URL that names {@code service} by rule 1. */
  public static URI serviceUrl(String service) {
    return URI.create("http://" + service);
  }

  private @Nullable String serviceNamed(String host) {
    if (services.contains(host)) return host;
    for (String name : services.names()) {
      if (name.equalsIgnoreCase(host)) return name;
    }
    return null;
  }

  private URI underBaseUrl(String service, URI uri) {
    HttpUrl base = services.baseUrl(service);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    if (base == null) return URI.create("http://" + uri.getRawAuthority() + path + query);
    StringBuilder result = new StringBuilder().append(base.scheme()).append("://");
    if (!base.encodedUsername().isEmpty()) {
      result.append(base.encodedUsername());
      if (!base.encodedPassword().isEmpty()) result.append(':').append(base.encodedPassword());
      result.append('@');
    }
    result.append(base.hostHeader());
    String basePath = base.encodedPath();
    if (path.isEmpty()) {
      result.append(basePath);
    } else {
      String prefix = basePath.endsWith("/")
          ? basePath.substring(0, basePath.length() - 1) : basePath;
      result.append(prefix).append(path.startsWith("/") ? path : "/" + path);
    }
    return URI.create(result.append(query).toString());
  }

  private @Nullable String serviceAtOrigin(HttpUrl url) {
    String first = null;
    String longest = null;
    int longestLength = -1;
    for (String name : services.names()) {
      HttpUrl base = services.baseUrl(name);
      if (base == null || !base.scheme().equals(url.scheme()) || !base.host().equals(url.host())
          || base.port() != url.port()) {
        continue;
      }
      if (first == null) first = name;
      String basePath = base.encodedPath();
      if (url.encodedPath().startsWith(basePath) && basePath.length() > longestLength) {
        longest = name;
        longestLength = basePath.length();
      }
    }
    return longest != null ? longest : first;
  }
}
