package dev.courier.benchmarks.peers;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import dev.courier.benchmarks.BenchTls;

/** Jetty 12's client, which decodes gzip by default; on HTTP/1.1, or on HTTP/2. */
final class JettyPeer implements Peer {
  private final HttpClient client;

  JettyPeer(int maxConnections) {
    this(new HttpClient(), maxConnections);
  }

  private JettyPeer(HttpClient client, int maxConnections) {
    this.client = client;
    client.setMaxConnectionsPerDestination(maxConnections);
    client.setFollowRedirects(false);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty client did not start", e);
    }
  }

  /**
   * Returns Jetty's client on its HTTP/2 transport (ALPN over TLS, prior knowledge in cleartext),
   * multiplexing on one connection like the other clients.
   */
  static Peer http2(Http2Transport transport) {
    ClientConnector connector = new ClientConnector();
    if (transport == Http2Transport.TLS) {
      SslContextFactory.Client tls = new SslContextFactory.Client();
      tls.setSslContext(BenchTls.context());
      connector.setSslContextFactory(tls);
    }
    HTTP2Client http2 = new HTTP2Client(connector);
    return new JettyPeer(new HttpClient(new HttpClientTransportOverHTTP2(http2)), 1);
  }

  @Override
  public long get(String url) throws Exception {
    ContentResponse response = client.newRequest(url).send();
    return response.getContent().length;
  }

  @Override
  public int post(String url, byte[] body) throws Exception {
    return client.POST(url)
        .body(new BytesRequestContent("application/octet-stream", body))
        .send()
        .getStatus();
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
