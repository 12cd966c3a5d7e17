package dev.courier;

import java.net.Socket;
import org.jspecify.annotations.Nullable;

/**
 * A connection carrying HTTP exchanges, as network interceptors and event listeners see it.
 * Connections are owned by the {@link ConnectionPool}; do not close the socket.
 */
public interface Connection {
  /** Returns the route this connection follows: address, proxy and IP address. */
  Route route();

  /** Returns the socket carrying HTTP bytes: the TLS socket for https, else the TCP socket. */
  Socket socket();

  /** Returns the TLS handshake, or null for a cleartext connection. */
  @Nullable Handshake handshake();

  /** Returns the application protocol negotiated on this connection. */
  Protocol protocol();
}
