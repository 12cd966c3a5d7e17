package dev.courier.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.net.ssl.SSLSocketFactory;

import dev.courier.ConnectionPool;
import dev.courier.ConnectionSnapshot;
import dev.courier.CourierClient;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test its clients and servers, and once the test is over closes them and checks that
 * the test left nothing behind, after OkHttp's {@code OkHttpClientTestRule}:
 *
 * <ul>
 *   <li>no pooled connection is still held by a call ({@link Leak#HELD_CONNECTION});
 *   <li>no response body was leaked: the pool reports a call garbage collected while it held its
 *       connection, and this extension gives the collector a chance to find such calls
 *       ({@link Leak#RESPONSE_BODY});
 *   <li>no {@code courier-} thread that started during the test is alive once every client is
 *       closed ({@link Leak#COURIER_THREAD}).
 * </ul>
 *
 * <p>A failed check fails the test with a message saying what leaked. A test that leaks on purpose
 * turns a check off with {@link AllowLeak}, giving its reason.
 *
 * <p>Clients it builds resolve every host name to 127.0.0.1 ({@link Loopback#DNS}), so no test
 * reaches a real host, and report their events to {@link #eventListener()}; a test may replace
 * either setting. Servers listen on 127.0.0.1 and their URLs name {@code localhost}. Register it on
 * an instance field declared before the fields that use it:
 *
 * <pre>{@code
 * @RegisterExtension final CourierExtension courier = new CourierExtension();
 * private final MockWebServer server = courier.newServer();
 * private final CourierClient client = courier.newClient();
 * }</pre>
 *
 * <p>Clients derived with {@link CourierClient#newBuilder()} share the pool and dispatcher that
 * are checked and closed; a client with a pool of its own must come from
 * {@link #newClient(Consumer)}.
 */
public final class CourierExtension implements BeforeEachCallback, AfterEachCallback {
  private static final String THREAD_PREFIX = "courier-";
  private static final String POOL_LOGGER = "dev.courier.ConnectionPool";
  /** The address servers listen on: 127.0.0.1, named {@code localhost} without a lookup. */
  private static final InetAddress LOCALHOST = localhost();

  private final Duration patience;
  private final RecordingEventListener eventListener = new RecordingEventListener();
  private final List<CourierClient> clients = new ArrayList<>();
  /** Each pool a client uses, with its count of leaks when the client was made. */
  private final Map<ConnectionPool, Long> leaksBefore = new IdentityHashMap<>();
  private final List<MockWebServer> servers = new ArrayList<>();
  private final List<String> poolWarnings = new CopyOnWriteArrayList<>();
  private final Handler poolWarningHandler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      poolWarnings.add(String.valueOf(record.getMessage()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private Set<Thread> threadsBefore = Set.of();

  /** Creates the extension; register it with {@code @RegisterExtension}. */
  public CourierExtension() {
    this(Duration.ofSeconds(5));
  }

  /**
   * Creates an extension that waits up to {@code patience} for calls to finish, leaked calls to
   * be collected and threads to exit before it reports them.
   */
  CourierExtension(Duration patience) {
    this.patience = patience;
  }

  /** Returns a client with the test settings: loopback DNS and {@link #eventListener()}. */
  public CourierClient newClient() {
    return newClient(builder -> { });
  }

  /**
   * Returns a client with the test settings changed by {@code configure}, which may replace any
   * of them. It is closed and checked after the test like every client made here.
   */
  public CourierClient newClient(Consumer<CourierClient.Builder> configure) {
    CourierClient.Builder builder = new CourierClient.Builder()
        .dns(Loopback.DNS)
        .eventListener(eventListener);
    configure.accept(builder);
    CourierClient client = builder.build();
    synchronized (this) {
      clients.add(client);
      leaksBefore.putIfAbsent(client.connectionPool(),
          client.connectionPool().leakedConnectionCount());
    }
    return client;
  }

  /** Returns the listener every client made here reports its events to. */
  public RecordingEventListener eventListener() {
    return eventListener;
  }

  /** Returns a started cleartext server on 127.0.0.1, closed after the test. */
  public MockWebServer newServer() {
    return newServer(LOCALHOST, 0);
  }

  /** Returns a server started on {@code address} and {@code port}, closed after the test. */
  public MockWebServer newServer(InetAddress address, int port) {
    return start(new MockWebServer(), address, port);
  }

  /** Returns a server on 127.0.0.1 speaking TLS through {@code sslSocketFactory}. */
  public MockWebServer newHttpsServer(SSLSocketFactory sslSocketFactory) {
    MockWebServer server = new MockWebServer();
    server.useHttps(sslSocketFactory);
    return start(server, LOCALHOST, 0);
  }

  private MockWebServer start(MockWebServer server, InetAddress address, int port) {
    synchronized (this) {
      servers.add(server);
    }
    try {
      server.start(address, port);
    } catch (IOException e) {
      throw new UncheckedIOException("MockWebServer did not start on " + address + ":" + port, e);
    }
    return server;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Set<Leak> allowed = EnumSet.noneOf(Leak.class);
    allowed.addAll(allowedLeaks(context.getRequiredTestClass()));
    allowed.addAll(allowedLeaks(context.getRequiredTestMethod()));
    finish(allowed);
  }

  /** Notes what is running before the test, so that only what the test started is checked. */
  void start() {
    threadsBefore = Await.liveThreads(THREAD_PREFIX);
    Logger.getLogger(POOL_LOGGER).addHandler(poolWarningHandler);
  }

  /**
   * Checks the pools, closes every client and server, and checks the threads, except for the
   * {@code allowed} leaks.
   *
   * @throws AssertionError naming each leak found
   */
  void finish(Set<Leak> allowed) {
    List<String> leaks = new ArrayList<>();
    try {
      checkPools(allowed, leaks);
    } finally {
      closeAll();
      Logger.getLogger(POOL_LOGGER).removeHandler(poolWarningHandler);
    }
    if (!allowed.contains(Leak.COURIER_THREAD)) checkThreads(leaks);
    if (!leaks.isEmpty()) {
      throw new AssertionError("The test left resources behind (a test that means to says so "
          + "with @AllowLeak):\n  " + String.join("\n  ", leaks));
    }
  }

  private void checkPools(Set<Leak> allowed, List<String> leaks) {
    Map<ConnectionPool, Long> pools;
    synchronized (this) {
      pools = new IdentityHashMap<>(leaksBefore);
    }
    long deadline = System.nanoTime() + patience.toNanos();
    for (ConnectionPool pool : pools.keySet()) {
      // A connection still in use belongs to a call still finishing, to a response nobody closed
      // but someone still references, or to one nobody references any more: the pool finds the
      // last kind only once the collector has run, so run it while waiting.
      while (!heldConnections(pool).isEmpty() && System.nanoTime() < deadline) {
        System.gc();
        pool.evictAll(); // Also wakes the pool's cleanup, which looks for collected calls.
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
    }
    for (Map.Entry<ConnectionPool, Long> entry : pools.entrySet()) {
      ConnectionPool pool = entry.getKey();
      long leaked = pool.leakedConnectionCount() - entry.getValue();
      if (leaked > 0 && !allowed.contains(Leak.RESPONSE_BODY)) {
        leaks.add(Leak.RESPONSE_BODY + ": " + leaked + " response body(ies) never closed; the "
            + "pool reported: " + leakWarnings());
      }
      List<ConnectionSnapshot> held = heldConnections(pool);
      if (!held.isEmpty() && !allowed.contains(Leak.HELD_CONNECTION)) {
        leaks.add(Leak.HELD_CONNECTION + ": " + held.size() + " connection(s) still in use "
            + patience.toMillis() + " ms after the test (a response not closed, or a call still "
            + "running): " + held);
      }
    }
  }

  private List<String> leakWarnings() {
    List<String> result = new ArrayList<>();
    for (String warning : poolWarnings) {
      if (warning.contains("was leaked")) result.add(warning);
    }
    return result;
  }

  private static List<ConnectionSnapshot> heldConnections(ConnectionPool pool) {
    List<ConnectionSnapshot> result = new ArrayList<>();
    for (ConnectionSnapshot connection : pool.snapshot()) {
      if (connection.inUse()) result.add(connection);
    }
    return result;
  }

  private void closeAll() {
    List<CourierClient> clientsToClose;
    List<MockWebServer> serversToClose;
    synchronized (this) {
      clientsToClose = new ArrayList<>(clients);
      serversToClose = new ArrayList<>(servers);
      clients.clear();
      servers.clear();
      leaksBefore.clear();
    }
    // Clients first: a call still running then fails against a closed server instead of waiting.
    Collections.reverse(clientsToClose);
    for (CourierClient client : clientsToClose) client.close();
    for (MockWebServer server : serversToClose) server.close();
  }

  private void checkThreads(List<String> leaks) {
    long deadline = System.nanoTime() + patience.toNanos();
    List<String> alive = Await.newLiveThreads(THREAD_PREFIX, threadsBefore);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      alive = Await.newLiveThreads(THREAD_PREFIX, threadsBefore);
    }
    if (!alive.isEmpty()) {
      leaks.add(Leak.COURIER_THREAD + ": still alive " + patience.toMillis()
          + " ms after every client was closed: " + alive);
    }
  }

  /**
   * Returns the leaks {@code element} allows with {@link AllowLeak}.
   *
   * @throws IllegalArgumentException if the annotation gives no reason
   */
  static Set<Leak> allowedLeaks(AnnotatedElement element) {
    AllowLeak allow = element.getAnnotation(AllowLeak.class);
    if (allow == null) return Set.of();
    if (allow.because().isBlank()) {
      throw new IllegalArgumentException("@AllowLeak on " + element + " must say why: "
          + "because = \"...\"");
    }
    Set<Leak> result = EnumSet.noneOf(Leak.class);
    result.addAll(Arrays.asList(allow.value()));
    return result;
  }

  private static InetAddress localhost() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
