package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.courier.testing.AllowLeak;
import dev.courier.testing.Await;
import dev.courier.testing.BlackholeServer;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.JettyHttp2Server;
import dev.courier.testing.Leak;
import dev.courier.testing.OpenFiles;
import dev.courier.testing.RecordingSocketFactory;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many calls share one HTTP/2 connection: as many at once as the server allows streams, one
 * call's cancel or leak touches its own stream only, and nothing is left behind.
 */
class Http2MultiplexingTest {
  private static final int CALLS = 200;

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private JettyHttp2Server jetty;

  @AfterEach
  void stopJetty() {
    if (jetty != null) jetty.close();
  }

  /**
   * Answers each request with its own path, but only once {@code expected} requests are in
   * flight at the same time (or 10 s passed): the calls are then certainly concurrent.
   */
  private static final class GateDispatcher extends Dispatcher {
    final CountDownLatch arrived;
    final CountDownLatch release = new CountDownLatch(1);

    GateDispatcher(int expected) {
      arrived = new CountDownLatch(expected);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      arrived.countDown();
      release.await(10, TimeUnit.SECONDS);
      return new MockResponse.Builder().body("response to " + request.getTarget()).build();
    }
  }

  /** The outcomes of enqueued calls: bodies by path, or failures. */
  private static final class Outcomes implements Callback {
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    final Map<String, IOException> failures = new ConcurrentHashMap<>();
    final CountDownLatch done;

    Outcomes(int calls) {
      done = new CountDownLatch(calls);
    }

    @Override
    public void onFailure(Call call, IOException e) {
      failures.put(call.request().url().encodedPath(), e);
      done.countDown();
    }

    @Override
    public void onResponse(Call call, Response response) throws IOException {
      try (response) {
        bodies.put(call.request().url().encodedPath(), response.body().string());
      } finally {
        done.countDown();
      }
    }

    void await() throws InterruptedException {
      assertThat(done.await(20, TimeUnit.SECONDS)).as("every call completed").isTrue();
    }
  }

  private CourierClient clientFor(int concurrentCalls, List<Protocol> protocols) {
    CourierClient client = courier.newClient(builder -> builder
        .protocols(protocols)
        .sslSocketFactory(TlsFixtures.CLIENT.sslSocketFactory(), TlsFixtures.CLIENT.trustManager()));
    client.dispatcher().setMaxRequests(concurrentCalls);
    client.dispatcher().setMaxRequestsPerHost(concurrentCalls);
    return client;
  }

  private static List<Call> enqueueAll(CourierClient client, String baseUrl, Outcomes outcomes) {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      Call call = client.newCall(new Request.Builder().url(baseUrl + "/" + i).build());
      calls.add(call);
      call.enqueue(outcomes);
    }
    return calls;
  }

  @Test
  void twoHundredConcurrentCallsShareOneCleartextConnection() throws Exception {
    MockWebServer server = courier.newServer();
    server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    concurrentCallsShareOneConnection(server, "http",
        clientFor(CALLS, List.of(Protocol.H2_PRIOR_KNOWLEDGE)));
  }

  @Test
  void twoHundredConcurrentCallsShareOneTlsConnection() throws Exception {
    MockWebServer server = courier.newHttpsServer(TlsFixtures.SERVER.sslSocketFactory());
    concurrentCallsShareOneConnection(server, "https",
        clientFor(CALLS, List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)));
  }

  private void concurrentCallsShareOneConnection(MockWebServer server, String scheme,
      CourierClient client) throws Exception {
    GateDispatcher gate = new GateDispatcher(CALLS);
    server.setDispatcher(gate);
    Outcomes outcomes = new Outcomes(CALLS);
    enqueueAll(client, scheme + "://localhost:" + server.getPort(), outcomes);

    assertThat(gate.arrived.await(10, TimeUnit.SECONDS)).as("all calls in flight").isTrue();
    List<ConnectionSnapshot> inFlight = client.connectionPool().snapshot();
    gate.release.countDown();
    outcomes.await();

    assertThat(outcomes.failures).isEmpty();
    for (int i = 0; i < CALLS; i++) {
      assertThat(outcomes.bodies.get("/" + i)).isEqualTo("response to /" + i);
    }
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
    assertThat(inFlight).singleElement().satisfies(connection -> {
      assertThat(connection.inUse()).isTrue();
      assertThat(connection.activeStreams()).isEqualTo(CALLS);
      assertThat(connection.protocol()).isIn(Protocol.HTTP_2, Protocol.H2_PRIOR_KNOWLEDGE);
    });
    Set<Integer> connectionIndexes = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < CALLS; i++) {
      connectionIndexes.add(server.takeRequest().getConnectionIndex());
    }
    assertThat(connectionIndexes).containsExactly(0);
    assertThat(client.connectionPool().snapshot()).singleElement().satisfies(connection -> {
      assertThat(connection.inUse()).isFalse();
      assertThat(connection.activeStreams()).isZero();
      assertThat(connection.exchangeCount()).isEqualTo(CALLS);
    });
  }

  @Test
  void cancelingRandomStreamsLeavesTheOthersIntact() throws Exception {
    MockWebServer server = courier.newServer();
    server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    GateDispatcher gate = new GateDispatcher(CALLS);
    server.setDispatcher(gate);
    CourierClient client = clientFor(CALLS, List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    Outcomes outcomes = new Outcomes(CALLS);
    List<Call> calls = enqueueAll(client, "http://localhost:" + server.getPort(), outcomes);
    assertThat(gate.arrived.await(10, TimeUnit.SECONDS)).as("all calls in flight").isTrue();

    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) indexes.add(i);
    Collections.shuffle(indexes, new Random(16));
    Set<String> canceled = ConcurrentHashMap.newKeySet();
    for (int index : indexes.subList(0, CALLS / 4)) {
      calls.get(index).cancel();
      canceled.add("/" + index);
    }
    gate.release.countDown();
    outcomes.await();

    assertThat(outcomes.failures.keySet()).isEqualTo(canceled);
    assertThat(outcomes.failures.values())
        .allSatisfy(e -> assertThat(e).hasMessage("Canceled"));
    for (int i = 0; i < CALLS; i++) {
      if (canceled.contains("/" + i)) continue;
      assertThat(outcomes.bodies.get("/" + i)).isEqualTo("response to /" + i);
    }
    // The cancels reset their streams only: the same connection serves the next call.
    try (Response response = client.newCall(new Request.Builder()
        .url("http://localhost:" + server.getPort() + "/after").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("response to /after");
    }
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void theServersStreamLimitOpensAsManyConnectionsAsItDemands() throws Exception {
    int limit = 10;
    List<Runnable> held = Collections.synchronizedList(new ArrayList<>());
    jetty = JettyHttp2Server.cleartext(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request,
          org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback) {
        // Answer nothing until every call is in flight, without holding a thread each.
        String path = request.getHttpURI().getPath();
        List<Runnable> all = null;
        synchronized (held) {
          held.add(() -> Content.Sink.write(response, true, "response to " + path, callback));
          if (held.size() == CALLS) all = new ArrayList<>(held);
        }
        if (all != null) all.forEach(Runnable::run);
        return true;
      }
    }, limit);
    CourierClient client = clientFor(CALLS, List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    Outcomes outcomes = new Outcomes(CALLS);
    enqueueAll(client, jetty.url(""), outcomes);
    outcomes.await();

    assertThat(outcomes.failures).isEmpty();
    for (int i = 0; i < CALLS; i++) {
      assertThat(outcomes.bodies.get("/" + i)).isEqualTo("response to /" + i);
    }
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(CALLS / limit);
    assertThat(courier.eventListener().decisions())
        .as("no stream was refused and retried").noneMatch(d -> d.contains("retrying"));
  }

  @Test
  void twoHundredCallsToJettyOverTlsShareOneConnection() throws Exception {
    CountDownLatch arrived = new CountDownLatch(CALLS);
    jetty = JettyHttp2Server.tls(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request,
          org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback)
          throws Exception {
        arrived.countDown();
        arrived.await(10, TimeUnit.SECONDS);
        Content.Sink.write(response, true,
            "response to " + request.getHttpURI().getPath() + " over "
                + request.getConnectionMetaData().getProtocol(), callback);
        return true;
      }
    }, 1000);
    CourierClient client = clientFor(CALLS, List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    Outcomes outcomes = new Outcomes(CALLS);
    enqueueAll(client, jetty.url(""), outcomes);
    outcomes.await();

    assertThat(outcomes.failures).isEmpty();
    for (int i = 0; i < CALLS; i++) {
      assertThat(outcomes.bodies.get("/" + i)).isEqualTo("response to /" + i + " over HTTP/2.0");
    }
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
  }

  @Test
  void busyCallersWithAStreamLimitAndRandomCancelsEachGetTheirOwnResponse() throws Exception {
    int limit = 16;
    int callers = 64;
    int callsEach = 25;
    jetty = JettyHttp2Server.tls(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request,
          org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback) {
        // Bodies of different sizes, so that frames of many streams interleave on the wire.
        String path = request.getHttpURI().getPath();
        Content.Sink.write(response, true, bodyFor(path), callback);
        return true;
      }
    }, limit);
    CourierClient client = clientFor(callers, List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    String baseUrl = jetty.url("");
    Map<String, String> wrong = new ConcurrentHashMap<>();
    Map<String, IOException> unexpectedFailures = new ConcurrentHashMap<>();
    Set<String> canceled = ConcurrentHashMap.newKeySet();
    Set<String> answered = ConcurrentHashMap.newKeySet();
    List<Call> inFlight = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(callers);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      int caller = t;
      Thread thread = new Thread(() -> {
        try {
          for (int i = 0; i < callsEach; i++) {
            String path = "/" + caller + "/" + i;
            Call call = client.newCall(new Request.Builder().url(baseUrl + path).build());
            inFlight.add(call);
            try (Response response = call.execute()) {
              String body = response.body().string();
              if (!body.equals(bodyFor(path))) wrong.put(path, body);
              answered.add(path);
            } catch (IOException e) {
              if (!call.isCanceled()) unexpectedFailures.put(path, e);
            } finally {
              inFlight.remove(call);
            }
          }
        } finally {
          done.countDown();
        }
      }, "http2-caller-" + caller);
      threads.add(thread);
      thread.start();
    }
    Random random = new Random(16);
    while (done.getCount() > 0) {
      Call victim = null;
      synchronized (inFlight) {
        if (!inFlight.isEmpty()) victim = inFlight.get(random.nextInt(inFlight.size()));
      }
      if (victim != null) {
        victim.cancel();
        canceled.add(victim.request().url().encodedPath());
      }
      done.await(2, TimeUnit.MILLISECONDS); // Paces the cancels; the latch ends the loop.
    }
    for (Thread thread : threads) thread.join(10_000);

    assertThat(wrong).as("responses delivered to another call").isEmpty();
    assertThat(unexpectedFailures).as("failures of calls never canceled").isEmpty();
    assertThat(canceled).as("some calls were canceled in flight").isNotEmpty();
    assertThat(answered.size() + canceled.size()).isGreaterThanOrEqualTo(callers * callsEach);
    Await.until("every stream ended", () -> client.connectionPool().snapshot().stream()
        .allMatch(connection -> connection.activeStreams() == 0));
  }

  /**
   * The race the busy callers above run into now and then, made certain: the call is canceled
   * while its HEADERS are being sent, and its whole response arrives before the cancel can reset
   * the stream. The call fails as canceled, and gives its connection back.
   */
  @Test
  void aCallCanceledAfterItsWholeResponseArrivedGivesItsConnectionBack() throws Exception {
    MockWebServer server = courier.newServer();
    server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    server.enqueue(new MockResponse.Builder().body("warm-up").build());
    server.enqueue(new MockResponse.Builder().code(204).build()); // One frame: HEADERS, ended.
    RecordingSocketFactory sockets = new RecordingSocketFactory();
    CourierClient client = courier.newClient(builder -> builder
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .socketFactory(sockets));
    try (Response response = client.newCall(new Request.Builder()
        .url(server.url("/warm-up").toString()).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("warm-up");
    }

    Call call = client.newCall(new Request.Builder().url(server.url("/").toString()).build());
    int readsDone = sockets.reads().size(); // The server sends nothing more until it answers.
    sockets.afterNextWriteBy(Thread.currentThread(), () -> {
      // The HEADERS are out. Cancel now, then hold this thread until the reader thread has read
      // the response and handled it: it has begun its next read, which stays open.
      call.cancel();
      Await.until("the response was read and handled", () -> {
        List<RecordingSocketFactory.Io> reads = sockets.reads();
        boolean responseRead = reads.subList(readsDone, reads.size()).stream()
            .anyMatch(read -> read.result() > 0);
        return responseRead && sockets.readsStarted() > reads.size();
      });
    });
    assertThatThrownBy(call::execute).isInstanceOf(IOException.class).hasMessage("Canceled");
    assertThat(client.connectionPool().snapshot())
        .allMatch(connection -> !connection.inUse(), "not in use");
  }

  private static String bodyFor(String path) {
    return ("response to " + path + " ").repeat(1 + Math.floorMod(path.hashCode(), 400));
  }

  @Test
  @AllowLeak(value = Leak.RESPONSE_BODY, because = "the test leaks a body to see it handled")
  void aLeakedResponseCancelsItsStreamAndKeepsTheConnection() throws Exception {
    byte[] large = new byte[8 * 1024 * 1024]; // More than a stream's window: the server blocks.
    jetty = JettyHttp2Server.cleartext(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request,
          org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback) {
        if (request.getHttpURI().getPath().equals("/large")) {
          response.write(true, ByteBuffer.wrap(large), callback);
        } else {
          Content.Sink.write(response, true, "small", callback);
        }
        return true;
      }
    }, 1); // One stream at a time: the leaked one must be freed for the next call.
    CourierClient client = courier.newClient(builder -> builder
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .connectionPool(new ConnectionPool(5, Duration.ofMinutes(5))));

    WeakReference<Call> leaked = leakOneCall(client, jetty.url("/large"));
    Await.until("the leaked call is garbage collected", () -> {
      System.gc();
      return leaked.get() == null;
    });
    // The pool's cleanup looks at connections in use every 100 ms, and finds collected calls.
    Await.until("the leak is noticed",
        () -> client.connectionPool().leakedConnectionCount() == 1);

    try (Response response = client.newCall(new Request.Builder()
        .url(jetty.url("/small")).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("small");
    }
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(1);
    assertThat(courier.eventListener().decisions()).noneMatch(d -> d.contains("retrying"));
  }

  private static WeakReference<Call> leakOneCall(CourierClient client, String url)
      throws IOException {
    Call call = client.newCall(new Request.Builder().url(url).build());
    call.execute(); // The response is dropped without being closed.
    return new WeakReference<>(call);
  }

  @Test
  void concurrentCallsToAnHttp11ServerOverTlsEachGetAConnection() throws Exception {
    // The first call's connect settles on HTTP/1.1, which carries one call: the others, which
    // waited for it in case it could be shared, then connect too.
    int calls = 8;
    MockWebServer server = courier.newHttpsServer(TlsFixtures.SERVER.sslSocketFactory());
    server.setProtocols(List.of(okhttp3.Protocol.HTTP_1_1));
    GateDispatcher gate = new GateDispatcher(calls);
    server.setDispatcher(gate);
    CourierClient client = clientFor(calls, List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    Outcomes outcomes = new Outcomes(calls);
    for (int i = 0; i < calls; i++) {
      client.newCall(new Request.Builder()
          .url("https://localhost:" + server.getPort() + "/" + i).build()).enqueue(outcomes);
    }
    assertThat(gate.arrived.await(10, TimeUnit.SECONDS)).as("all calls in flight").isTrue();
    gate.release.countDown();
    outcomes.await();
    assertThat(outcomes.failures).isEmpty();
    assertThat(client.connectionPool().openedConnectionCount()).isEqualTo(calls);
    assertThat(client.connectionPool().snapshot())
        .allSatisfy(connection -> assertThat(connection.protocol()).isEqualTo(Protocol.HTTP_1_1));
  }

  @Test
  void aCallWaitingForAnotherCallsConnectStopsWhenCanceled() throws Exception {
    try (BlackholeServer blackhole = new BlackholeServer()) {
      CourierClient client = courier.newClient(builder -> builder
          .connectTimeout(Duration.ofSeconds(10))
          .dns(hostname -> List.of(blackhole.address().getAddress())));
      String url = "https://localhost:" + blackhole.port() + "/";
      Call connecting = client.newCall(new Request.Builder().url(url).build());
      CompletableFuture<IOException> first = failureOf(connecting);
      Await.until("the first call connects",
          () -> courier.eventListener().events().contains("connectStart"));

      Call waiting = client.newCall(new Request.Builder().url(url).build());
      Thread waiter = new Thread(() -> {
        try {
          waiting.execute().close();
        } catch (IOException ignored) {
          // Expected: canceled.
        }
      });
      waiter.start();
      Await.until("the second call waits for the first call's connect",
          () -> waiter.getState() == Thread.State.TIMED_WAITING);
      waiting.cancel();
      waiter.join(5_000);
      assertThat(waiter.isAlive()).as("the canceled call returned").isFalse();
      assertThat(first).isNotDone(); // Still connecting: the wait ended on the cancel.
      assertThat(courier.eventListener().events())
          .filteredOn("connectStart"::equals).hasSize(1);

      connecting.cancel();
      assertThat(first.get(5, TimeUnit.SECONDS)).hasMessage("Canceled");
    }
  }

  private static CompletableFuture<IOException> failureOf(Call call) {
    CompletableFuture<IOException> result = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        result.complete(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        response.close();
        result.completeExceptionally(new AssertionError("unexpected response"));
      }
    });
    return result;
  }

  @Test
  void anIdleHttp2ConnectionIsEvictedAfterTheKeepAlive() throws Exception {
    MockWebServer server = courier.newServer();
    server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    server.enqueue(new MockResponse.Builder().body("a").build());
    CourierClient client = courier.newClient(builder -> builder
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .connectionPool(new ConnectionPool(5, Duration.ofMillis(200))));
    try (Response response = client.newCall(new Request.Builder()
        .url(server.url("/").toString()).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("a");
    }
    assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(1);

    Await.until("the idle connection is evicted",
        () -> client.connectionPool().connectionCount() == 0);
    String reader = "courier-http2-localhost:" + server.getPort();
    Await.until("its reader thread ends", () -> Await.liveThreads(reader).isEmpty());
  }

  @Test
  void closingTheClientClosesEveryHttp2Socket() throws Exception {
    MockWebServer server = courier.newHttpsServer(TlsFixtures.SERVER.sslSocketFactory());
    OpenFiles.Snapshot filesBefore = OpenFiles.snapshot();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().body("response to " + request.getTarget()).build();
      }
    });
    CourierClient client = clientFor(CALLS, List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    Outcomes outcomes = new Outcomes(CALLS);
    List<Call> calls = enqueueAll(client, "https://localhost:" + server.getPort(), outcomes);
    Random random = new Random(16);
    for (int i = 0; i < 50; i++) calls.get(random.nextInt(CALLS)).cancel();
    outcomes.await();
    assertThat(outcomes.bodies).isNotEmpty();
    assertThat(client.connectionPool().connectionCount()).isPositive();

    // The server stays up: only the client's close() can end these connections.
    client.close();
    try {
      Await.until("every socket is closed", () -> filesBefore.newSockets().isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError("sockets left open:\n"
          + OpenFiles.describe(filesBefore.newSockets()), e);
    }
  }

  @Test
  void closingTheClientStopsEveryHttp2Thread() throws Exception {
    MockWebServer server = courier.newServer();
    server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    server.enqueue(new MockResponse.Builder().body("a").build());
    CourierClient client = courier.newClient(builder -> builder
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .pingInterval(Duration.ofSeconds(30)));
    try (Response response = client.newCall(new Request.Builder()
        .url(server.url("/").toString()).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("a");
    }
    String reader = "courier-http2-localhost:" + server.getPort();
    assertThat(Await.liveThreads(reader)).hasSize(1);
    assertThat(Await.liveThreads("courier-http2-pinger")).hasSize(1);

    client.close();
    // Gone when close() returns, not some time later.
    assertThat(Await.liveThreads(reader)).isEmpty();
    assertThat(Await.liveThreads("courier-http2-pinger")).isEmpty();
    assertThat(client.connectionPool().connectionCount()).isZero();
  }
}
