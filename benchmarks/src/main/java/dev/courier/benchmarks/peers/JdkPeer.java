package dev.courier.benchmarks.peers;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

import dev.courier.benchmarks.BenchTls;

/**
 * The JDK's HTTP client, on HTTP/1.1, or on HTTP/2 over TLS (it speaks cleartext HTTP/2 only
 * after an HTTP/1.1 upgrade, which nginx does not offer). It neither asks for nor decodes gzip by
 * itself, so this adapter does both, as its users must.
 */
final class JdkPeer implements Peer {
  private final HttpClient client;

  JdkPeer(int maxConnections) {
    // The JDK pool has no size limit to configure; it keeps what concurrency needs.
    this(HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build());
  }

  private JdkPeer(HttpClient client) {
    this.client = client;
  }

  /**
   * Returns the JDK client on HTTP/2 over TLS.
   *
   * @throws UnsupportedOperationException for cleartext, which it speaks only after an upgrade
   */
  static Peer http2(Http2Transport transport) {
    if (transport != Http2Transport.TLS) {
      throw new UnsupportedOperationException("the JDK client has no HTTP/2 prior knowledge");
    }
    return new JdkPeer(HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .sslContext(BenchTls.context())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build());
  }

  @Override
  public long get(String url) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Accept-Encoding", "gzip")
        .build();
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    boolean gzip = response.headers().firstValue("Content-Encoding")
        .filter("gzip"::equalsIgnoreCase).isPresent();
    try (InputStream body = gzip ? new GZIPInputStream(response.body()) : response.body()) {
      return readAll(body);
    }
  }

  private static long readAll(InputStream in) throws IOException {
    return in.readAllBytes().length;
  }

  @Override
  public int post(String url, byte[] body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }

  @Override
  public void close() {
    // Java 17's HttpClient has no close(); its selector thread stops once it is unreachable.
  }
}
