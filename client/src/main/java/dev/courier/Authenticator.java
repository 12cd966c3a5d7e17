package dev.courier;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Answers an authentication challenge: a 401 from the origin server, or a 407 from a proxy.
 *
 * <p>Return a request that carries credentials ({@code Authorization} for 401,
 * {@code Proxy-Authorization} for 407), or null to give up and let the caller see the challenge.
 * Check {@link Response#priorResponse()} to avoid retrying credentials that already failed.
 */
@FunctionalInterface
public interface Authenticator {
  /** Gives up on every challenge: the 401 or 407 response is returned to the caller. */
  Authenticator NONE = (route, response) -> null;

  /**
   * Returns a request that answers the challenge in {@code response}, or null to give up.
   *
   * @param route the route the challenge came over, or null if unknown (as for a cached response)
   */
  @Nullable Request authenticate(@Nullable Route route, Response response) throws IOException;
}
