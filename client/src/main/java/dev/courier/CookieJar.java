package dev.courier;

import java.util.List;

/**
 * Stores cookies from responses and supplies them to requests: the cookie policy and storage of
 * a {@code CourierClient}.
 *
 * <p>The client calls {@link #saveFromResponse} with the cookies of each response it receives,
 * including redirects, and {@link #loadForRequest} before sending each request; it writes the
 * loaded cookies in a {@code Cookie} header. A jar may reject any cookie it is given, and it is
 * responsible for expiry: loading should skip cookies whose {@link Cookie#expiresAt()} has
 * passed and those that do not {@link Cookie#matches(HttpUrl)} the URL.
 *
 * <p>Implementations must be thread-safe: calls run concurrently.
 */
public interface CookieJar {
  /** A jar that accepts no cookies and supplies none. The default. */
  CookieJar NO_COOKIES = new CookieJar() {
    @Override
    public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
    }

    @Override
    public List<Cookie> loadForRequest(HttpUrl url) {
      return List.of();
    }

    @Override
    public String toString() {
      return "CookieJar.NO_COOKIES";
    }
  };

  /**
   * Saves {@code cookies} from a response to {@code url}, as the jar's policy allows. The list
   * may be empty and is not to be modified.
   */
  void saveFromResponse(HttpUrl url, List<Cookie> cookies);

  /**
   * Returns the cookies to send with a request to {@code url}; an empty list, never null, if
   * there are none.
   */
  List<Cookie> loadForRequest(HttpUrl url);
}
