package dev.courier.testing;

import java.io.Closeable;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12's HTTP/2 server on 127.0.0.1: an implementation independent of OkHttp's MockWebServer,
 * and a strict one (it refuses connection-specific fields, enforces its stream limit and flow
 * control). Cleartext with prior knowledge ({@link #cleartext}), or TLS where ALPN offers h2 and
 * HTTP/1.1 ({@link #tls}), with the {@code localhost} certificate of {@link TlsFixtures}.
 */
public final class JettyHttp2Server implements Closeable {
  private final Server server;
  private final ServerConnector connector;
  private final String scheme;

  private JettyHttp2Server(Server server, ServerConnector connector, String scheme) {
    this.server = server;
    this.connector = connector;
    this.scheme = scheme;
  }

  /**
   * Starts a cleartext HTTP/2 server (h2c, prior knowledge) that allows each connection
   * {@code maxConcurrentStreams} streams at once and answers with {@code handler}.
   */
  public static JettyHttp2Server cleartext(Handler handler, int maxConcurrentStreams)
      throws Exception {
    Server server = newServer();
    HTTP2CServerConnectionFactory h2c =
        new HTTP2CServerConnectionFactory(new HttpConfiguration());
    h2c.setMaxConcurrentStreams(maxConcurrentStreams);
    ServerConnector connector = new ServerConnector(server, h2c);
    return start(server, connector, handler, "http");
  }

  /**
   * Starts an https server whose ALPN prefers h2 over HTTP/1.1, allowing each HTTP/2 connection
   * {@code maxConcurrentStreams} streams at once, answering with {@code handler}.
   */
  public static JettyHttp2Server tls(Handler handler, int maxConcurrentStreams) throws Exception {
    Server server = newServer();
    HttpConfiguration https = new HttpConfiguration();
    https.addCustomizer(new SecureRequestCustomizer());
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
    h2.setMaxConcurrentStreams(maxConcurrentStreams);
    HttpConnectionFactory http11 = new HttpConnectionFactory(https);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol(http11.getProtocol());
    SslContextFactory.Server sslContextFactory = new SslContextFactory.Server();
    sslContextFactory.setSslContext(TlsFixtures.SERVER.sslContext());
    SslConnectionFactory tls = new SslConnectionFactory(sslContextFactory, alpn.getProtocol());
    ServerConnector connector = new ServerConnector(server, tls, alpn, h2, http11);
    return start(server, connector, handler, "https");
  }

  private static Server newServer() {
    // Enough threads for tests that hold hundreds of requests at once.
    QueuedThreadPool threads = new QueuedThreadPool(400);
    threads.setName("jetty-test");
    return new Server(threads);
  }

  private static JettyHttp2Server start(Server server, ServerConnector connector, Handler handler,
      String scheme) throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    return new JettyHttp2Server(server, connector, scheme);
  }

  /** Returns the port the server listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Returns the URL of {@code path} on this server, naming {@code localhost}. */
  public String url(String path) {
    return scheme + "://localhost:" + port() + path;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
