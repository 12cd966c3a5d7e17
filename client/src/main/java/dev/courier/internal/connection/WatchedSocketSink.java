package dev.courier.internal.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import dev.courier.internal.http.ArraySink;
import okio.Buffer;
import okio.Okio;
import okio.Sink;
import okio.Timeout;

/**
 * Writes a pooled connection's socket, and lets the pool's cleanup thread enforce the write
 * timeout: Java cannot time out a blocked socket write, so another thread must close the socket.
 *
 * <p>Okio's {@link okio.AsyncTimeout} would do it by arming its watchdog for every write, which
 * wakes the watchdog thread once or twice per request (two context switches, a measurable part of
 * a small request's latency). Here a write costs two volatile stores; the cleanup thread, which
 * runs anyway while the pool has connections, looks at connections in use every
 * {@link RealConnectionPool#WRITE_CHECK_INTERVAL_NANOS} and closes any socket whose write has
 * blocked too long. The blocked write then fails with a {@link SocketTimeoutException} naming the
 * timeout, up to one check interval late.
 *
 * <p>An in-memory request body is written straight from its array
 * ({@link #write(Buffer, byte[], int, int)}); a small one shares a system call with the headers.
 */
final class WatchedSocketSink implements ArraySink {
  /** Writes larger than this are gathered into one array: one system call instead of many. */
  static final int GATHER_THRESHOLD = 16 * 1024;
  private static final int SCRATCH_SIZE = 64 * 1024;
  /** Okio's segment size: a head and an array that fit in one segment go out from it. */
  private static final int SEGMENT_SIZE = 8192;

  private final Socket socket;
  private final OutputStream out;
  private final Sink delegate;
  private byte[] scratch; // Made on the first large write; most connections never need it.
  private volatile long writeTimeoutNanos;
  private volatile boolean writing;
  private volatile long writeStartedAtNanos;
  private volatile boolean timedOut;

  WatchedSocketSink(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.delegate = Okio.sink(out);
  }

  /** Sets how long one write may block; 0 means forever. */
  void writeTimeoutMillis(int millis) {
    writeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Override
  public void write(Buffer source, long byteCount) throws IOException {
    startWrite();
    try {
      if (byteCount <= GATHER_THRESHOLD) {
        delegate.write(source, byteCount); // Segment by segment, without copying.
      } else {
        writeGathered(source, byteCount);
      }
    } catch (IOException e) {
      throw failed(e);
    } finally {
      writing = false;
    }
  }

  /**
   * Writes {@code head} and then the array. Up to {@link #GATHER_THRESHOLD} bytes in all, both go
   * out in one system call: the array is copied after the head, which costs less than a second
   * call. Beyond it, the head goes first and the array follows from where it is, uncopied (for
   * 64 KiB, one call and a copy measured no faster than two calls).
   */
  @Override
  public void write(Buffer head, byte[] source, int offset, int byteCount) throws IOException {
    long headSize = head.size();
    long total = headSize + byteCount;
    if (total <= SEGMENT_SIZE) {
      head.write(source, offset, byteCount);
      write(head, total);
      return;
    }
    boolean gather = total <= GATHER_THRESHOLD;
    if (!gather && headSize > 0) write(head, headSize);
    startWrite();
    try {
      if (gather) {
        if (scratch == null) scratch = new byte[SCRATCH_SIZE];
        int length = (int) headSize;
        for (int read = 0; read < length; ) {
          read += head.read(scratch, read, length - read);
        }
        System.arraycopy(source, offset, scratch, length, byteCount);
        out.write(scratch, 0, (int) total);
      } else {
        out.write(source, offset, byteCount);
      }
    } catch (IOException e) {
      throw failed(e);
    } finally {
      writing = false;
    }
  }

  private void startWrite() throws SocketTimeoutException {
    if (timedOut) throw timeoutException(null);
    writeStartedAtNanos = System.nanoTime();
    writing = true;
  }

  private IOException failed(IOException e) {
    return timedOut ? timeoutException(e) : e;
  }

  /**
   * Writes {@code byteCount} bytes through a scratch array: Okio's socket sink writes one 8 KiB
   * segment per system call, and a large request body would pay for each.
   */
  private void writeGathered(Buffer source, long byteCount) throws IOException {
    if (scratch == null) scratch = new byte[SCRATCH_SIZE];
    while (byteCount > 0) {
      int length = (int) Math.min(byteCount, scratch.length);
      int read = 0;
      while (read < length) {
        read += source.read(scratch, read, length - read);
      }
      out.write(scratch, 0, length);
      byteCount -= length;
    }
  }

  /**
   * Closes the socket if a write has been blocked for longer than the write timeout at
   * {@code nowNanos}, and returns true if it did. Called by the pool's cleanup thread.
   */
  boolean closeIfStalled(long nowNanos) {
    long timeout = writeTimeoutNanos;
    if (timeout == 0 || !writing || nowNanos - writeStartedAtNanos < timeout) return false;
    timedOut = true;
    RealConnection.closeQuietly(socket);
    return true;
  }

  private SocketTimeoutException timeoutException(IOException cause) {
    SocketTimeoutException e = new SocketTimeoutException("Write timed out after "
        + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) + " ms (writeTimeout)");
    if (cause != null) e.initCause(cause);
    return e;
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public Timeout timeout() {
    return delegate.timeout();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
