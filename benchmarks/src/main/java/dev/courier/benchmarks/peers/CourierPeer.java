package dev.courier.benchmarks.peers;

import java.time.Duration;
import java.util.List;

import dev.courier.ConnectionPool;
import dev.courier.CourierClient;
import dev.courier.MediaType;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.benchmarks.BenchTls;

/** Courier, with a pool as large as the benchmark's concurrency, or on HTTP/2. */
final class CourierPeer implements Peer {
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");
  private final CourierClient client;

  CourierPeer(int maxConnections) {
    this(new CourierClient.Builder()
        .connectionPool(new ConnectionPool(maxConnections, Duration.ofMinutes(5)))
        .followRedirects(false)
        .build());
  }

  CourierPeer(CourierClient client) {
    this.client = client;
  }

  /** Returns Courier on HTTP/2: ALPN over TLS, or prior knowledge in cleartext. */
  static Peer http2(Http2Transport transport) {
    CourierClient.Builder builder = new CourierClient.Builder().followRedirects(false);
    if (transport == Http2Transport.TLS) {
      builder.sslSocketFactory(BenchTls.context().getSocketFactory(), BenchTls.trustManager())
          .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    } else {
      builder.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    }
    return new CourierPeer(builder.build());
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
    client.close();
  }
}
