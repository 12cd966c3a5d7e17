package dev.courier.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import dev.courier.Dns;

/**
 * Keeps tests on loopback: a {@link Dns} that answers 127.0.0.1 for every name, so tests can use
 * host names (which TLS, virtual hosts and redirects need) and never reach a real host, and the
 * other 127.0.0.0/8 addresses for tests that need several routes.
 */
public final class Loopback {
  /** Resolves every host name to 127.0.0.1. */
  public static final Dns DNS = hostname -> List.of(address(1));

  private Loopback() {
  }

  /** Returns 127.0.0.{@code last}, a loopback address; Linux answers on all of 127.0.0.0/8. */
  public static InetAddress address(int last) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
