package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dispatcher's limits, queues, callbacks and threads. */
class DispatcherTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CourierClient client = courier.newClient();

  @BeforeEach
  void setUp() {
    // Every request waits until the test releases them all.
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        release.await(10, TimeUnit.SECONDS);
        return new MockResponse.Builder().body(request.getTarget()).build();
      }
    });
  }

  @AfterEach
  void releaseWaitingRequests() {
    release.countDown();
  }

  private Call call(String host, String path) {
    return client.newCall(new Request.Builder()
        .url("http://" + host + ":" + server.getPort() + path).build());
  }

  @Test
  void defaults() {
    dev.courier.Dispatcher dispatcher = new dev.courier.Dispatcher();
    assertThat(dispatcher.maxRequests()).isEqualTo(64);
    assertThat(dispatcher.maxRequestsPerHost()).isEqualTo(5);
  }

  @Test
  void callsBeyondThePerHostLimitWait() throws Exception {
    client.dispatcher().setMaxRequestsPerHost(2);
    List<CallTest.FutureCallback> callbacks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CallTest.FutureCallback callback = new CallTest.FutureCallback();
      call("127.0.0.1", "/" + i).enqueue(callback);
      callbacks.add(callback);
    }
    // Another host is not held back by the first host's limit.
    CallTest.FutureCallback otherHost = new CallTest.FutureCallback();
    call("localhost", "/other").enqueue(otherHost);

    Await.until("three requests reach the server", () -> server.getRequestCount() == 3);
    assertThat(client.dispatcher().runningCallsCount()).isEqualTo(3);
    assertThat(client.dispatcher().queuedCallsCount()).isEqualTo(1);
    DispatcherSnapshot snapshot = client.dispatcher().snapshot();
    assertThat(snapshot.runningCallsByHost()).containsEntry("127.0.0.1", 2)
        .containsEntry("localhost", 1);
    assertThat(snapshot.queuedCallsByHost()).containsEntry("127.0.0.1", 1);

    release.countDown();
    for (CallTest.FutureCallback callback : callbacks) {
      assertThat(callback.result.get(10, TimeUnit.SECONDS).failure).isNull();
    }
    assertThat(otherHost.result.get(10, TimeUnit.SECONDS).body).isEqualTo("/other");
  }

  @Test
  void callsBeyondTheTotalLimitWaitAndArePromotedInOrder() throws Exception {
    client.dispatcher().setMaxRequests(1);
    CallTest.FutureCallback first = new CallTest.FutureCallback();
    CallTest.FutureCallback second = new CallTest.FutureCallback();
    call("127.0.0.1", "/first").enqueue(first);
    call("127.0.0.1", "/second").enqueue(second);
    Await.until("the first request reaches the server", () -> server.getRequestCount() == 1);
    assertThat(client.dispatcher().queuedCallsCount()).isEqualTo(1);
    assertThat(client.dispatcher().queuedCalls().get(0).request().url().encodedPath())
        .isEqualTo("/second");

    release.countDown();
    assertThat(first.result.get(10, TimeUnit.SECONDS).body).isEqualTo("/first");
    assertThat(second.result.get(10, TimeUnit.SECONDS).body).isEqualTo("/second");
  }

  @Test
  void taskDecoratorRunsOnTheEnqueuingThreadAndWrapsTheCallAndItsCallback() throws Exception {
    ThreadLocal<String> context = new ThreadLocal<>();
    client.dispatcher().setMaxRequests(1);
    client.dispatcher().setTaskDecorator(call -> {
      String captured = context.get(); // The caller's, even for a call that waits in the queue.
      return () -> {
        context.set(captured);
        try {
          call.run();
        } finally {
          context.remove();
        }
      };
    });
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(2);
    for (String name : List.of("first", "second")) {
      context.set(name);
      call("127.0.0.1", "/" + name).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          seen.add("failed " + e);
          done.countDown();
        }

        @Override
        public void onResponse(Call call, Response response) {
          response.close();
          seen.add(context.get() + " " + call.request().url().encodedPath());
          done.countDown();
        }
      });
    }
    context.remove();
    // The second call waits in the queue until the first finishes on a dispatcher thread.
    Await.until("the first request reaches the server", () -> server.getRequestCount() == 1);
    assertThat(client.dispatcher().queuedCallsCount()).isEqualTo(1);
    release.countDown();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactlyInAnyOrder("first /first", "second /second");
  }

  @Test
  void idleCallbackRunsWhenTheLastCallFinishes() throws Exception {
    CountDownLatch idle = new CountDownLatch(1);
    client.dispatcher().setIdleCallback(idle::countDown);
    release.countDown();
    CallTest.FutureCallback callback = new CallTest.FutureCallback();
    call("127.0.0.1", "/").enqueue(callback);
    callback.result.get(10, TimeUnit.SECONDS);
    assertThat(idle.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(client.dispatcher().runningCallsCount()).isZero();
  }

  @Test
  void synchronousCallsAreCountedWhileRunning() throws Exception {
    Thread caller = new Thread(() -> {
      try {
        call("127.0.0.1", "/sync").execute().close();
      } catch (IOException ignored) {
        // The test checks counts only.
      }
    });
    caller.start();
    Await.until("the request reaches the server", () -> server.getRequestCount() == 1);
    assertThat(client.dispatcher().runningCallsCount()).isEqualTo(1);
    assertThat(client.dispatcher().runningCalls()).hasSize(1);
    release.countDown();
    caller.join();
    assertThat(client.dispatcher().runningCallsCount()).isZero();
  }

  @Test
  void invalidLimitsAreRefused() {
    assertThatThrownBy(() -> client.dispatcher().setMaxRequests(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRequests < 1: 0");
    assertThatThrownBy(() -> client.dispatcher().setMaxRequestsPerHost(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRequestsPerHost < 1: -1");
  }

  @Test
  void closeLeavesNoCourierThreadAlive() throws Exception {
    java.util.Set<Thread> before = Await.liveThreads("courier-");
    release.countDown();
    List<CallTest.FutureCallback> callbacks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      CallTest.FutureCallback callback = new CallTest.FutureCallback();
      call(i % 2 == 0 ? "127.0.0.1" : "localhost", "/" + i).enqueue(callback);
      callbacks.add(callback);
    }
    for (CallTest.FutureCallback callback : callbacks) {
      callback.result.get(10, TimeUnit.SECONDS);
    }
    assertThat(Await.newLiveThreads("courier-", before)).contains("courier-pool-cleanup")
        .anyMatch(name -> name.startsWith("courier-dispatcher-"));
    client.close();
    assertThat(Await.newLiveThreads("courier-", before)).isEmpty();
    assertThat(client.dispatcher().isShutdown()).isTrue();
  }

  @Test
  void callsEnqueuedAfterCloseFail() throws Exception {
    client.close();
    CallTest.FutureCallback callback = new CallTest.FutureCallback();
    call("127.0.0.1", "/").enqueue(callback);
    assertThat(callback.result.get(10, TimeUnit.SECONDS).failure)
        .hasMessageContaining("dispatcher is shut down");
  }

  @Test
  void virtualThreadsRunCallsOnJava21AndAreRefusedBefore() throws Exception {
    if (Runtime.version().feature() >= 21) {
      CourierClient virtual = courier.newClient(builder -> builder.virtualThreads(true));
      release.countDown();
      CallTest.FutureCallback callback = new CallTest.FutureCallback();
      virtual.newCall(new Request.Builder().url(server.url("/v").toString()).build())
          .enqueue(callback);
      assertThat(callback.result.get(10, TimeUnit.SECONDS).threadName)
          .startsWith("courier-virtual-");
    } else {
      assertThatThrownBy(() -> new CourierClient.Builder().virtualThreads(true))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("virtual threads need Java 21 or later");
    }
  }
}
