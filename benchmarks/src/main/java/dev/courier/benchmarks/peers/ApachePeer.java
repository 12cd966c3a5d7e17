package dev.courier.benchmarks.peers;

import java.io.IOException;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Apache HttpClient 5 classic, pooling as many connections per route as the concurrency. */
final class ApachePeer implements Peer {
  private final CloseableHttpClient client;

  ApachePeer(int maxConnections) {
    client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(maxConnections)
            .setMaxConnPerRoute(maxConnections)
            .build())
        .disableRedirectHandling()
        .disableCookieManagement()
        .build(); // Content compression (gzip requested and decoded) is on by default.
  }

  @Override
  public long get(String url) throws IOException {
    return client.execute(new HttpGet(url),
        response -> (long) EntityUtils.toByteArray(response.getEntity()).length);
  }

  @Override
  public int post(String url, byte[] body) throws IOException {
    HttpPost post = new HttpPost(url);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
    return client.execute(post, response -> {
      EntityUtils.consume(response.getEntity());
      return response.getCode();
    });
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
