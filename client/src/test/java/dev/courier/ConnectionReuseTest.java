package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.courier.testing.AllowLeak;
import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.Leak;
import dev.courier.testing.RawServer;
import dev.courier.testing.RecordingSocketFactory;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections are reused only when it is safe, and retired otherwise. */
class ConnectionReuseTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private CourierClient client = courier.newClient();

  private Request request() {
    return new Request.Builder().url(server.url("/").toString()).build();
  }

  private String get() throws IOException {
    try (Response response = client.newCall(request()).execute()) {
      return response.body().string();
    }
  }

  @Test
  void fullyReadBodiesLetTheConnectionBeReused() throws Exception {
    server.enqueue(new MockResponse.Builder().body("a").build());
    server.enqueue(new MockResponse.Builder().chunkedBody("b", 1).build());
    server.enqueue(new MockResponse.Builder().body("c").build());
    assertThat(get() + get() + get()).isEqualTo("abc");
    assertThat(server.takeRequest().getExchangeIndex()).isZero();
    assertThat(server.takeRequest().getExchangeIndex()).isEqualTo(1);
    assertThat(server.takeRequest().getExchangeIndex()).isEqualTo(2);
    assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
    List<ConnectionSnapshot> snapshot = client.connectionPool().snapshot();
    assertThat(snapshot).hasSize(1);
    assertThat(snapshot.get(0).inUse()).isFalse();
    assertThat(snapshot.get(0).exchangeCount()).isEqualTo(3);
  }

  @Test
  void aBodyClosedEarlyIsDrainedSoTheConnectionIsReused() throws Exception {
    server.enqueue(new MockResponse.Builder().body("unread but short").build());
    server.enqueue(new MockResponse.Builder().body("next").build());
    client.newCall(request()).execute().close();
    assertThat(get()).isEqualTo("next");
    assertThat(server.takeRequest().getConnectionIndex())
        .isEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void aBodyClosedEarlyThatCannotBeDrainedRetiresTheConnection() throws Exception {
    server.enqueue(new MockResponse.Builder().body("abc").setHeader("Content-Length", "1000")
        .onResponseEnd(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().body("fresh").build());
    Response response = client.newCall(request()).execute();
    response.body().source().readByte();
    response.close();
    assertThat(client.connectionPool().connectionCount()).isZero();
    assertThat(get()).isEqualTo("fresh");
    assertThat(server.takeRequest().getConnectionIndex())
        .isNotEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    server.enqueue(new MockResponse.Builder().setHeader("Connection", "close").body("a")
        .build());
    server.enqueue(new MockResponse.Builder().body("b").build());
    assertThat(get() + get()).isEqualTo("ab");
    assertThat(server.takeRequest().getConnectionIndex())
        .isNotEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void requestAskingToCloseIsNotReused() throws Exception {
    server.enqueue(new MockResponse.Builder().body("a").build());
    client.newCall(new Request.Builder().url(server.url("/").toString())
        .header("Connection", "close").build()).execute().close();
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void bodyDelimitedByCloseIsNeverReused() throws Exception {
    try (RawServer raw = new RawServer()) {
      raw.enqueueAndClose("HTTP/1.1 200 OK\r\n\r\nuntil the end");
      raw.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
      try (Response response = client.newCall(new Request.Builder().url(raw.url("/")).build())
          .execute()) {
        assertThat(response.body().contentLength()).isEqualTo(-1);
        assertThat(response.body().string()).isEqualTo("until the end");
      }
      assertThat(client.connectionPool().connectionCount()).isZero();
      try (Response response = client.newCall(new Request.Builder().url(raw.url("/")).build())
          .execute()) {
        assertThat(response.body().string()).isEqualTo("next");
      }
      assertThat(raw.connectionCount()).isEqualTo(2);
    }
  }

  @Test
  void http10WithoutKeepAliveIsNotReused() throws Exception {
    try (RawServer raw = new RawServer()) {
      raw.enqueue("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
      try (Response response = client.newCall(new Request.Builder().url(raw.url("/")).build())
          .execute()) {
        assertThat(response.protocol()).isEqualTo(Protocol.HTTP_1_0);
        assertThat(response.body().string()).isEqualTo("ok");
      }
      assertThat(client.connectionPool().connectionCount()).isZero();
    }
  }

  @Test
  void bytesBeyondTheDeclaredLengthRetireTheConnection() throws Exception {
    try (RawServer raw = new RawServer()) {
      // Two bytes promised, more sent: what follows can't be trusted as the next response.
      raw.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"
          + "Content-Length: 5\r\n\r\nforged");
      raw.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal");
      try (Response response = client.newCall(new Request.Builder().url(raw.url("/")).build())
          .execute()) {
        assertThat(response.body().string()).isEqualTo("ok");
      }
      try (Response response = client.newCall(new Request.Builder().url(raw.url("/")).build())
          .execute()) {
        assertThat(response.body().string()).isEqualTo("real");
      }
      assertThat(raw.connectionCount()).isEqualTo(2);
    }
  }

  @Test
  void aResponseArrivingLateOnAnIdleConnectionIsNeverTakenForTheNextOne() throws Exception {
    RecordingSocketFactory sockets = new RecordingSocketFactory();
    client = courier.newClient(builder -> builder.socketFactory(sockets));
    try (RawServer raw = new RawServer()) {
      assertLateResponsesAreDiscarded(raw, raw.url("/"), sockets);
    }
  }

  @Test
  void aResponseArrivingLateOnAnIdleTlsConnectionIsNeverTakenForTheNextOne() throws Exception {
    RecordingSocketFactory sockets = new RecordingSocketFactory();
    client = courier.newClient(builder -> builder.socketFactory(sockets).sslSocketFactory(
        TlsFixtures.CLIENT.sslSocketFactory(), TlsFixtures.CLIENT.trustManager()));
    try (RawServer raw = new RawServer(TlsFixtures.SERVER.sslSocketFactory())) {
      assertLateResponsesAreDiscarded(raw, raw.url("localhost", "/"), sockets);
    }
  }

  /**
   * Makes three calls; after each response was read, the server sends it again, unasked, on the
   * idle connection. Each call must get its own response, on a new connection each time, so that
   * no shift cascades from one call to the next.
   */
  private void assertLateResponsesAreDiscarded(RawServer raw, String url,
      RecordingSocketFactory sockets) throws Exception {
    for (int i = 0; i < 3; i++) {
      String response = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ncall #" + i;
      raw.enqueue(response);
      try (Response first = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertThat(first.body().string()).isEqualTo("call #" + i);
      }
      raw.writeOnLastConnection(response);
      int socket = i;
      Await.until("the repeated response reaches the client's socket",
          () -> sockets.unreadBytes(socket) > 0);
    }
    assertThat(raw.connectionCount()).isEqualTo(3);
    assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
  }

  @Test
  void poolKeepsAtMostMaxIdleConnections() throws Exception {
    client = courier.newClient(builder -> builder
        .connectionPool(new ConnectionPool(0, Duration.ofMinutes(5))));
    server.enqueue(new MockResponse.Builder().body("a").build());
    assertThat(get()).isEqualTo("a");
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void evictAllClosesIdleConnections() throws Exception {
    server.enqueue(new MockResponse.Builder().body("a").build());
    get();
    assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(1);
    client.connectionPool().evictAll();
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void aConnectionInUseIsNotSharedAndNotEvicted() throws Exception {
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(new MockResponse.Builder().body("second").build());
    try (Response first = client.newCall(request()).execute()) {
      assertThat(client.connectionPool().snapshot().get(0).inUse()).isTrue();
      client.connectionPool().evictAll();
      assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
      assertThat(get()).isEqualTo("second");
      assertThat(first.body().string()).isEqualTo("first");
    }
    assertThat(server.takeRequest().getConnectionIndex())
        .isNotEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void previousResponseMustBeClosedBeforeAFollowUp() throws Exception {
    server.enqueue(new MockResponse.Builder().body("a").build());
    server.enqueue(new MockResponse.Builder().body("b").build());
    CourierClient reusing = client.newBuilder().addInterceptor(chain -> {
      Response first = chain.proceed(chain.request());
      try {
        return chain.proceed(chain.request()); // While the first is still open.
      } finally {
        first.close();
      }
    }).build();
    assertThatThrownBy(() -> reusing.newCall(request()).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("please call response.close()");
  }

  @Test
  @AllowLeak(value = Leak.RESPONSE_BODY, because = "the test leaks a body to see it reported")
  void leakedResponseBodyIsReportedAndItsConnectionRetired() throws Exception {
    client = courier.newClient(builder -> builder
        .connectionPool(new ConnectionPool(5, Duration.ofMillis(100))));
    server.enqueue(new MockResponse.Builder().body("never closed").build());
    List<String> warnings = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger("dev.courier.ConnectionPool");
    Handler handler = new Handler() {
      @Override public void publish(LogRecord record) {
        warnings.add(record.getMessage());
      }

      @Override public void flush() {
      }

      @Override public void close() {
      }
    };
    logger.addHandler(handler);
    try {
      WeakReference<Call> leaked = leakOneCall();
      awaitGarbageCollection(leaked);
      Await.until("the leak is noticed", () -> client.connectionPool().leakedConnectionCount() == 1);
      Await.until("the leaked connection is closed",
          () -> client.connectionPool().connectionCount() == 0);
      assertThat(warnings).anyMatch(message -> message.contains(
          "A connection to http://" + server.getHostName() + ":" + server.getPort()
              + "/... was leaked"));
    } finally {
      logger.removeHandler(handler);
    }
  }

  private WeakReference<Call> leakOneCall() throws IOException {
    Call call = client.newCall(request());
    call.execute(); // The response is dropped without being closed.
    return new WeakReference<>(call);
  }

  private static void awaitGarbageCollection(WeakReference<?> reference) {
    Await.until("the leaked call is garbage collected", () -> {
      System.gc();
      return reference.get() == null;
    });
  }
}
