package dev.courier.internal.cache;

/**
 * The tag that marks a request the engine sends again because it could not accept the response
 * to the first one: a retry after 408 or 503, or an authenticator's answer to 401 or 407. The
 * cache interceptor sends such a request to the network without looking in the cache, where the
 * response that prompted it may just have been stored; what the network answers is stored as
 * usual. A tag rather than a header, so nothing of it reaches the wire.
 */
public final class FollowUpAttempt {
  /** The tag instance; its presence is all that matters. */
  public static final FollowUpAttempt INSTANCE = new FollowUpAttempt();

  private FollowUpAttempt() {
  }
}
