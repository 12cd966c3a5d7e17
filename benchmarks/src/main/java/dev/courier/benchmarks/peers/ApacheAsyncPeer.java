package dev.courier.benchmarks.peers;

import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.H2AsyncClientBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;

import dev.courier.benchmarks.BenchTls;

/**
 * Apache HttpClient 5's asynchronous HTTP/2 client (its classic API has no HTTP/2): one
 * multiplexed connection per route, ALPN over TLS, prior knowledge in cleartext. Callers block on
 * each response, as the other peers' callers do.
 */
final class ApacheAsyncPeer implements Peer {
  private final CloseableHttpAsyncClient client;

  private ApacheAsyncPeer(CloseableHttpAsyncClient client) {
    this.client = client;
    client.start();
  }

  /** Returns the HTTP/2 client for {@code transport}. */
  static Peer http2(Http2Transport transport) {
    H2AsyncClientBuilder builder = H2AsyncClientBuilder.create()
        .setH2Config(H2Config.custom().setPushEnabled(false).build())
        .disableRedirectHandling()
        .disableCookieManagement();
    if (transport == Http2Transport.TLS) {
      builder.setTlsStrategy(ClientTlsStrategyBuilder.create()
          .setSslContext(BenchTls.context())
          .buildAsync());
    }
    return new ApacheAsyncPeer(builder.build());
  }

  @Override
  public long get(String url) throws Exception {
    SimpleHttpResponse response = client.execute(SimpleRequestBuilder.get(url).build(), null)
        .get();
    return response.getBodyBytes().length;
  }

  @Override
  public int post(String url, byte[] body) throws Exception {
    return client.execute(SimpleRequestBuilder.post(url)
        .setBody(body, ContentType.APPLICATION_OCTET_STREAM).build(), null).get().getCode();
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
  }
}
