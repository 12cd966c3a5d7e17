package dev.courier.internal.cache;

import dev.courier.Request;

/**
 * Sends a request in the background that refreshes a stored response, for
 * {@code stale-while-revalidate} (RFC 5861 §3). It exists so the cache interceptor can start a
 * call without knowing how the client runs calls: the client implements it with its dispatcher.
 */
@FunctionalInterface
public interface Revalidator {
  /**
   * Starts {@code request} asynchronously, reads its response to the end so the cache sees all
   * of it, and then runs {@code onFinished}, whether the call succeeded or failed.
   */
  void revalidate(Request request, Runnable onFinished);
}
