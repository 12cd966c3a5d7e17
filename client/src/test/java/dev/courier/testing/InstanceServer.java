package dev.courier.testing;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.courier.HttpUrl;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * One instance of a service, for tests of balancing, ejection and hedging: a loopback server that
 * answers every request with its own name (and {@code X-Instance: <name>}), unless a response was
 * scripted for it, and counts what it received. It can die (its port then refuses connections)
 * and come back on the same port, and it can hold its responses until the test releases them, so
 * a test controls which instance is slow without timing anything.
 */
public final class InstanceServer {
  private final CourierExtension courier;
  private final String name;
  private final int port;
  private final AtomicInteger requestCount = new AtomicInteger();
  private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
  private final Queue<MockResponse> scripted = new ConcurrentLinkedQueue<>();
  private final Map<String, Queue<MockResponse>> scriptedByTarget = new ConcurrentHashMap<>();
  private final AtomicInteger held = new AtomicInteger();
  private volatile CountDownLatch hold;
  private volatile MockWebServer server;

  private InstanceServer(CourierExtension courier, String name) {
    this.courier = courier;
    this.name = name;
    this.server = serve(courier.newServer());
    this.port = server.getPort();
  }

  /** Starts an instance named {@code name} on a free loopback port. */
  public static InstanceServer start(CourierExtension courier, String name) {
    return new InstanceServer(courier, name);
  }

  private MockWebServer serve(MockWebServer mockWebServer) {
    mockWebServer.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        requestCount.incrementAndGet();
        requests.add(request);
        CountDownLatch latch = hold;
        if (latch != null) {
          held.incrementAndGet();
          try {
            // Bounded, so that a failed test still lets the server close.
            latch.await(10, TimeUnit.SECONDS);
          } finally {
            held.decrementAndGet();
          }
        }
        Queue<MockResponse> forTarget = scriptedByTarget.get(request.getTarget());
        MockResponse response = forTarget != null ? forTarget.poll() : null;
        if (response == null) response = scripted.poll();
        if (response != null) return response;
        return new MockResponse.Builder().setHeader("X-Instance", name).body(name).build();
      }
    });
    return mockWebServer;
  }

  /** Returns the instance's name, which is also the body of its answers. */
  public String name() {
    return name;
  }

  /** Returns the instance's URL: {@code http://localhost:<port>/}. */
  public HttpUrl url() {
    return HttpUrl.get("http://localhost:" + port + "/");
  }

  /** Returns the port the instance listens on, alive or not. */
  public int port() {
    return port;
  }

  /** Returns how many requests the instance received, in all its lives. */
  public int requestCount() {
    return requestCount.get();
  }

  /** Returns the requests the instance received, in order. */
  public Queue<RecordedRequest> requests() {
    return requests;
  }

  /** Answers the next request with {@code response} instead of the instance's name. */
  public InstanceServer enqueue(MockResponse response) {
    scripted.add(response);
    return this;
  }

  /** Answers the next request for {@code target} (path and query) with {@code response}. */
  public InstanceServer enqueue(String target, MockResponse response) {
    scriptedByTarget.computeIfAbsent(target, unused -> new ConcurrentLinkedQueue<>())
        .add(response);
    return this;
  }

  /** Holds every response from now on until {@link #release()}. */
  public void hold() {
    hold = new CountDownLatch(1);
  }

  /** Returns how many requests wait for {@link #release()}. */
  public int heldCount() {
    return held.get();
  }

  /** Sends the held responses and answers at once again. */
  public void release() {
    CountDownLatch latch = hold;
    hold = null;
    if (latch != null) latch.countDown();
  }

  /** Stops the instance: its connections close and its port refuses new ones. */
  public void kill() {
    release();
    server.close();
  }

  /** Starts the instance again on its port. */
  public void restart() {
    server = serve(courier.newServer(Loopback.address(1), port));
  }

  @Override
  public String toString() {
    return name + "@" + port;
  }
}
