package dev.courier.internal.balance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.courier.HttpUrl;
import dev.courier.internal.text.Quoting;

/**
 * What a service and its instance URLs may look like, checked where they enter (the builder, an
 * update, a registry refresh), and how a request to a service is sent to one instance.
 *
 * <p>An instance is an origin: scheme, host and port. A URL with a path, a query, a fragment or
 * credentials is refused rather than stripped: a path would be silently ignored, and credentials
 * in a registry would be sent where nobody meant them to go, so the mistake is reported where it
 * was made. Duplicates (equal once canonical: {@code http://A:80} is {@code http://a/}) are
 * dropped, keeping the first. Instances of one service may mix http and https.
 */
public final class InstanceUrls {
  private static final int MAX_NAME_LENGTH = 253;

  private InstanceUrls() {
  }

  /**
   * Returns {@code name} if it can name a service: 1 to 253 letters, digits, dots, dashes and
   * underscores, starting with a letter or digit, so that it can stand as the host of the URLs
   * that call it ({@code http://catalog/items}).
   *
   * @throws IllegalArgumentException naming the problem otherwise
   */
  public static String checkName(String name) {
    if (name == null) throw new IllegalArgumentException("service name == null");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("service name must have 1 to " + MAX_NAME_LENGTH
          + " characters: " + Quoting.quote(name));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9');
      if (!alphanumeric && (i == 0 || (c != '.' && c != '-' && c != '_'))) {
        throw new IllegalArgumentException("service name must be letters, digits, '.', '-' and "
            + "'_', starting with a letter or digit: " + Quoting.quote(name));
      }
    }
    return name;
  }

  /**
   * Returns the distinct instances of {@code urls}, in order.
   *
   * @throws IllegalArgumentException naming the service and the instance if the list or an
   *     instance is null, or an instance is more than an origin; nothing is returned then, so a
   *     bad list changes nothing
   */
  public static List<HttpUrl> check(String serviceName, List<HttpUrl> urls) {
    if (urls == null) {
      throw new IllegalArgumentException("instances of service " + serviceName + " == null");
    }
    Set<HttpUrl> result = new LinkedHashSet<>();
    int index = 0;
    for (HttpUrl url : urls) {
      String problem = url == null ? "is null" : problem(url);
      if (problem != null) {
        throw new IllegalArgumentException("instance " + index + " of service " + serviceName
            + (url == null ? "" : ", " + url.redact() + ",") + " " + problem);
      }
      result.add(url);
      index++;
    }
    return List.copyOf(new ArrayList<>(result));
  }

  /** Returns what makes {@code url} more than an origin, or null if it is one. */
  private static String problem(HttpUrl url) {
    if (!url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty()) {
      return "has credentials: an instance is scheme, host and port only; send credentials "
          + "with an interceptor or an Authenticator";
    }
    if (!url.encodedPath().equals("/")) {
      return "has a path: an instance is scheme, host and port only; the path comes from the "
          + "request";
    }
    if (url.encodedQuery() != null) {
      return "has a query: an instance is scheme, host and port only";
    }
    if (url.encodedFragment() != null) {
      return "has a fragment: an instance is scheme, host and port only";
    }
    return null;
  }

  /**
   * Returns {@code request} sent to {@code instance}: the instance's scheme, host and port with
   * the request's credentials, path, query and fragment.
   */
  public static HttpUrl route(HttpUrl request, HttpUrl instance) {
    return request.newBuilder()
        .scheme(instance.scheme())
        .host(instance.host())
        .port(instance.port())
        .build();
  }

  /** Returns true if {@code url} calls the service named {@code serviceName}: by its host. */
  public static boolean callsService(HttpUrl url, String serviceName) {
    return url.host().equalsIgnoreCase(serviceName);
  }
}
