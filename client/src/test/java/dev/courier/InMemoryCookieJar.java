package dev.courier;

import java.util.ArrayList;
import java.util.List;

/** A cookie jar for tests that keeps every cookie it is given and returns matching ones. */
final class InMemoryCookieJar implements CookieJar {
  private final List<Cookie> cookies = new ArrayList<>();

  @Override
  public synchronized void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
    this.cookies.addAll(cookies);
  }

  @Override
  public synchronized List<Cookie> loadForRequest(HttpUrl url) {
    List<Cookie> result = new ArrayList<>();
    for (Cookie cookie : cookies) {
      if (cookie.matches(url)) result.add(cookie);
    }
    return result;
  }
}
