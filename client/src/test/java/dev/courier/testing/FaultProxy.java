package dev.courier.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that forwards to a loopback server and injects faults on the way:
 * latency, a bandwidth cap, and a cut after a number of bytes in either direction (a clean close,
 * a reset, or a stall that keeps the socket open and silent). A FIN from either peer is passed on
 * as a half-close, so half-closed sockets behave as they would between real hosts.
 *
 * <p>Each accepted connection takes the next {@link Plan} from the queue, or forwards faithfully
 * if there is none. Only loopback addresses are accepted as targets: fault tests never send
 * traffic anywhere else.
 */
public final class FaultProxy implements AutoCloseable {
  /** What happens when a direction's byte budget runs out. */
  public enum Cut {
    /** Close both sockets with a FIN: the peer reads end of stream. */
    CLOSE,
    /** Close the client's socket with {@code SO_LINGER 0}: the client sees a reset. */
    RESET,
    /** Stop forwarding but keep both sockets open: the client waits until its timeout. */
    STALL
  }

  /**
   * Faults for one proxied connection.
   *
   * @param latencyMillis delay before forwarding each read, in both directions
   * @param bytesPerSecond cap on the server-to-client rate; 0 means no cap
   * @param requestBytes bytes forwarded client-to-server before {@code cut}; -1 means no limit
   * @param responseBytes bytes forwarded server-to-client before {@code cut}; -1 means no limit
   * @param cut what happens when a limit is reached
   */
  public record Plan(long latencyMillis, long bytesPerSecond, long requestBytes,
      long responseBytes, Cut cut) {
    /** Forwards everything as it comes. */
    public static Plan passThrough() {
      return new Plan(0, 0, -1, -1, Cut.CLOSE);
    }

    /** Returns this plan delaying each read by {@code millis}. */
    public Plan latency(long millis) {
      return new Plan(millis, bytesPerSecond, requestBytes, responseBytes, cut);
    }

    /** Returns this plan sending at most {@code bytesPerSecond} to the client. */
    public Plan bandwidth(long bytesPerSecond) {
      return new Plan(latencyMillis, bytesPerSecond, requestBytes, responseBytes, cut);
    }

    /** Returns this plan cutting the connection after {@code bytes} of the request. */
    public Plan cutRequestAfter(long bytes, Cut cut) {
      return new Plan(latencyMillis, bytesPerSecond, bytes, responseBytes, cut);
    }

    /** Returns this plan cutting the connection after {@code bytes} of the response. */
    public Plan cutResponseAfter(long bytes, Cut cut) {
      return new Plan(latencyMillis, bytesPerSecond, requestBytes, bytes, cut);
    }
  }

  private final ServerSocket serverSocket;
  private final InetSocketAddress target;
  private final BlockingQueue<Plan> plans = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Starts a proxy on 127.0.0.1 forwarding to {@code targetPort} on 127.0.0.1. */
  public FaultProxy(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    if (!target.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("FaultProxy forwards to loopback only: " + target);
    }
    serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    start("fault-proxy-accept", this::acceptLoop);
  }

  /** Returns the proxy's port, where clients connect instead of the server's. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Applies {@code plan} to the next connection accepted. */
  public FaultProxy enqueue(Plan plan) {
    plans.add(plan);
    return this;
  }

  /** Returns how many connections the proxy accepted. */
  public int connectionCount() {
    return connectionCount.get();
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      Socket client;
      try {
        client = serverSocket.accept();
      } catch (IOException e) {
        return;
      }
      connectionCount.incrementAndGet();
      Plan queued = plans.poll();
      Plan plan = queued != null ? queued : Plan.passThrough();
      sockets.add(client);
      Socket server = new Socket();
      sockets.add(server);
      try {
        server.connect(target, 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      Link link = new Link(client, server, plan);
      links.add(link);
      start("fault-proxy-upstream", () -> pump(link, client, server, plan.requestBytes(), 0));
      start("fault-proxy-downstream", () -> pump(link, server, client, plan.responseBytes(),
          plan.bytesPerSecond()));
    }
  }

  /** The two sockets of one proxied connection. */
  private record Link(Socket client, Socket server, Plan plan) {
  }

  /** Copies {@code from} to {@code to} under the link's plan. */
  private void pump(Link link, Socket from, Socket to, long limit, long bytesPerSecond) {
    byte[] buffer = new byte[8192];
    long forwarded = 0;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int max = buffer.length;
        if (limit >= 0) max = (int) Math.min(max, limit - forwarded);
        if (bytesPerSecond > 0) max = (int) Math.min(max, Math.max(1, bytesPerSecond / 10));
        if (max == 0) {
          cut(link);
          return;
        }
        int read = in.read(buffer, 0, max);
        if (read == -1) {
          // Pass the half-close on: the other peer reads end of stream but may still write.
          if (!to.isClosed()) to.shutdownOutput();
          return;
        }
        // Injected delays are the fault under test, not synchronisation.
        if (link.plan().latencyMillis() > 0) Thread.sleep(link.plan().latencyMillis());
        if (bytesPerSecond > 0) Thread.sleep(Math.max(1, read * 1000L / bytesPerSecond));
        out.write(buffer, 0, read);
        out.flush();
        forwarded += read;
      }
    } catch (IOException e) {
      // One side went away: close both, as a middlebox that lost a peer would.
      closeQuietly(link.client());
      closeQuietly(link.server());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void cut(Link link) throws IOException, InterruptedException {
    switch (link.plan().cut()) {
      case CLOSE -> {
        closeQuietly(link.client());
        closeQuietly(link.server());
      }
      case RESET -> {
        link.client().setSoLinger(true, 0);
        closeQuietly(link.client());
        closeQuietly(link.server());
      }
      case STALL -> closed.await(); // Silent until the proxy closes.
    }
  }

  /**
   * Ends every proxied connection now, as a server that drops idle connections does: with a FIN
   * for {@link Cut#CLOSE}, a reset for {@link Cut#RESET}.
   */
  public void disconnectAll(Cut cut) throws IOException {
    if (cut == Cut.STALL) throw new IllegalArgumentException("disconnectAll(STALL)");
    for (Link link : links) {
      if (cut == Cut.RESET && !link.client().isClosed()) link.client().setSoLinger(true, 0);
      closeQuietly(link.client());
      closeQuietly(link.server());
    }
  }

  private void start(String name, Runnable runnable) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /** Stops accepting, closes every proxied socket and waits for the proxy's threads to end. */
  @Override
  public void close() throws IOException {
    closed.countDown();
    serverSocket.close();
    for (Socket socket : sockets) closeQuietly(socket);
    for (Thread thread : new ArrayList<>(threads)) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (thread.isAlive()) throw new IllegalStateException(thread.getName() + " did not end");
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Best effort: the socket is abandoned either way.
    }
  }
}
