package dev.courier.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A loopback server that answers each request with bytes the test scripts, however malformed:
 * for responses no well-behaved server library will produce. Each accepted connection serves
 * scripted responses in order; a script either writes bytes and keeps the connection, or writes
 * them and closes it. It may speak TLS, and may write unasked bytes on the connection that served
 * the last response.
 */
public final class RawServer implements AutoCloseable {
  private final ServerSocket serverSocket;
  private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final Thread acceptThread;
  private final SSLSocketFactory tls; // Null for cleartext.
  private volatile OutputStream lastOutput;

  /** One scripted answer. */
  public record Script(byte[] response, boolean closeAfter) {
  }

  /** Starts listening on 127.0.0.1 on a free port. */
  public RawServer() throws IOException {
    this(null);
  }

  /**
   * Starts listening on 127.0.0.1 on a free port, speaking TLS through {@code tls} (the server's
   * side of a handshake) on every connection, or cleartext if it is null.
   */
  public RawServer(SSLSocketFactory tls) throws IOException {
    this.tls = tls;
    serverSocket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    acceptThread = new Thread(this::acceptLoop, "raw-server");
    acceptThread.setDaemon(true);
    acceptThread.start();
  }

  /** Returns the URL of {@code path} on this server, by IP address. */
  public String url(String path) {
    return (tls != null ? "https" : "http") + "://127.0.0.1:" + serverSocket.getLocalPort() + path;
  }

  /** Returns the URL of {@code path} on this server, by host name. */
  public String url(String host, String path) {
    return (tls != null ? "https" : "http") + "://" + host + ":" + serverSocket.getLocalPort()
        + path;
  }

  /**
   * Writes {@code bytes} (ISO-8859-1) now, unasked, on the connection that served the last
   * response: what a server sends late, or twice.
   */
  public void writeOnLastConnection(String bytes) throws IOException {
    OutputStream out = lastOutput;
    if (out == null) throw new IllegalStateException("no response served yet");
    out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Returns the port this server listens on. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Answers the next request with {@code response} (ISO-8859-1), keeping the connection. */
  public RawServer enqueue(String response) {
    return enqueue(response.getBytes(StandardCharsets.ISO_8859_1), false);
  }

  /** Answers the next request with {@code response}, then closes the connection. */
  public RawServer enqueueAndClose(String response) {
    return enqueue(response.getBytes(StandardCharsets.ISO_8859_1), true);
  }

  /** Answers the next request with {@code response}. */
  public RawServer enqueue(byte[] response, boolean closeAfter) {
    scripts.add(new Script(response, closeAfter));
    return this;
  }

  /** Returns the head of the next request received (request line and headers). */
  public String takeRequest() throws InterruptedException {
    String request = requests.poll(10, TimeUnit.SECONDS);
    if (request == null) throw new AssertionError("no request arrived within 10 s");
    return request;
  }

  /** Returns how many connections were accepted. */
  public int connectionCount() {
    return connectionCount.get();
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        connectionCount.incrementAndGet();
        Thread thread = new Thread(() -> serve(socket), "raw-server-connection");
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket accepted) {
    try (Socket socket = tls != null ? serverSide(accepted) : accepted) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) return;
        skipBody(in, head);
        requests.add(head);
        Script script = scripts.poll(10, TimeUnit.SECONDS);
        if (script == null) return;
        lastOutput = out; // Before the response: once the client has read it, the test may write.
        out.write(script.response());
        out.flush();
        if (script.closeAfter()) return;
      }
    } catch (IOException | InterruptedException e) {
      // The client went away; nothing to do.
    }
  }

  private Socket serverSide(Socket accepted) throws IOException {
    SSLSocket socket = (SSLSocket) tls.createSocket(accepted, null, accepted.getPort(), true);
    socket.setUseClientMode(false);
    return socket;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) return head.toString(StandardCharsets.ISO_8859_1);
    }
    return null;
  }

  private static void skipBody(InputStream in, String head) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
        long remaining = Long.parseLong(line.substring(colon + 1).trim());
        while (remaining > 0) {
          long skipped = in.skip(remaining);
          if (skipped <= 0) {
            if (in.read() == -1) return;
            skipped = 1;
          }
          remaining -= skipped;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
  }
}
