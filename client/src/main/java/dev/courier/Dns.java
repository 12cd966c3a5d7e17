package dev.courier;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves host names to IP addresses. Courier connects to each returned address in turn (or,
 * with fast fallback, races them) until one accepts the connection.
 */
@FunctionalInterface
public interface Dns {
  /** The operating system's resolver, through {@link InetAddress#getAllByName}. */
  Dns SYSTEM = hostname -> {
    if (hostname == null) throw new UnknownHostException("hostname == null");
    try {
      return Arrays.asList(InetAddress.getAllByName(hostname));
    } catch (NullPointerException e) {
      UnknownHostException unknown =
          new UnknownHostException("Broken system behaviour for dns lookup of " + hostname);
      unknown.initCause(e);
      throw unknown;
    }
  };

  /**
   * Returns the addresses of {@code hostname}, most preferred first.
   *
   * @throws UnknownHostException if the name cannot be resolved; an empty list is treated the same
   */
  List<InetAddress> lookup(String hostname) throws UnknownHostException;
}
