package dev.courier;

import static dev.courier.CacheTest.ok;
import static dev.courier.CacheTest.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.file.Path;

import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's own follow-ups with a cache: a retry after 408 or 503, and the second attempt an
 * authenticator makes after 401 or 407, exist because the first answer was not acceptable, so
 * they go to the server even when that answer was stored. A new call still gets a stored error
 * response while it is fresh, as RFC 9111 allows.
 */
class CacheFollowUpTest {
  @TempDir
  Path directory;
  private final MockWebServer server = new MockWebServer();
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    client = new CourierClient.Builder().cache(new Cache(directory, 1024 * 1024)).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void retryAfter503ReachesTheServer() throws Exception {
    server.enqueue(response(503, "busy", "Retry-After: 0", "Cache-Control: max-age=60"));
    server.enqueue(ok("done", "Cache-Control: max-age=60"));
    try (Response response = get(client, "/")) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("done");
      assertThat(response.priorResponse().code()).isEqualTo(503);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(body(client, "/")).isEqualTo("done"); // And the 200 replaced the stored 503.
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void retryAfter408ReachesTheServer() throws Exception {
    server.enqueue(response(408, "slow", "Cache-Control: max-age=60"));
    server.enqueue(ok("done"));
    assertThat(body(client, "/")).isEqualTo("done");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void authenticatorsSecondAttemptReachesTheServer() throws Exception {
    server.enqueue(response(401, "who?", "WWW-Authenticate: Basic realm=\"r\"",
        "Cache-Control: max-age=60"));
    server.enqueue(ok("welcome"));
    CourierClient authenticating = client.newBuilder()
        .authenticator((route, response) -> response.request().newBuilder()
            .header("Authorization", "Basic dXNlcjpwYXNz").build())
        .build();
    assertThat(body(authenticating, "/")).isEqualTo("welcome");
    server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(second.getHeaders().get("Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
  }

  @Test
  void proxyAuthenticatorsSecondAttemptReachesTheProxy() throws Exception {
    server.enqueue(response(407, "who?", "Proxy-Authenticate: Basic realm=\"r\"",
        "Cache-Control: max-age=60"));
    server.enqueue(ok("through"));
    CourierClient proxied = client.newBuilder()
        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.getPort())))
        .proxyAuthenticator((route, response) -> response.request().newBuilder()
            .header("Proxy-Authorization", "Basic dXNlcjpwYXNz").build())
        .build();
    try (Response response = proxied.newCall(
        new Request.Builder().url("http://127.0.0.1:1/resource").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("through");
    }
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("Proxy-Authorization"))
        .isEqualTo("Basic dXNlcjpwYXNz");
  }

  @Test
  void proxyChallengeIsNeverStored() throws Exception {
    // A 407 is about the connection to the proxy; replayed from the cache, it has no proxy.
    CourierClient proxied = client.newBuilder()
        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.getPort())))
        .build();
    for (int i = 0; i < 2; i++) {
      server.enqueue(response(407, "who?", "Proxy-Authenticate: Basic realm=\"r\"",
          "Cache-Control: max-age=60"));
      try (Response response = proxied.newCall(
          new Request.Builder().url("http://127.0.0.1:1/resource").build()).execute()) {
        assertThat(response.code()).isEqualTo(407);
        assertThat(response.networkResponse()).isNotNull();
      }
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aNewCallIsStillAnsweredWithAFreshStoredErrorResponse() throws Exception {
    server.enqueue(response(503, "down for a minute", "Cache-Control: max-age=60"));
    assertThat(body(client, "/")).isEqualTo("down for a minute");
    try (Response second = get(client, "/")) {
      assertThat(second.code()).isEqualTo(503);
      assertThat(second.cacheResponse()).isNotNull();
      assertThat(second.networkResponse()).isNull();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  private Response get(CourierClient client, String path) throws IOException {
    return client.newCall(new Request.Builder().url(server.url(path).toString()).build())
        .execute();
  }

  private String body(CourierClient client, String path) throws IOException {
    try (Response response = get(client, path)) {
      return response.body().string();
    }
  }
}
