package dev.courier.internal.cache;

/**
 * The tag that marks a request as the background revalidation of a stale response served under
 * {@code stale-while-revalidate}. The cache interceptor sends such a request to the network
 * (conditionally when it can) instead of answering it from the cache, and never starts another
 * revalidation from it. A tag rather than a header, so nothing of it reaches the wire.
 */
public final class BackgroundRevalidation {
  /** The tag instance; its presence is all that matters. */
  public static final BackgroundRevalidation INSTANCE = new BackgroundRevalidation();

  private BackgroundRevalidation() {
  }
}
