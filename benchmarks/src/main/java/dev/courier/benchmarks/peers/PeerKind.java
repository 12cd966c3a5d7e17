package dev.courier.benchmarks.peers;

import java.util.function.IntFunction;

/**
 * The clients compared, each configured fairly: the same connection limit, redirects and caches
 * off, gzip decoded by the client itself.
 */
public enum PeerKind {
  /** Courier, this project. */
  COURIER(CourierPeer::new),
  /** OkHttp 5. */
  OKHTTP(OkHttpPeer::new),
  /** The JDK's {@code java.net.http.HttpClient}. */
  JDK(JdkPeer::new),
  /** Apache HttpClient 5, classic (blocking) API. */
  APACHE(ApachePeer::new),
  /** Jetty 12's {@code HttpClient}. */
  JETTY(JettyPeer::new),
  /** A pre-encoded request on a plain socket: the ceiling no client can pass. */
  RAW(RawSocketPeer::new);

  private final IntFunction<Peer> factory;

  PeerKind(IntFunction<Peer> factory) {
    this.factory = factory;
  }

  /** Creates the client, allowing up to {@code maxConnections} connections to one host. */
  public Peer create(int maxConnections) {
    return factory.apply(maxConnections);
  }

  /** Returns the name used in tables and JMH parameters, such as {@code courier}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
