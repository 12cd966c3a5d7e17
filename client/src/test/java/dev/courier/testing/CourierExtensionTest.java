package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * {@link CourierExtension} catches what it promises to: each test drives an extension through the
 * steps JUnit runs around a test ({@code start}, the test's calls, {@code finish}) and leaves one
 * thing behind on purpose. The extensions here are not registered: these tests clean up after
 * themselves.
 */
class CourierExtensionTest {
  /** Short, so that the checks that must fail don't wait long for what will never happen. */
  private static final Duration PATIENCE = Duration.ofMillis(500);
  private static final Set<Leak> NONE_ALLOWED = EnumSet.noneOf(Leak.class);

  private final CourierExtension extension = new CourierExtension(PATIENCE);

  @Test
  void aTestThatClosesEverythingPassesAndItsClientsAndServersAreClosed() throws Exception {
    extension.start();
    MockWebServer server = extension.newServer();
    CourierClient client = extension.newClient();
    server.enqueue(new MockResponse.Builder().body("closed").build());
    try (Response response = client.newCall(request(server)).execute()) {
      assertThat(response.body().string()).isEqualTo("closed");
    }

    assertThatCode(() -> extension.finish(NONE_ALLOWED)).doesNotThrowAnyException();
    assertThat(client.dispatcher().isShutdown()).isTrue();
    assertThat(client.connectionPool().connectionCount()).isZero();
    try (Socket socket = new Socket()) {
      assertThatThrownBy(() -> socket.connect(
          new InetSocketAddress(Loopback.address(1), server.getPort()), 1_000))
          .as("the server is closed").isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void clientsResolveEveryNameToLoopbackAndRecordTheirEvents() throws Exception {
    extension.start();
    MockWebServer server = extension.newServer();
    CourierClient client = extension.newClient();
    server.enqueue(new MockResponse.Builder().body("loopback").build());
    Request request = new Request.Builder()
        .url("http://www.example.com:" + server.getPort() + "/").build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("loopback");
    }
    assertThat(server.takeRequest().getHeaders().get("Host"))
        .isEqualTo("www.example.com:" + server.getPort());
    assertThat(extension.eventListener().events()).contains("dnsEnd", "callEnd");
    extension.finish(NONE_ALLOWED);
  }

  @Test
  void aResponseBodyNeverClosedFailsTheCheckNamingItsUrl() throws Exception {
    extension.start();
    MockWebServer server = extension.newServer();
    CourierClient client = extension.newClient();
    server.enqueue(new MockResponse.Builder().body("leaked").build());
    executeWithoutClosing(client, request(server));

    assertThatThrownBy(() -> extension.finish(NONE_ALLOWED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("RESPONSE_BODY: 1 response body(ies) never closed")
        .hasMessageContaining("A connection to http://localhost:" + server.getPort()
            + "/... was leaked");
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void aLeakTheTestAllowsPasses() throws Exception {
    extension.start();
    MockWebServer server = extension.newServer();
    CourierClient client = extension.newClient();
    server.enqueue(new MockResponse.Builder().body("leaked on purpose").build());
    executeWithoutClosing(client, request(server));

    assertThatCode(() -> extension.finish(EnumSet.of(Leak.RESPONSE_BODY)))
        .doesNotThrowAnyException();
    assertThat(client.connectionPool().leakedConnectionCount()).isEqualTo(1);
  }

  @Test
  void aConnectionStillHeldFailsTheCheck() throws Exception {
    extension.start();
    MockWebServer server = extension.newServer();
    CourierClient client = extension.newClient();
    server.enqueue(new MockResponse.Builder().body("held").build());
    Response response = client.newCall(request(server)).execute();
    try {
      assertThatThrownBy(() -> extension.finish(NONE_ALLOWED))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("HELD_CONNECTION: 1 connection(s) still in use")
          // The pool's cleanup thread stays while the pool has a connection.
          .hasMessageContaining("COURIER_THREAD: still alive")
          .hasMessageContaining("courier-pool-cleanup");
    } finally {
      response.close();
      client.connectionPool().evictAll();
    }
    Await.until("the pool's cleanup thread exits",
        () -> Await.liveThreads("courier-pool-cleanup").isEmpty());
  }

  @Test
  void aCourierThreadStillAliveFailsTheCheck() throws Exception {
    extension.start();
    CountDownLatch release = new CountDownLatch(1);
    Thread straggler = new Thread(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "courier-straggler");
    straggler.start();
    try {
      assertThatThrownBy(() -> extension.finish(NONE_ALLOWED))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("COURIER_THREAD: still alive 500 ms after every client was "
              + "closed: [courier-straggler]");
    } finally {
      release.countDown();
      straggler.join();
    }
  }

  @Test
  void aThreadThatWasAliveBeforeTheTestIsNotBlamedOnIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread older = new Thread(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "courier-older");
    older.start();
    try {
      extension.start();
      assertThatCode(() -> extension.finish(NONE_ALLOWED)).doesNotThrowAnyException();
    } finally {
      release.countDown();
      older.join();
    }
  }

  @Test
  void allowLeakIsReadFromTheTestAndMustGiveAReason() throws Exception {
    assertThat(CourierExtension.allowedLeaks(Annotated.class.getDeclaredMethod("justified")))
        .containsExactlyInAnyOrder(Leak.RESPONSE_BODY, Leak.HELD_CONNECTION);
    assertThat(CourierExtension.allowedLeaks(Annotated.class.getDeclaredMethod("plain")))
        .isEmpty();
    assertThatThrownBy(() -> CourierExtension.allowedLeaks(
        Annotated.class.getDeclaredMethod("unexplained")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must say why");
  }

  /** Methods annotated as tests would be. */
  static final class Annotated {
    @AllowLeak(value = {Leak.RESPONSE_BODY, Leak.HELD_CONNECTION}, because = "for this test")
    void justified() {
    }

    void plain() {
    }

    @AllowLeak(value = Leak.COURIER_THREAD, because = " ")
    void unexplained() {
    }
  }

  private static Request request(MockWebServer server) {
    return new Request.Builder().url(server.url("/").toString()).build();
  }

  /** Runs a call and drops its response without closing it; nothing references the call after. */
  private static void executeWithoutClosing(CourierClient client, Request request)
      throws IOException {
    client.newCall(request).execute();
  }
}
