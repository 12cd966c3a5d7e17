package dev.courier;

import java.io.IOException;

/**
 * The application protocols Courier speaks, identified by their ALPN names.
 *
 * <p>HTTP/1.1 is what Courier negotiates today; {@link #HTTP_2} is listed so ALPN results and
 * configuration can name it, and is reserved for the HTTP/2 codec.
 */
public enum Protocol {
  /** HTTP/1.0: no persistent connections unless the server asks for them. */
  HTTP_1_0("http/1.0"),
  /** HTTP/1.1 (RFC 9112): persistent connections, chunked transfer coding. */
  HTTP_1_1("http/1.1"),
  /** HTTP/2 (RFC 9113), negotiated with ALPN. */
  HTTP_2("h2");

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

  /** Returns the ALPN identifier, such as {@code http/1.1}. */
  @Override
  public String toString() {
    return id;
  }
}
