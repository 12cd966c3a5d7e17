package dev.courier.testing;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.SocketFactory;

/**
 * Makes plain sockets (those under TLS too) that record each array read into and written from,
 * with the counts, and keeps them: for tests of where bytes go between the socket and the caller
 * (a body read straight into the array the caller gets back, a request written in one system
 * call), and of the connections seen from below without touching their bytes (how many bytes wait
 * unread in the kernel, whether the client has begun a read).
 */
public final class RecordingSocketFactory extends SocketFactory {
  /**
   * One read or write on a socket's stream.
   *
   * @param array the array read into or written from (the caller's own, not a copy)
   * @param offset where in the array
   * @param byteCount how many bytes were asked for
   * @param result how many bytes a read returned (-1 at the end); {@code byteCount} for a write
   */
  public record Io(byte[] array, int offset, int byteCount, int result) {
  }

  private final List<Io> reads = new CopyOnWriteArrayList<>();
  private final List<Io> writes = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger readsStarted = new AtomicInteger();
  private volatile Thread afterWriteBy;
  private volatile Runnable afterWrite;

  /** Returns every read on the sockets made so far, in order. */
  public List<Io> reads() {
    return List.copyOf(reads);
  }

  /** Returns every write on the sockets made so far, in order. */
  public List<Io> writes() {
    return List.copyOf(writes);
  }

  /** Forgets what was recorded. */
  public void clear() {
    reads.clear();
    writes.clear();
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

  /**
   * Runs {@code action} once, after the next write by {@code writer} on a socket has reached the
   * kernel, on that thread: for tests that need the client paused just after it sent something.
   */
  public void afterNextWriteBy(Thread writer, Runnable action) {
    afterWrite = action;
    afterWriteBy = writer;
  }

  /** Returns how many reads the client has begun on its sockets, finished or not. */
  public int readsStarted() {
    return readsStarted.get();
  }

  @Override
  public Socket createSocket() {
    Socket socket = new RecordingSocket();
    sockets.add(socket);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
      int localPort) throws IOException {
    return connected(new InetSocketAddress(address, port));
  }

  private Socket connected(InetSocketAddress address) throws IOException {
    Socket socket = createSocket();
    socket.connect(address);
    return socket;
  }

  /** A plain socket whose streams record. */
  private final class RecordingSocket extends Socket {
    private InputStream in;
    private OutputStream out;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new FilterInputStream(super.getInputStream()) {
          @Override
          public int read() throws IOException {
            readsStarted.incrementAndGet();
            return super.read();
          }

          @Override
          public int read(byte[] array, int offset, int byteCount) throws IOException {
            readsStarted.incrementAndGet();
            int result = super.read(array, offset, byteCount);
            reads.add(new Io(array, offset, byteCount, result));
            return result;
          }
        };
      }
      return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        out = new FilterOutputStream(super.getOutputStream()) {
          @Override
          public void write(byte[] array, int offset, int byteCount) throws IOException {
            writes.add(new Io(array, offset, byteCount, byteCount));
            super.out.write(array, offset, byteCount);
            if (afterWriteBy == Thread.currentThread()) {
              afterWriteBy = null;
              afterWrite.run();
            }
          }
        };
      }
      return out;
    }
  }
}
