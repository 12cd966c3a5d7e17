package dev.courier.internal.tls;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.courier.Protocol;
import dev.courier.internal.text.Quoting;

/**
 * Application-Layer Protocol Negotiation (RFC 7301) in the TLS handshake: which protocols a client
 * offers, and which one the server chose. Uses the JDK's own ALPN (Java 9 and later).
 *
 * <p>The client offers {@code h2} and {@code http/1.1} in its configured order. A client
 * configured with {@link Protocol#H2_PRIOR_KNOWLEDGE} knows the server speaks HTTP/2 and offers
 * {@code h2} alone. A server that answers nothing gets HTTP/1.1, unless the client speaks nothing
 * else.
 */
public final class Alpn {
  private Alpn() {
  }

  /** Offers {@code protocols} to the server in the handshake {@code parameters} will configure. */
  public static void offer(SSLParameters parameters, List<Protocol> protocols) {
    parameters.setApplicationProtocols(names(protocols));
  }

  /** Returns the ALPN names of {@code protocols}, in order. */
  static String[] names(List<Protocol> protocols) {
    List<String> names = new ArrayList<>(2);
    for (Protocol protocol : protocols) {
      if (protocol == Protocol.HTTP_2 || protocol == Protocol.H2_PRIOR_KNOWLEDGE) {
        if (!names.contains(Protocol.HTTP_2.toString())) names.add(Protocol.HTTP_2.toString());
      } else if (protocol == Protocol.HTTP_1_1) {
        names.add(Protocol.HTTP_1_1.toString());
      }
    }
    return names.toArray(new String[0]);
  }

  /**
   * Returns the protocol the completed handshake of {@code socket} chose among {@code protocols}.
   *
   * @throws ProtocolException if the server chose a protocol the client did not offer
   */
  public static Protocol negotiated(SSLSocket socket, List<Protocol> protocols)
      throws IOException {
    String name = socket.getApplicationProtocol();
    boolean http2Only = protocols.equals(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    if (name == null || name.isEmpty()) return http2Only ? Protocol.HTTP_2 : Protocol.HTTP_1_1;
    for (String offered : names(protocols)) {
      if (offered.equals(name)) return Protocol.get(name);
    }
    throw new ProtocolException("The server chose application protocol " + Quoting.quote(name)
        + ", which the client did not offer: " + protocols);
  }
}
