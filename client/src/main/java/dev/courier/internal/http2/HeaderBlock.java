package dev.courier.internal.http2;

import dev.courier.Headers;

/**
 * One validated header block of a response stream: an interim (1xx) or final response head, or
 * the trailers.
 *
 * @param status the {@code :status} code, or -1 for trailers
 * @param headers the regular fields, names in lowercase
 * @param contentLength the {@code content-length} value, or -1 if there is none
 */
public record HeaderBlock(int status, Headers headers, long contentLength) {
  /** Returns true for a 1xx response, which a final response follows. */
  public boolean isInterim() {
    return status >= 100 && status < 200;
  }
}
