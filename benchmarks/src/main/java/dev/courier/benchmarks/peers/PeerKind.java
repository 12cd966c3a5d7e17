package dev.courier.benchmarks.peers;

import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The clients compared, each configured fairly: the same connection limit, redirects and caches
 * off, gzip decoded by the client itself. On HTTP/2 each multiplexes its callers on one connection
 * (nginx allows far more streams than callers).
 */
public enum PeerKind {
  /** Courier, this project. */
  COURIER(CourierPeer::new, CourierPeer::http2),
  /** OkHttp 5. */
  OKHTTP(OkHttpPeer::new, OkHttpPeer::http2),
  /** The JDK's {@code java.net.http.HttpClient}. */
  JDK(JdkPeer::new, JdkPeer::http2),
  /** Apache HttpClient 5: the classic (blocking) API; on HTTP/2, its asynchronous client. */
  APACHE(ApachePeer::new, ApacheAsyncPeer::http2),
  /** Jetty 12's {@code HttpClient}; on HTTP/2, over its HTTP/2 transport. */
  JETTY(JettyPeer::new, JettyPeer::http2),
  /** A pre-encoded request on a plain socket: the ceiling no client can pass (HTTP/1.1 only). */
  RAW(RawSocketPeer::new, null);

  private final IntFunction<Peer> factory;
  private final Function<Http2Transport, Peer> http2Factory;

  PeerKind(IntFunction<Peer> factory, Function<Http2Transport, Peer> http2Factory) {
    this.factory = factory;
    this.http2Factory = http2Factory;
  }

  /** Creates the client, allowing up to {@code maxConnections} connections to one host. */
  public Peer create(int maxConnections) {
    return factory.apply(maxConnections);
  }

  /**
   * Creates the client on HTTP/2 over {@code transport}.
   *
   * @throws UnsupportedOperationException if it cannot speak HTTP/2 that way
   */
  public Peer createHttp2(Http2Transport transport) {
    if (http2Factory == null) throw new UnsupportedOperationException(label() + " has no HTTP/2");
    return http2Factory.apply(transport);
  }

  /** Returns the name used in tables and JMH parameters, such as {@code courier}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
