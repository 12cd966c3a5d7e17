package dev.courier.internal.http2;

import static dev.courier.internal.http2.Http2.FLAG_ACK;
import static dev.courier.internal.http2.Http2.FLAG_END_HEADERS;
import static dev.courier.internal.http2.Http2.FLAG_END_STREAM;
import static dev.courier.internal.http2.Http2.TYPE_DATA;
import static dev.courier.internal.http2.Http2.TYPE_GOAWAY;
import static dev.courier.internal.http2.Http2.TYPE_HEADERS;
import static dev.courier.internal.http2.Http2.TYPE_PING;
import static dev.courier.internal.http2.Http2.TYPE_RST_STREAM;
import static dev.courier.internal.http2.Http2.TYPE_WINDOW_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.testing.Await;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The life of streams and of the connection, watched from a scripted server: timeouts that name
 * themselves, the stream limit, PINGs for keep-alive and health, shutdown, cancellation, and what
 * the client writes in answer to the server's settings.
 */
class Http2LifecycleTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private ScriptedPeer peer;
  private Http2TestClient client;

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) client.close();
    if (peer != null) peer.close();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void connect(String settingsHex) throws IOException {
    connect(settingsHex, UnaryOperator.identity());
  }

  private void connect(String settingsHex, UnaryOperator<Http2Connection.Builder> options)
      throws IOException {
    peer = new ScriptedPeer();
    client = Http2TestClient.connect("127.0.0.1", peer.port(), options);
    peer.accept(settingsHex);
  }

  private Request get(String path) {
    return new Request.Builder().url("http://127.0.0.1:" + peer.port() + path).build();
  }

  private Request post(int bodySize) {
    return new Request.Builder().url("http://127.0.0.1:" + peer.port() + "/upload")
        .post(RequestBody.create(new byte[bodySize], MediaType.get("application/octet-stream")))
        .build();
  }

  private Future<String> call(Request request) {
    return executor.submit(() -> {
      try (Response response = client.execute(request)) {
        return response.code() + " " + response.body().string();
      }
    });
  }

  private static Throwable failure(Future<?> future) throws Exception {
    try {
      future.get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void writeTimeoutWhileTheServerGrantsNoWindow() throws Exception {
    connect("");
    client.writeTimeoutMillis = 200;
    Future<String> upload = call(post(1024 * 1024));
    peer.await(TYPE_HEADERS, 1);

    assertThat(failure(upload)).isInstanceOf(SocketTimeoutException.class)
        .hasMessage("Write timed out after 200 ms (writeTimeout)");
    assertThat(peer.awaitReset(1)).isEqualTo(ErrorCode.CANCEL);
    // Only the stream timed out: the connection carries the next one.
    Future<String> next = call(get("/next"));
    peer.await(TYPE_HEADERS, 3);
    peer.respond(3, "fine");
    assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("200 fine");
  }

  @Test
  void readTimeoutWhileTheServerStallsTheBody() throws Exception {
    connect("");
    client.readTimeoutMillis = 200;
    Future<String> download = call(get("/stalled"));
    peer.await(TYPE_HEADERS, 1);
    peer.send(TYPE_HEADERS, FLAG_END_HEADERS, 1, "88");
    peer.send(TYPE_DATA, 0, 1, "616263");

    assertThat(failure(download)).isInstanceOf(SocketTimeoutException.class)
        .hasMessage("Read timed out after 200 ms (readTimeout)");
    assertThat(peer.awaitReset(1)).isEqualTo(ErrorCode.CANCEL);
  }

  @Test
  void unansweredPingAfterATimeoutDegradesTheConnection() throws Exception {
    connect("");
    client.readTimeoutMillis = 100;
    Future<String> download = call(get("/stalled"));
    peer.await(TYPE_HEADERS, 1);
    assertThat(failure(download)).isInstanceOf(SocketTimeoutException.class);

    ScriptedPeer.Frame ping = peer.await(TYPE_PING, 0);
    assertThat(ping.flags() & FLAG_ACK).isZero();
    // The server says nothing: within a second the connection stops taking streams.
    Await.until("the connection is degraded", () -> !client.connection.isHealthy(false));
    assertThat(client.connection.canTakeNewStream()).isFalse();
    assertThat(client.connection.isShutdown()).isTrue();
  }

  @Test
  void answeredPingAfterATimeoutKeepsTheConnection() throws Exception {
    connect("");
    client.readTimeoutMillis = 100;
    Future<String> download = call(get("/stalled"));
    peer.await(TYPE_HEADERS, 1);
    assertThat(failure(download)).isInstanceOf(SocketTimeoutException.class);

    ScriptedPeer.Frame ping = peer.await(TYPE_PING, 0);
    peer.send(TYPE_PING, FLAG_ACK, 0, ping.payload());
    Future<String> next = call(get("/next"));
    peer.await(TYPE_HEADERS, 3);
    peer.respond(3, "fine");
    assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("200 fine");
    assertThat(client.connection.isHealthy(false)).isTrue();
  }

  @Test
  void keepAlivePingsAreSentEachInterval() throws Exception {
    connect("", builder -> builder.pingIntervalMillis(50));
    for (int i = 0; i < 3; i++) {
      ScriptedPeer.Frame ping = peer.await(TYPE_PING, 0);
      peer.send(TYPE_PING, FLAG_ACK, 0, ping.payload());
    }
    assertThat(client.connection.isHealthy(false)).isTrue();
  }

  @Test
  void unansweredKeepAlivePingFailsTheConnection() throws Exception {
    connect("", builder -> builder.pingIntervalMillis(100));
    Future<String> pending = call(get("/pending"));
    peer.await(TYPE_HEADERS, 1);
    peer.await(TYPE_PING, 0); // Not answered.

    assertThat(failure(pending)).isInstanceOf(SocketTimeoutException.class)
        .hasMessageEndingWith("did not acknowledge a PING within 100 ms (pingInterval)");
    assertThat(client.connection.isShutdown()).isTrue();
    Await.until("the pinger thread stops",
        () -> Await.liveThreads("courier-http2-pinger").isEmpty());
  }

  @Test
  void healthCheckPingsAnIdleConnection() throws Exception {
    connect("", builder -> builder.healthCheckAfterIdleMillis(0).healthCheckTimeoutMillis(5_000));
    Future<Boolean> healthy = executor.submit(() -> client.connection.isHealthy(true));
    ScriptedPeer.Frame ping = peer.await(TYPE_PING, 0);
    peer.send(TYPE_PING, FLAG_ACK, 0, ping.payload());
    assertThat(healthy.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(client.connection.canTakeNewStream()).isTrue();
  }

  @Test
  void failedHealthCheckRetiresTheConnectionForGood() throws Exception {
    connect("", builder -> builder.healthCheckAfterIdleMillis(0).healthCheckTimeoutMillis(100));
    assertThat(client.connection.isHealthy(true)).isFalse();
    assertThat(peer.await(TYPE_PING, 0).flags() & FLAG_ACK).isZero();

    assertThat(client.connection.canTakeNewStream()).isFalse();
    assertThatThrownBy(() -> client.execute(get("/")))
        .isInstanceOf(UnprocessedStreamException.class)
        .hasMessageEndingWith("takes no new streams: a PING went unanswered for 100 ms");
    // A late acknowledgement changes nothing.
    peer.send(TYPE_PING, FLAG_ACK, 0, ByteString.decodeHex("0000000000000001"));
    assertThat(client.connection.isHealthy(false)).isFalse();
  }

  @Test
  void streamLimitOfTheServer() throws Exception {
    connect("000300000001"); // SETTINGS_MAX_CONCURRENT_STREAMS = 1.
    Await.until("the server's SETTINGS apply", client.connection::isPeerSettingsReceived);
    assertThat(client.connection.maxConcurrentStreams()).isEqualTo(1);
    assertThat(client.connection.canTakeNewStream()).isTrue();

    Future<String> first = call(get("/first"));
    peer.await(TYPE_HEADERS, 1);
    assertThat(client.connection.activeStreamCount()).isEqualTo(1);
    assertThat(client.connection.canTakeNewStream()).isFalse();
    assertThatThrownBy(() -> client.execute(get("/second")))
        .isInstanceOf(UnprocessedStreamException.class)
        .hasMessageEndingWith("is at the server's limit of 1 concurrent streams");

    peer.respond(1, "one");
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("200 one");
    Await.until("the stream ends", () -> client.connection.activeStreamCount() == 0);
    assertThat(client.connection.canTakeNewStream()).isTrue();
  }

  @Test
  void dataFramesRespectTheServersMaxFrameSize() throws Exception {
    // SETTINGS_MAX_FRAME_SIZE = 20000, SETTINGS_INITIAL_WINDOW_SIZE = 1 MiB.
    connect("000500004e20" + "000400100000");
    Await.until("the server's SETTINGS apply", client.connection::isPeerSettingsReceived);
    peer.send(TYPE_WINDOW_UPDATE, 0, 0, "00100000");
    Future<String> upload = call(post(100_000));
    peer.await(TYPE_HEADERS, 1);
    int received = 0;
    int largest = 0;
    while (received < 100_000) {
      ScriptedPeer.Frame data = peer.await(TYPE_DATA, 1);
      received += data.payload().size();
      largest = Math.max(largest, data.payload().size());
      if (received == 100_000) assertThat(data.flags() & FLAG_END_STREAM).isNotZero();
    }
    assertThat(largest).isEqualTo(20_000);
    peer.respond(1, "stored");
    assertThat(upload.get(5, TimeUnit.SECONDS)).isEqualTo("200 stored");
  }

  @Test
  void serverWithoutADynamicTableIsToldFirst() throws Exception {
    connect("000100000000"); // SETTINGS_HEADER_TABLE_SIZE = 0.
    Await.until("the server's SETTINGS apply", client.connection::isPeerSettingsReceived);
    call(get("/a"));
    ByteString block = peer.await(TYPE_HEADERS, 1).payload();
    assertThat(block.getByte(0) & 0xff).isEqualTo(0x20); // A table size update to 0.
    call(get("/b"));
    ByteString second = peer.await(TYPE_HEADERS, 3).payload();
    assertThat(second.getByte(0) & 0xff).isNotEqualTo(0x20);
    // Nothing was indexed, so nothing is referenced: the second block is as long as the first.
    assertThat(second.size()).isEqualTo(block.size() - 1);
  }

  @Test
  void expectContinueAnsweredWithAFinalStatusSendsNoBody() throws Exception {
    connect("");
    Request request = new Request.Builder().url("http://127.0.0.1:" + peer.port() + "/")
        .header("Expect", "100-continue")
        .post(RequestBody.create("payload", MediaType.get("text/plain")))
        .build();
    Future<String> call = call(request);
    ScriptedPeer.Frame headers = peer.await(TYPE_HEADERS, 1);
    assertThat(headers.flags() & FLAG_END_STREAM).isZero(); // A body may follow.
    peer.send(TYPE_HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, 1, "0803343137"); // 417.

    assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("417 ");
    assertThat(peer.awaitReset(1)).isEqualTo(ErrorCode.CANCEL);
    assertThat(peer.received).noneMatch(frame -> frame.type() == TYPE_DATA);
  }

  @Test
  void closingABodyEarlyResetsTheStreamAndLateFramesAreIgnored() throws Exception {
    connect("");
    Future<Response> call = executor.submit(() -> client.execute(get("/large")));
    peer.await(TYPE_HEADERS, 1);
    peer.send(TYPE_HEADERS, FLAG_END_HEADERS, 1, "88");
    peer.send(TYPE_DATA, 0, 1, "616263");
    Response response = call.get(5, TimeUnit.SECONDS);
    assertThat(response.body().source().readUtf8(3)).isEqualTo("abc");
    response.close();
    assertThat(peer.awaitReset(1)).isEqualTo(ErrorCode.CANCEL);

    // DATA the server sent before it saw the reset is dropped, not an error.
    peer.send(TYPE_DATA, 0, 1, "646566");
    peer.send(TYPE_HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, 1, "88");
    Future<String> next = call(get("/next"));
    peer.await(TYPE_HEADERS, 3);
    peer.respond(3, "fine");
    assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("200 fine");
  }

  @Test
  void cancelBeforeTheRequestIsWritten() throws Exception {
    connect("");
    Http2ExchangeCodec codec = client.newCodec();
    codec.cancel();
    assertThatThrownBy(() -> Http2TestClient.execute(get("/"), codec))
        .isInstanceOf(IOException.class)
        .hasMessage("Canceled");
    peer.await(TYPE_HEADERS, 1);
    assertThat(peer.awaitReset(1)).isEqualTo(ErrorCode.CANCEL);
    assertThat(client.connection.activeStreamCount()).isZero();
  }

  @Test
  void cancelWhileWaitingForTheResponse() throws Exception {
    connect("");
    Http2ExchangeCodec codec = client.newCodec();
    codec.writeRequestHeaders(get("/"));
    codec.finishRequest();
    Future<Response.Builder> call = executor.submit(() -> codec.readResponseHeaders(false));
    peer.await(TYPE_HEADERS, 1);
    codec.cancel();
    assertThat(failure(call)).isInstanceOf(StreamResetException.class)
        .hasMessage("stream was reset: CANCEL");
    assertThat(peer.awaitReset(1)).isEqualTo(ErrorCode.CANCEL);
    assertThat(client.connection.isShutdown()).isFalse();
  }

  @Test
  void shutdownSendsGoAwayAndClosesOnceStreamsEnd() throws Exception {
    connect("");
    Future<String> inFlight = call(get("/in-flight"));
    peer.await(TYPE_HEADERS, 1);

    client.connection.shutdown();
    ScriptedPeer.Frame goAway = peer.await(TYPE_GOAWAY, 0);
    assertThat(goAway.readInt(4)).isEqualTo(ErrorCode.NO_ERROR.code());
    assertThatThrownBy(() -> client.execute(get("/late")))
        .isInstanceOf(UnprocessedStreamException.class)
        .hasMessageEndingWith("takes no new streams: it was shut down");

    peer.respond(1, "finished");
    assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo("200 finished");
    Await.until("the socket closes", client.socket::isClosed);
  }

  @Test
  void closeFailsOpenStreams() throws Exception {
    connect("");
    Future<String> inFlight = call(get("/in-flight"));
    peer.await(TYPE_HEADERS, 1);

    client.connection.close();
    assertThat(failure(inFlight)).isInstanceOf(IOException.class)
        .hasMessageEndingWith("was closed");
    assertThat(client.socket.isClosed()).isTrue();
  }

  @Test
  void aFailedWriteFailsEveryStreamAndTheConnection() throws Exception {
    connect("");
    List<Future<String>> inFlight = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      inFlight.add(call(get("/in-flight/" + i)));
      peer.await(TYPE_HEADERS, 1 + 2 * i);
    }

    // The next request's HEADERS can't be written: the socket takes no more output, while the
    // server stays silent, so the failed write is what ends the connection.
    client.socket.shutdownOutput();
    Future<String> next = call(get("/next"));
    Throwable nextFailure = failure(next);
    assertThat(nextFailure).isInstanceOf(IOException.class);
    for (Future<String> call : inFlight) {
      assertThat(failure(call)).isInstanceOf(IOException.class)
          .hasMessage(nextFailure.getMessage());
    }
    assertThat(client.connection.isShutdown()).isTrue();
    assertThat(client.connection.activeStreamCount()).isZero();
    assertThat(client.socket.isClosed()).isTrue();
  }

  @Test
  void goAwayRefusesOnlyStreamsAboveTheLastId() throws Exception {
    connect("");
    Future<String> first = call(get("/first"));
    peer.await(TYPE_HEADERS, 1);
    Future<String> second = call(get("/second"));
    peer.await(TYPE_HEADERS, 3);

    peer.send(TYPE_GOAWAY, 0, 0, "00000001" + "00000000");
    assertThat(failure(second)).isInstanceOf(UnprocessedStreamException.class)
        .hasMessage("Stream 3 was not processed: the server sent GOAWAY (NO_ERROR, last stream 1)");
    peer.respond(1, "kept");
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("200 kept");
    Await.until("the socket closes", client.socket::isClosed);
  }

  @Test
  void resetStreamWithAnErrorAfterAFullResponseKeepsTheResponse() throws Exception {
    connect("");
    Future<String> upload = call(post(1024 * 1024));
    peer.await(TYPE_DATA, 1);
    peer.respond(1, "complete");
    peer.send(TYPE_RST_STREAM, 0, 1, "00000008"); // CANCEL: the upload is cut short.
    assertThat(upload.get(5, TimeUnit.SECONDS)).isEqualTo("200 complete");
  }

  @Test
  void resetStreamAfterAFullResponseStopsTheUploadQuietly() throws Exception {
    connect("");
    Future<String> upload = call(post(1024 * 1024));
    peer.await(TYPE_DATA, 1);
    peer.respond(1, "enough");
    peer.send(TYPE_RST_STREAM, 0, 1, "00000000");
    assertThat(upload.get(5, TimeUnit.SECONDS)).isEqualTo("200 enough");
  }
}
