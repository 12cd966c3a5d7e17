package dev.courier.benchmarks.peers;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

/** Jetty 12's client, which decodes gzip by default. */
final class JettyPeer implements Peer {
  private final HttpClient client;

  JettyPeer(int maxConnections) {
    client = new HttpClient();
    client.setMaxConnectionsPerDestination(maxConnections);
    client.setFollowRedirects(false);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty client did not start", e);
    }
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
