package dev.courier.benchmarks.peers;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.courier.benchmarks.BenchTls;

import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** OkHttp 5, with a pool as large as the benchmark's concurrency, or on HTTP/2. */
final class OkHttpPeer implements Peer {
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");
  private final OkHttpClient client;

  OkHttpPeer(int maxConnections) {
    this(new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(maxConnections, 5, TimeUnit.MINUTES))
        .followRedirects(false)
        .build());
  }

  private OkHttpPeer(OkHttpClient client) {
    this.client = client;
  }

  /** Returns OkHttp on HTTP/2: ALPN over TLS, or prior knowledge in cleartext. */
  static Peer http2(Http2Transport transport) {
    OkHttpClient.Builder builder = new OkHttpClient.Builder().followRedirects(false);
    if (transport == Http2Transport.TLS) {
      builder.sslSocketFactory(BenchTls.context().getSocketFactory(), BenchTls.trustManager())
          .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    } else {
      builder.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    }
    return new OkHttpPeer(builder.build());
  }

  @Override
  public long get(String url) throws Exception {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.body().bytes().length;
    }
  }

  @Override
  public int post(String url, byte[] body) throws Exception {
    Request request = new Request.Builder().url(url).post(RequestBody.create(body, OCTETS)).build();
    try (Response response = client.newCall(request).execute()) {
      response.body().bytes();
      return response.code();
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
