package dev.courier.internal.http;

import dev.courier.Response;

/** Rules about message framing that depend only on a response's status and request method. */
public final class HttpHeaders {
  private HttpHeaders() {
  }

  /**
   * Returns true if {@code response} has a body on the wire. Per RFC 9112 §6.3 a response to HEAD
   * and every 1xx, 204 and 304 response ends with its header block, whatever its headers say.
   */
  public static boolean promisesBody(Response response) {
    if (response.request().method().equals("HEAD")) return false;
    int code = response.code();
    return code >= 200 && code != 204 && code != 304;
  }
}
