package dev.courier.autoconfigure;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * One instance of an upstream service for the starter's tests: a MockWebServer on 127.0.0.1 that
 * answers every request with its name (body and {@code X-Instance}) and counts what it received.
 * It can die (its port then refuses connections), come back on the same port, and hold its
 * responses until released, so a test decides which instance is dead or slow without timing.
 */
public final class UpstreamInstance implements Closeable {
  private final String name;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private final int port;
  private volatile MockWebServer server;
  private volatile CountDownLatch hold;

  private UpstreamInstance(String name, int port) {
    this.name = name;
    this.server = serve(port);
    this.port = server.getPort();
  }

  /** Starts an instance named {@code name} on a free loopback port. */
  public static UpstreamInstance start(String name) {
    return new UpstreamInstance(name, 0);
  }

  private MockWebServer serve(int onPort) {
    MockWebServer started = new MockWebServer();
    started.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        requests.incrementAndGet();
        CountDownLatch latch = hold;
        if (latch != null) {
          held.incrementAndGet();
          try {
            latch.await(10, TimeUnit.SECONDS); // Bounded, so a failed test still ends.
          } finally {
            held.decrementAndGet();
          }
        }
        return new MockResponse.Builder().setHeader("X-Instance", name)
            .body(name + " " + request.getTarget()).build();
      }
    });
    try {
      started.start(InetAddress.getByName("127.0.0.1"), onPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return started;
  }

  /** Returns the instance's name, which starts the body of its answers. */
  public String name() {
    return name;
  }

  /** Returns its origin, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Returns the port it listens on, alive or not. */
  public int port() {
    return port;
  }

  /** Returns how many requests it received, in all its lives. */
  public int requestCount() {
    return requests.get();
  }

  /** Holds every response from now on until {@link #release()}. */
  public void hold() {
    hold = new CountDownLatch(1);
  }

  /** Returns how many requests wait for {@link #release()}. */
  public int heldCount() {
    return held.get();
  }

  /** Sends the held responses, and answers at once again. */
  public void release() {
    CountDownLatch latch = hold;
    hold = null;
    if (latch != null) latch.countDown();
  }

  /** Kills it: its connections close and its port refuses new ones. */
  public void kill() {
    release();
    server.close();
  }

  /** Starts it again on its port. */
  public void restart() {
    server = serve(port);
  }

  @Override
  public void close() {
    release();
    server.close();
  }

  @Override
  public String toString() {
    return name + "@" + port;
  }
}
