package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.CourierClient;
import dev.courier.MediaType;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine's answers to an HTTP/2 server ending a connection, against a server that sends
 * exactly the frames the test scripts: streams its GOAWAY left unprocessed are retried on a new
 * connection whatever their method, and a connection that misses a PING is never used again.
 */
class Http2RetryTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final ScriptedPeer peer = newPeer();

  private static ScriptedPeer newPeer() {
    try {
      return new ScriptedPeer();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void closePeer() throws IOException {
    peer.close();
  }

  private String url(String path) {
    return "http://localhost:" + peer.port() + path;
  }

  /** Runs {@code call} on the dispatcher; completes with the body, or the failure. */
  private static CompletableFuture<String> start(Call call) {
    CompletableFuture<String> result = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          result.complete(response.body().string());
        }
      }
    });
    return result;
  }

  @Test
  void aPostAboveTheLastStreamOfAGoAwayIsRetriedOnANewConnection() throws Exception {
    CourierClient client = courier.newClient(builder -> builder
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)));
    CompletableFuture<String> get =
        start(client.newCall(new Request.Builder().url(url("/a")).build()));
    peer.accept("");
    peer.await(Http2.TYPE_HEADERS, 1);

    RequestBody body = RequestBody.create("place the order", MediaType.get("text/plain"));
    CompletableFuture<String> post = start(client.newCall(new Request.Builder()
        .url(url("/order")).post(body).build()));
    peer.await(Http2.TYPE_HEADERS, 3);
    peer.await(Http2.TYPE_DATA, 3);
    // The server stops at stream 1: stream 3, the POST, was not processed.
    peer.send(Http2.TYPE_GOAWAY, 0, 0, "00000001" + "00000000");
    peer.respond(1, "a");
    assertThat(get.get(5, TimeUnit.SECONDS)).isEqualTo("a");

    peer.accept("");
    peer.await(Http2.TYPE_HEADERS, 1);
    ScriptedPeer.Frame data = peer.await(Http2.TYPE_DATA, 1);
    assertThat(data.payload()).isEqualTo(ByteString.encodeUtf8("place the order"));
    peer.respond(1, "ordered once");

    assertThat(post.get(5, TimeUnit.SECONDS)).isEqualTo("ordered once");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(2);
    assertThat(courier.eventListener().decisions())
        .anyMatch(decision -> decision.contains("the server did not process the request"));
  }

  @Test
  void aConnectionThatMissesAPingFailsItsCallsAndIsNeverUsedAgain() throws Exception {
    CourierClient client = courier.newClient(builder -> builder
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .pingInterval(Duration.ofMillis(100)));
    CompletableFuture<String> stalled =
        start(client.newCall(new Request.Builder().url(url("/stalled")).build()));
    peer.accept("");
    peer.await(Http2.TYPE_HEADERS, 1);
    // The server reads on but answers neither the request nor the PINGs.

    assertThat(stalled).failsWithin(5, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(SocketTimeoutException.class)
        .withMessageContaining("did not acknowledge a PING within 100 ms (pingInterval)");
    Await.until("the failed connection leaves the pool",
        () -> client.connectionPool().connectionCount() == 0);

    CompletableFuture<String> next =
        start(client.newCall(new Request.Builder().url(url("/next")).build()));
    peer.accept("");
    peer.await(Http2.TYPE_HEADERS, 1);
    peer.respond(1, "fresh connection");
    assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("fresh connection");
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(2);
  }
}
