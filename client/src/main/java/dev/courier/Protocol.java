package dev.courier;

import java.io.IOException;

/**
 * The application protocols Courier speaks, identified by their ALPN names.
 *
 * <p>Over TLS the client offers {@link #HTTP_2} and {@link #HTTP_1_1} with ALPN and the server
 * chooses; in cleartext it speaks HTTP/1.1, or HTTP/2 when told the server speaks it
 * ({@link #H2_PRIOR_KNOWLEDGE}). See {@link CourierClient.Builder#protocols(java.util.List)}.
 */
public enum Protocol {
  /** HTTP/1.0: no persistent connections unless the server asks for them. */
  HTTP_1_0("http/1.0"),
  /** HTTP/1.1 (RFC 9112): persistent connections, chunked transfer coding. */
  HTTP_1_1("http/1.1"),
  /**
   * HTTP/2 (RFC 9113) over TLS, negotiated with ALPN: many concurrent exchanges multiplexed on one
   * connection.
   */
  HTTP_2("h2"),
  /**
   * HTTP/2 without TLS and without an HTTP/1.1 {@code Upgrade} first ("h2c" with prior knowledge,
   * RFC 9113 §3.3): for servers known to speak it, such as sidecars and gRPC servers. A client
   * configured with it speaks nothing else.
   */
  H2_PRIOR_KNOWLEDGE("h2_prior_knowledge");

  private final String id;

  Protocol(String id) {
    this.id = id;
  }

  /** Returns the protocol named by an ALPN identifier or status-line version, like "http/1.1". */
  public static Protocol get(String id) throws IOException {
    for (Protocol protocol : values()) {
      if (protocol.id.equalsIgnoreCase(id)) return protocol;
    }
    throw new IOException("Unexpected protocol: " + id);
  }

  /**
   * Returns the identifier: the ALPN protocol name, such as {@code http/1.1} or {@code h2}, and
   * {@code h2_prior_knowledge} for {@link #H2_PRIOR_KNOWLEDGE}, which has no ALPN name.
   */
  @Override
  public String toString() {
    return id;
  }
}
