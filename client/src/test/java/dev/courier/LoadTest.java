package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.OpenFiles;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many asynchronous calls at once through the dispatcher, against a loopback server: every call
 * completes exactly once, the pool settles back to its idle limit, and nothing (socket here,
 * thread through {@link CourierExtension}) outlives the client. The long run against nginx is
 * {@code benchmarks/soak.sh}.
 */
class LoadTest {
  private static final int CALLS = 10_000;
  private static final int MAX_IDLE = 5;

  @RegisterExtension final CourierExtension courier = new CourierExtension();

  @Test
  void tenThousandAsyncCallsCompleteExactlyOnceAndLeaveNothingBehind() throws Exception {
    OpenFiles.Snapshot filesBefore = OpenFiles.snapshot();
    MockWebServer server = courier.newServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().body(request.getUrl().encodedPath()).build();
      }
    });

    dev.courier.Dispatcher dispatcher = new dev.courier.Dispatcher();
    dispatcher.setMaxRequests(64);
    dispatcher.setMaxRequestsPerHost(64);
    CourierClient client = courier.newClient(builder -> builder
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(MAX_IDLE, Duration.ofMinutes(5)))
        .eventListener(EventListener.NONE)); // Recording 10,000 calls' events would only slow it.

    AtomicIntegerArray completions = new AtomicIntegerArray(CALLS);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(CALLS);
    for (int i = 0; i < CALLS; i++) {
      int index = i;
      Request request = new Request.Builder().url(server.url("/" + i).toString())
          .tag(Integer.class, i).build();
      client.newCall(request).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          problems.add("call " + index + " failed: " + e);
          completions.incrementAndGet(index);
          done.countDown();
        }

        @Override
        public void onResponse(Call call, Response response) throws IOException {
          try (response) {
            String body = response.body().string();
            if (!body.equals("/" + index)) problems.add("call " + index + " got " + body);
          }
          completions.incrementAndGet(index);
          done.countDown();
        }
      });
    }
    assertThat(done.await(2, TimeUnit.MINUTES)).as("all calls completed").isTrue();
    assertThat(problems).isEmpty();
    for (int i = 0; i < CALLS; i++) {
      assertThat(completions.get(i)).as("completions of call %s", i).isEqualTo(1);
    }
    assertThat(server.getRequestCount()).isEqualTo(CALLS);

    Await.until("the dispatcher is idle", () -> dispatcher.runningCallsCount() == 0);
    ConnectionPool pool = client.connectionPool();
    Await.until("the pool settles to its idle limit",
        () -> pool.connectionCount() <= MAX_IDLE
            && pool.idleConnectionCount() == pool.connectionCount());

    // Closed here, not only by the extension, because the sockets can be counted only once both
    // ends are closed; the extension then checks that no courier- thread outlives the client.
    client.close();
    server.close();
    try {
      Await.until("every socket is closed", () -> filesBefore.newSockets().isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError("sockets left open:\n"
          + OpenFiles.describe(filesBefore.newSockets()), e);
    }
    // A completion counted after the check above would show here.
    for (int i = 0; i < CALLS; i++) assertThat(completions.get(i)).isEqualTo(1);
  }
}
