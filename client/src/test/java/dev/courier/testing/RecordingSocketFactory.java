package dev.courier.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.SocketFactory;

/**
 * Makes the client's plain sockets (those under TLS too) and keeps them, so that a test can see
 * its connections from below without touching their bytes: how many bytes wait unread in the
 * kernel, and whether the client has begun a read.
 */
public final class RecordingSocketFactory extends SocketFactory {
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger readsStarted = new AtomicInteger();

  @Override
  public Socket createSocket() {
    Socket socket = new Socket() {
      @Override
      public InputStream getInputStream() throws IOException {
        return new FilterInputStream(super.getInputStream()) {
          @Override
          public int read() throws IOException {
            readsStarted.incrementAndGet();
            return super.read();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            readsStarted.incrementAndGet();
            return super.read(b, off, len);
          }
        };
      }
    };
    sockets.add(socket);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port) {
    throw new UnsupportedOperationException("the client creates unconnected sockets");
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
    throw new UnsupportedOperationException("the client creates unconnected sockets");
  }

  @Override
  public Socket createSocket(InetAddress host, int port) {
    throw new UnsupportedOperationException("the client creates unconnected sockets");
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
      int localPort) {
    throw new UnsupportedOperationException("the client creates unconnected sockets");
  }

  /** Returns how many sockets the client made. */
  public int socketCount() {
    return sockets.size();
  }

  /**
   * Returns how many bytes the kernel holds unread for the client's {@code index}th socket (for a
   * TLS connection, encrypted bytes), without reading them.
   */
  public int unreadBytes(int index) {
    try {
      return sockets.get(index).getInputStream().available();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns how many reads the client has begun on its sockets, finished or not. */
  public int readsStarted() {
    return readsStarted.get();
  }
}
