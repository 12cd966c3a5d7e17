package dev.courier.internal.http;

/** What each HTTP method allows: whether it has a body, is idempotent, or invalidates a cache. */
public final class HttpMethod {
  private HttpMethod() {
  }

  /** Returns true unless {@code method} is GET or HEAD, which never carry a body. */
  public static boolean permitsRequestBody(String method) {
    return !(method.equals("GET") || method.equals("HEAD"));
  }

  /** Returns true for methods whose semantics need a body. */
  public static boolean requiresRequestBody(String method) {
    switch (method) {
      case "POST": case "PUT": case "PATCH": case "PROPPATCH": case "REPORT":
        return true;
      default:
        return false;
    }
  }

  /** Returns true for methods RFC 9110 §9.2.2 defines as idempotent, which are safe to repeat. */
  public static boolean isIdempotent(String method) {
    switch (method) {
      case "GET": case "HEAD": case "OPTIONS": case "PUT": case "DELETE": case "TRACE":
        return true;
      default:
        return false;
    }
  }

  /** Returns true if RFC 9110 defines {@code method} as safe: it never changes server state. */
  public static boolean isSafe(String method) {
    switch (method) {
      case "GET": case "HEAD": case "OPTIONS": case "TRACE":
        return true;
      default:
        return false;
    }
  }

  /** Returns true if a 303 redirect of {@code method} becomes a GET (all but WebDAV PROPFIND). */
  public static boolean redirectsToGet(String method) {
    return !method.equals("PROPFIND");
  }

  /**
   * Rejects a method that is not an RFC 9110 token.
   *
   * @throws IllegalArgumentException naming the method
   */
  public static void checkToken(String method) {
    for (int i = 0, length = method.length(); i < length; i++) {
      char c = method.charAt(i);
      if (!Tokens.isTokenChar(c)) {
        throw new IllegalArgumentException("method is not a valid token: \""
            + method.replace("\r", "\\r").replace("\n", "\\n") + "\"");
      }
    }
  }
}
