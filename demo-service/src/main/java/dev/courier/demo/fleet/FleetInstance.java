package dev.courier.demo.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One instance of the fleet: a JDK HTTP server on 127.0.0.1 that answers every GET with its own
 * number. Killing it closes its listening socket and every connection to it, so callers see
 * connections refused or reset, as from a crashed process; reviving it listens on the same port
 * again.
 */
public final class FleetInstance {
  private final int number;
  private final int port;
  private @Nullable HttpServer server;

  /** Creates instance {@code number} (from 1), not yet listening on {@code port}. */
  public FleetInstance(int number, int port) {
    this.number = number;
    this.port = port;
  }

  /** Returns the instance's number, from 1. */
  public int number() {
    return number;
  }

  /** Returns the loopback port the instance listens on while it is up. */
  public int port() {
    return port;
  }

  /** Returns whether the instance is listening. */
  public synchronized boolean up() {
    return server != null;
  }

  /**
   * Starts listening, if it is not.
   *
   * @throws UncheckedIOException if the port cannot be bound, for instance because another
   *     process took it while the instance was down
   */
  public synchronized void start() {
    if (server != null) return;
    try {
      HttpServer started = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      started.createContext("/", this::answer);
      started.start();
      server = started;
    } catch (IOException e) {
      throw new UncheckedIOException("fleet instance " + number + " cannot listen on 127.0.0.1:"
          + port, e);
    }
  }

  /** Stops listening and closes every connection at once, if it is up. */
  public synchronized void kill() {
    if (server == null) return;
    server.stop(0);
    server = null;
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = ("{\"instance\":" + number + ",\"port\":" + port + "}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      // Each answer says who sent it, so none may come from a cache.
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
