package dev.courier.benchmarks.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ceiling: a request encoded once, written to a plain socket, and the response's known length
 * read back into a reused buffer. No parsing beyond the first response of each URL, no pool, no
 * allocation per request. Not a client anyone should use; a measure of what the loopback and the
 * server cost.
 */
final class RawSocketPeer implements Peer {
  private final Map<String, byte[]> getRequests = new ConcurrentHashMap<>();
  private final Map<String, byte[]> postRequests = new ConcurrentHashMap<>();
  private final Map<String, Framing> getFramings = new ConcurrentHashMap<>();
  private final Map<String, Framing> postFramings = new ConcurrentHashMap<>();
  private final ThreadLocal<Map<String, Socket>> sockets =
      ThreadLocal.withInitial(ConcurrentHashMap::new);
  private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
  private final Set<Socket> allSockets = ConcurrentHashMap.newKeySet();

  /** The length of a URL's response, and whether the server closes after it. */
  private record Framing(int length, boolean close) {
  }

  RawSocketPeer(int maxConnections) {
  }

  @Override
  public long get(String url) throws IOException {
    byte[] request = getRequests.computeIfAbsent(url, key -> encode("GET", url, 0));
    return exchange(url, request, null);
  }

  @Override
  public int post(String url, byte[] body) throws IOException {
    byte[] head = postRequests.computeIfAbsent(url, key -> encode("POST", url, body.length));
    exchange(url, head, body);
    return 200;
  }

  private long exchange(String url, byte[] head, byte[] body) throws IOException {
    Map<String, Socket> threadSockets = sockets.get();
    Socket socket = threadSockets.get(url);
    if (socket == null) {
      URI uri = URI.create(url);
      socket = new Socket(uri.getHost(), uri.getPort());
      socket.setTcpNoDelay(true);
      allSockets.add(socket);
      threadSockets.put(url, socket);
    }
    OutputStream out = socket.getOutputStream();
    out.write(head);
    if (body != null) out.write(body);
    out.flush();
    InputStream in = socket.getInputStream();
    Map<String, Framing> framingsByUrl = body != null ? postFramings : getFramings;
    Framing framing = framingsByUrl.get(url);
    if (framing == null) {
      framing = learnFraming(in);
      framingsByUrl.put(url, framing);
    } else {
      skip(in, framing.length());
    }
    if (framing.close()) {
      socket.close();
      allSockets.remove(socket);
      threadSockets.remove(url);
    }
    return framing.length();
  }

  private void skip(InputStream in, int length) throws IOException {
    byte[] buffer = buffers.get();
    int remaining = length;
    while (remaining > 0) {
      int read = in.read(buffer, 0, Math.min(buffer.length, remaining));
      if (read == -1) throw new IOException("server closed after " + (length - remaining));
      remaining -= read;
    }
  }

  /** Reads the first response for a URL the slow way, noting its total length. */
  private static Framing learnFraming(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) throw new IOException("server closed in headers");
      head.append((char) b);
    }
    int contentLength = 0;
    boolean close = false;
    for (String line : head.toString().split("\r\n")) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        contentLength = Integer.parseInt(line.substring(15).trim());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    in.readNBytes(contentLength);
    return new Framing(head.length() + contentLength, close);
  }

  private static byte[] encode(String method, String url, int bodyLength) {
    URI uri = URI.create(url);
    String target = uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
    String head = method + " " + target + " HTTP/1.1\r\n"
        + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
        + (bodyLength > 0 ? "Content-Type: application/octet-stream\r\nContent-Length: "
            + bodyLength + "\r\n" : "")
        + "\r\n";
    return head.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    for (Socket socket : allSockets) socket.close();
  }
}
