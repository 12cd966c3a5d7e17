package dev.courier.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.courier.Cache;
import dev.courier.CourierClient;
import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;

/**
 * A forwarding HTTP/1.1 proxy for the {@code http-cache-tests} suite (cache-tests.fyi): it
 * receives the suite's requests on loopback, sends each through a {@link CourierClient} with a
 * {@link Cache} to the suite's origin server, and writes back what the client returned. The
 * suite then sees Courier's cache the way it sees a reverse proxy's. Run by
 * {@code conformance/http-cache-tests/run.sh}; compiled with the tests so it can't rot.
 *
 * <pre>
 *   CacheConformanceProxy --origin http://127.0.0.1:8000 --mode shared|private --cache-dir DIR
 * </pre>
 *
 * <p>It prints {@code listening on 127.0.0.1:<port>} and serves until it is killed. The client
 * neither follows redirects nor retries (a proxy passes both on, and the suite flags a request
 * that reaches the origin twice); everything else is Courier's default.
 */
public final class CacheConformanceProxy {
  /** Fields of one hop (RFC 9110 §7.6.1), never forwarded in either direction. */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive",
      "proxy-connection", "te", "transfer-encoding", "upgrade", "trailer", "host",
      "content-length", "proxy-authorization", "proxy-authenticate");
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private final HttpUrl origin;
  private final CourierClient client;
  private final ServerSocket serverSocket;
  private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "conformance-proxy");
    thread.setDaemon(true);
    return thread;
  });

  CacheConformanceProxy(HttpUrl origin, Cache cache) throws IOException {
    this.origin = origin;
    this.client = new CourierClient.Builder()
        .cache(cache)
        .followRedirects(false)
        .retryOnConnectionFailure(false)
        .build();
    this.serverSocket = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
  }

  /** Starts the proxy; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    String origin = null;
    String mode = null;
    String cacheDir = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--origin" -> origin = args[i + 1];
        case "--mode" -> mode = args[i + 1];
        case "--cache-dir" -> cacheDir = args[i + 1];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (origin == null || mode == null || cacheDir == null) {
      throw new IllegalArgumentException(
          "usage: --origin http://127.0.0.1:PORT --mode shared|private --cache-dir DIR");
    }
    HttpUrl originUrl = HttpUrl.get(origin);
    if (!originUrl.host().equals("127.0.0.1") && !originUrl.host().equals("localhost")) {
      throw new IllegalArgumentException("origin must be on loopback: " + origin);
    }
    Cache cache = newCache(mode, Path.of(cacheDir));
    CacheConformanceProxy proxy = new CacheConformanceProxy(originUrl, cache);
    System.out.println("listening on 127.0.0.1:" + proxy.serverSocket.getLocalPort());
    System.out.flush();
    proxy.serve();
  }

  private static Cache newCache(String mode, Path directory) {
    long maxSize = 64L * 1024 * 1024;
    return switch (mode) {
      case "shared" -> new Cache.Builder(directory, maxSize).shared(true).build();
      case "private" -> new Cache(directory, maxSize);
      default -> throw new IllegalArgumentException("mode must be shared or private: " + mode);
    };
  }

  private void serve() throws IOException {
    while (true) {
      Socket socket = serverSocket.accept();
      connections.execute(() -> handle(socket));
    }
  }

  private void handle(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        IncomingRequest incoming = IncomingRequest.read(in);
        if (incoming == null) return;
        byte[] response = forward(incoming);
        out.write(response);
        out.flush();
        if (incoming.close) return;
      }
    } catch (IOException e) {
      // The suite closed the connection, or sent something we can't read: drop it.
    }
  }

  /** Sends {@code incoming} through Courier and returns the bytes of the response to write. */
  private byte[] forward(IncomingRequest incoming) {
    Request.Builder builder = new Request.Builder().url(origin.resolve(incoming.target));
    Set<String> listed = connectionListed(incoming.headers);
    for (int i = 0; i < incoming.headers.size(); i++) {
      String name = incoming.headers.name(i);
      String lower = name.toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower) || listed.contains(lower)) continue;
      builder.addHeader(name, incoming.headers.value(i));
    }
    RequestBody body = incoming.body.length > 0 || requiresBody(incoming.method)
        ? RequestBody.create(incoming.body, null) : null;
    builder.method(incoming.method, body);
    try (Response response = client.newCall(builder.build()).execute()) {
      byte[] content = response.body().bytes();
      return write(incoming.method, response, content);
    } catch (IOException | RuntimeException e) {
      System.err.println(incoming.method + " " + incoming.target + ": " + e);
      byte[] message = ("conformance proxy: " + e).getBytes(StandardCharsets.UTF_8);
      String head = "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: "
          + message.length + "\r\n\r\n";
      return concat(head.getBytes(StandardCharsets.ISO_8859_1), message);
    }
  }

  private static boolean requiresBody(String method) {
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
  }

  private static byte[] write(String method, Response response, byte[] content) {
    StringBuilder head = new StringBuilder()
        .append("HTTP/1.1 ").append(response.code()).append(' ').append(response.message())
        .append("\r\n");
    Headers headers = response.headers();
    Set<String> listed = connectionListed(headers);
    for (int i = 0; i < headers.size(); i++) {
      String lower = headers.name(i).toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower) || listed.contains(lower)) continue;
      head.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
    }
    boolean bodyless = method.equals("HEAD") || response.code() == 204
        || response.code() == 304;
    if (!bodyless) {
      head.append("Content-Length: ").append(content.length).append("\r\n");
    } else if (method.equals("HEAD") && response.header("Content-Length") != null) {
      head.append("Content-Length: ").append(response.header("Content-Length")).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    return bodyless ? headBytes : concat(headBytes, content);
  }

  private static Set<String> connectionListed(Headers headers) {
    Set<String> result = new HashSet<>();
    for (String value : headers.values("Connection")) {
      for (String token : value.split(",")) result.add(token.strip().toLowerCase(Locale.ROOT));
    }
    return result;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] result = new byte[a.length + b.length];
    System.arraycopy(a, 0, result, 0, a.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }

  /** One request read from the suite: enough HTTP/1.1 for a test client on loopback. */
  private record IncomingRequest(String method, String target, Headers headers, byte[] body,
      boolean close) {

    /** Returns the next request on {@code in}, or null at the end of the stream. */
    static IncomingRequest read(InputStream in) throws IOException {
      String requestLine = readLine(in);
      if (requestLine == null) return null;
      String[] parts = requestLine.split(" ");
      if (parts.length != 3) throw new IOException("bad request line: " + requestLine);
      Headers.Builder headers = new Headers.Builder();
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        headers.add(line);
      }
      Headers built = headers.build();
      byte[] body;
      String transferEncoding = built.get("Transfer-Encoding");
      if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT)
          .contains("chunked")) {
        body = readChunked(in);
      } else {
        String contentLength = built.get("Content-Length");
        body = in.readNBytes(contentLength != null ? Integer.parseInt(contentLength.strip()) : 0);
      }
      String connection = built.get("Connection");
      boolean close = parts[2].equals("HTTP/1.0")
          || (connection != null && connection.toLowerCase(Locale.ROOT).contains("close"));
      return new IncomingRequest(parts[0], parts[1], built, body, close);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine(in);
        if (sizeLine == null) throw new IOException("truncated chunked body");
        int semicolon = sizeLine.indexOf(';');
        int size = Integer.parseInt(
            (semicolon == -1 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
        if (size == 0) {
          for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            // Trailers: not forwarded.
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(size));
        readLine(in);
      }
    }

    /** Reads a CRLF-ended line; null at the end of the stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r'
              ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        if (line.size() >= MAX_HEAD_BYTES) throw new IOException("line too long");
        line.write(b);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
