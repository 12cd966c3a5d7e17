package dev.courier.internal.http2;

import static dev.courier.internal.http2.Http2.FLAG_END_HEADERS;
import static dev.courier.internal.http2.Http2.FLAG_END_STREAM;
import static dev.courier.internal.http2.Http2.FLAG_NONE;
import static dev.courier.internal.http2.Http2.TYPE_CONTINUATION;
import static dev.courier.internal.http2.Http2.TYPE_DATA;
import static dev.courier.internal.http2.Http2.TYPE_GOAWAY;
import static dev.courier.internal.http2.Http2.TYPE_HEADERS;
import static dev.courier.internal.http2.Http2.TYPE_PING;
import static dev.courier.internal.http2.Http2.TYPE_SETTINGS;
import static dev.courier.internal.http2.Http2.TYPE_WINDOW_UPDATE;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

import okio.Buffer;
import okio.BufferedSink;

/**
 * Writes HTTP/2 frames to a connection. Frames from many streams share one socket, so every write
 * happens under one lock, held only while bytes are copied and, when asked, flushed.
 *
 * <p>Two kinds of writers use it. Calls write HEADERS and DATA, and wait for the lock. The
 * connection's reader thread writes small control frames (acknowledgements, resets, window
 * updates) and must never wait for it: if the reader blocked behind a call whose write is stalled
 * on a peer that is itself waiting for us to read, neither side would move. So control frames go
 * through {@link #control}: written at once if the lock is free, otherwise queued, and whoever
 * holds the lock writes the queue before releasing it. The queue is bounded: a peer that makes us
 * owe it more control frames than {@link #MAX_PENDING_CONTROL_BYTES} while not reading fails the
 * connection instead of growing memory.
 *
 * <p>Header blocks are encoded here, under the lock, because HPACK's dynamic table depends on the
 * order in which blocks reach the wire.
 *
 * <p>Calls that only need their frames sent soon ask for {@link #flushOnUnlock()}: when other
 * calls are waiting for the lock, the flush is left to the next holder, so a burst of requests from
 * many calls costs one system call instead of one each. A chain of such hand-overs ends after
 * {@value #MAX_FLUSH_DEFERRALS} holders, so no frame waits behind an endless queue.
 */
final class FrameWriter {
  /** The most control-frame bytes queued behind a busy writer before the connection fails. */
  static final int MAX_PENDING_CONTROL_BYTES = 1024 * 1024;
  /** How many lock holders in a row may leave a requested flush to the next. */
  static final int MAX_FLUSH_DEFERRALS = 16;

  /** Told when writing a queued control frame failed: the connection is broken. */
  interface FailureListener {
    /** Called without any lock held by this writer's caller. */
    void writeFailed(IOException e);
  }

  private final BufferedSink sink;
  private final HpackEncoder encoder = new HpackEncoder();
  private final ReentrantLock lock = new ReentrantLock();
  private final Buffer headerBlock = new Buffer();
  /** A frame header being written; guarded by the lock. */
  private final byte[] frameHeader = new byte[Http2.FRAME_HEADER_LENGTH];
  /** Guarded by the lock: frames written that someone asked to be flushed, and how often deferred. */
  private boolean flushPending;
  private int flushDeferrals;
  private final FailureListener failureListener;
  /** Control frames waiting for the lock; guarded by itself. */
  private final Buffer pendingControl = new Buffer();
  private volatile boolean controlPending;
  /** The peer's SETTINGS_MAX_FRAME_SIZE, read by whoever splits frames. */
  private volatile int peerMaxFrameSize = Http2.INITIAL_MAX_FRAME_SIZE;
  /** A SETTINGS_HEADER_TABLE_SIZE the encoder has yet to apply, or -1. */
  private volatile int pendingHeaderTableSize = -1;

  FrameWriter(BufferedSink sink, FailureListener failureListener) {
    this.sink = sink;
    this.failureListener = failureListener;
  }

  /** Takes the lock; a call that writes frames holds it across them. */
  void lock() {
    lock.lock();
  }

  /**
   * Writes any queued control frames, flushes if {@link #flushOnUnlock()} asked and no other
   * writer is waiting to do it, then releases the lock.
   */
  void unlock() {
    IOException failure = null;
    while (true) {
      if (controlPending) {
        try {
          writePendingControl();
        } catch (IOException e) {
          failure = e;
        }
      }
      if (flushPending && (!lock.hasQueuedThreads() || ++flushDeferrals >= MAX_FLUSH_DEFERRALS)) {
        try {
          flush();
        } catch (IOException e) {
          failure = e;
        }
      }
      lock.unlock();
      // A control frame queued after the check above found the lock still held: take it again.
      if (!controlPending || !lock.tryLock()) break;
    }
    if (failure != null) failureListener.writeFailed(failure);
  }

  /** Returns true if the calling thread holds the lock. */
  boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  /** Sets the peer's SETTINGS_MAX_FRAME_SIZE, which bounds the DATA and HEADERS frames written. */
  void peerMaxFrameSize(int size) {
    peerMaxFrameSize = size;
  }

  /** Returns the largest frame payload the peer accepts. */
  int peerMaxFrameSize() {
    return peerMaxFrameSize;
  }

  /** Records the peer's SETTINGS_HEADER_TABLE_SIZE; the next header block applies it. */
  void peerHeaderTableSize(int size) {
    pendingHeaderTableSize = size;
  }

  /**
   * Writes the connection preface, this side's SETTINGS and, if positive, a WINDOW_UPDATE that
   * grows the connection window. The caller holds the lock.
   */
  void connectionPreface(Settings settings, int connectionWindowIncrement) throws IOException {
    sink.write(Http2.CONNECTION_PREFACE);
    int[] ids = settings.ids();
    frameHeader(0, ids.length * 6, TYPE_SETTINGS, FLAG_NONE);
    for (int id : ids) {
      sink.writeShort(id);
      sink.writeInt(settings.get(id));
    }
    if (connectionWindowIncrement > 0) {
      frameHeader(0, 4, TYPE_WINDOW_UPDATE, FLAG_NONE);
      sink.writeInt(connectionWindowIncrement);
    }
    sink.flush();
  }

  /**
   * Encodes {@code fields} (alternating lowercase names and values) as one header block and writes
   * it as a HEADERS frame followed by as many CONTINUATION frames as the peer's maximum frame size
   * needs. The caller holds the lock.
   */
  void headers(int streamId, boolean endStream, RequestFields fields) throws IOException {
    int tableSize = pendingHeaderTableSize;
    if (tableSize != -1) {
      pendingHeaderTableSize = -1;
      encoder.peerHeaderTableSize(tableSize);
    }
    encoder.beginBlock(headerBlock);
    fields.encode(encoder, headerBlock);
    long blockSize = headerBlock.size();
    int maxFrameSize = peerMaxFrameSize;
    int length = (int) Math.min(maxFrameSize, blockSize);
    int flags = endStream ? FLAG_END_STREAM : FLAG_NONE;
    if (length == blockSize) flags |= FLAG_END_HEADERS;
    frameHeader(streamId, length, TYPE_HEADERS, flags);
    sink.write(headerBlock, length);
    while (headerBlock.size() > 0) {
      length = (int) Math.min(maxFrameSize, headerBlock.size());
      frameHeader(streamId, length, TYPE_CONTINUATION,
          length == headerBlock.size() ? FLAG_END_HEADERS : FLAG_NONE);
      sink.write(headerBlock, length);
    }
  }

  /**
   * Writes {@code byteCount} bytes of {@code source} as one DATA frame; the caller holds the lock,
   * the flow-control credit, and keeps {@code byteCount} within the peer's maximum frame size.
   */
  void data(int streamId, boolean endStream, Buffer source, int byteCount) throws IOException {
    frameHeader(streamId, byteCount, TYPE_DATA, endStream ? FLAG_END_STREAM : FLAG_NONE);
    if (byteCount > 0) sink.write(source, byteCount);
  }

  /**
   * Writes GOAWAY with {@code errorCode} and flushes, before the connection is closed: waits up to
   * {@code timeoutMillis} for the lock, since a connection being torn down needs no reader to make
   * progress. Returns false if the frame could not be written.
   */
  boolean goAwayBeforeClosing(ErrorCode errorCode, long timeoutMillis) {
    try {
      if (!lock.tryLock(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      if (controlPending) writePendingControl();
      goAway(0, errorCode);
      sink.flush();
      return true;
    } catch (IOException e) {
      return false; // The connection is being closed anyway.
    } finally {
      lock.unlock();
    }
  }

  /** Writes a GOAWAY frame; the caller holds the lock. */
  void goAway(int lastStreamId, ErrorCode errorCode) throws IOException {
    frameHeader(0, 8, TYPE_GOAWAY, FLAG_NONE);
    sink.writeInt(lastStreamId);
    sink.writeInt(errorCode.code());
  }

  /** Sends what was written so far; the caller holds the lock. */
  void flush() throws IOException {
    flushPending = false;
    flushDeferrals = 0;
    sink.flush();
  }

  /**
   * Asks for what was written to be sent when the lock is released: by this holder, or by a later
   * one if others are waiting for the lock. A failure then reaches the {@link FailureListener}.
   * The caller holds the lock.
   */
  void flushOnUnlock() {
    flushPending = true;
  }

  /**
   * Sends a control frame without ever waiting for the lock: written and flushed at once if the
   * lock is free, else queued for the holder to send. Failures reach the
   * {@link FailureListener}, never the caller.
   *
   * @param type one of SETTINGS (an ACK), PING, RST_STREAM, WINDOW_UPDATE or GOAWAY
   * @param payload the frame's 4- or 8-byte payload; ignored for a SETTINGS ACK
   */
  void control(int type, int flags, int streamId, long payload) {
    boolean overflow;
    synchronized (pendingControl) {
      overflow = pendingControl.size() >= MAX_PENDING_CONTROL_BYTES;
      if (!overflow) writeControl(pendingControl, type, flags, streamId, payload);
      controlPending = true;
    }
    if (overflow) {
      failureListener.writeFailed(new Http2ProtocolException(ErrorCode.ENHANCE_YOUR_CALM,
          "The peer is owed more than " + MAX_PENDING_CONTROL_BYTES
              + " bytes of control frames and is not reading them"));
      return;
    }
    if (lock.tryLock()) unlock();
  }

  /** Moves queued control frames to the socket and flushes; the caller holds the lock. */
  private void writePendingControl() throws IOException {
    synchronized (pendingControl) {
      controlPending = false;
      sink.write(pendingControl, pendingControl.size());
    }
    flush();
  }

  /** Writes a SETTINGS ACK, PING, RST_STREAM, WINDOW_UPDATE or GOAWAY frame into {@code out}. */
  private static void writeControl(Buffer out, int type, int flags, int streamId, long payload) {
    int length = type == TYPE_SETTINGS ? 0 : type == TYPE_PING || type == TYPE_GOAWAY ? 8 : 4;
    out.writeByte((length >>> 16) & 0xff).writeByte((length >>> 8) & 0xff).writeByte(length & 0xff)
        .writeByte(type).writeByte(flags).writeInt(streamId & 0x7fffffff);
    if (length == 8) {
      out.writeLong(payload);
    } else if (length == 4) {
      out.writeInt((int) payload);
    }
  }

  /** Writes a frame header in one call to the sink, which costs less than one call a field. */
  private void frameHeader(int streamId, int length, int type, int flags) throws IOException {
    byte[] header = frameHeader;
    header[0] = (byte) (length >>> 16);
    header[1] = (byte) (length >>> 8);
    header[2] = (byte) length;
    header[3] = (byte) type;
    header[4] = (byte) flags;
    header[5] = (byte) ((streamId >>> 24) & 0x7f);
    header[6] = (byte) (streamId >>> 16);
    header[7] = (byte) (streamId >>> 8);
    header[8] = (byte) streamId;
    sink.write(header);
  }

  /** Returns the HPACK encoder, for tests. */
  HpackEncoder encoder() {
    return encoder;
  }
}
