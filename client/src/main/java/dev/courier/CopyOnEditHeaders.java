package dev.courier;

import org.jspecify.annotations.Nullable;

/**
 * The headers of a request or response builder, copied into an editable builder only when first
 * changed: most builders (a response rebuilt to attach a body, a request given a tag) never touch
 * them, and then never pay for a copy.
 */
final class CopyOnEditHeaders {
  private Headers headers;
  private Headers.@Nullable Builder edited; // Non-null once the headers are changed.

  CopyOnEditHeaders(Headers headers) {
    this.headers = headers;
  }

  /** Returns a builder of the headers to change them. */
  Headers.Builder edit() {
    if (edited == null) edited = headers.newBuilder();
    return edited;
  }

  /** Replaces every header with {@code headers}. */
  void replace(Headers headers) {
    this.headers = headers;
    this.edited = null;
  }

  /** Returns the headers as they are now. */
  Headers build() {
    if (edited != null) {
      headers = edited.build();
      edited = null;
    }
    return headers;
  }
}
