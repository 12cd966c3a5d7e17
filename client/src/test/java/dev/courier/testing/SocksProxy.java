package dev.courier.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOCKS5 proxy on 127.0.0.1 (RFC 1928: no authentication, {@code CONNECT} only) that sends
 * every connection to 127.0.0.1 on the port asked for, whatever the host name, and records the
 * targets clients named. Enough to show that a client lets the proxy resolve names.
 */
public final class SocksProxy implements AutoCloseable {
  private final ServerSocket serverSocket;
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** Starts the proxy on a free port. */
  public SocksProxy() throws IOException {
    serverSocket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    daemon(this::acceptLoop, "socks-proxy").start();
  }

  /** Returns a {@link Proxy} for this server. */
  public Proxy proxy() {
    return new Proxy(Proxy.Type.SOCKS, serverSocket.getLocalSocketAddress());
  }

  /** Returns the {@code host:port} targets clients asked for, in order. */
  public List<String> targets() {
    return List.copyOf(targets);
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket client = serverSocket.accept();
        sockets.add(client);
        daemon(() -> serve(client), "socks-proxy-connection").start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      if (in.readUnsignedByte() != 5) throw new IOException("not SOCKS5");
      in.skipNBytes(in.readUnsignedByte()); // The methods offered; we pick "no authentication".
      out.write(new byte[] {5, 0});

      if (in.readUnsignedByte() != 5 || in.readUnsignedByte() != 1) {
        throw new IOException("not a SOCKS5 CONNECT");
      }
      in.readUnsignedByte(); // Reserved.
      String host;
      switch (in.readUnsignedByte()) {
        case 1: host = InetAddress.getByAddress(in.readNBytes(4)).getHostAddress(); break;
        case 3: host = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
          break;
        case 4: host = InetAddress.getByAddress(in.readNBytes(16)).getHostAddress(); break;
        default: throw new IOException("unknown address type");
      }
      int port = in.readUnsignedShort();
      targets.add(host + ":" + port);

      Socket upstream = new Socket();
      sockets.add(upstream);
      upstream.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
      out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
      out.flush();
      daemon(() -> relay(upstream, client), "socks-proxy-relay").start();
      relay(client, upstream);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private static void relay(Socket from, Socket to) {
    try (from; to) {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) != -1; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed; closing both ends the other relay too.
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Best effort.
    }
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : sockets) closeQuietly(socket);
  }
}
