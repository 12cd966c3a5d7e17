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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import okio.Buffer;
import okio.BufferedSink;

/**
 * Writes HTTP/2 frames to a connection. Frames from many streams share one socket: they are
 * encoded under one lock into a queue in memory, and one thread at a time, the flusher, moves the
 * queue to the socket. The lock is never held across a socket write, so a call that opens a stream
 * waits for the frames of others to be encoded, never for them to be encrypted and sent.
 *
 * <p>A writer that asks for its frames to be sent ({@link #flushOnUnlock()}) becomes the flusher
 * when the lock is released, unless one is at work: then its frames go with the flusher's next
 * write, and it returns at once. A flusher writes what is queued, then what was queued meanwhile,
 * until the queue is empty; so that one call does not write for everybody while its own response
 * waits, after its first write the next writer to queue frames stays to take over, and the
 * flusher leaves once that successor is there. A write that fails is final: the queue is dropped,
 * later frames are refused, and the {@link FailureListener} fails the connection and its streams.
 *
 * <p>The queue is bounded for DATA: a writer that finds {@link #MAX_QUEUED_BYTES} queued waits
 * for the flusher (or becomes it) before adding more, so a slow socket slows the request bodies
 * instead of growing memory.
 *
 * <p>The connection's reader thread writes small control frames (acknowledgements, resets, window
 * updates) and must never wait for the lock: if the reader blocked behind a call, neither side
 * might move. So control frames go through {@link #control}: queued on the side, then moved to the
 * queue by whoever holds the lock or takes it at once (the reader may then be the flusher, but
 * never waits to be a successor). A peer that makes us owe it more control frames than
 * {@link #MAX_PENDING_CONTROL_BYTES} while not reading fails the connection instead of growing
 * memory.
 *
 * <p>Header blocks are encoded here, under the lock, because HPACK's dynamic table depends on the
 * order in which blocks reach the wire; the queue keeps that order.
 */
final class FrameWriter {
  /** The most control-frame bytes owed to the peer before the connection fails. */
  static final int MAX_PENDING_CONTROL_BYTES = 1024 * 1024;
  /** How many bytes of frames may wait for the socket before DATA writers wait. */
  static final int MAX_QUEUED_BYTES = 256 * 1024;

  /** Told when writing queued frames failed: the connection is broken. */
  interface FailureListener {
    /** Called without any lock held by this writer's caller. */
    void writeFailed(IOException e);
  }

  private final BufferedSink sink;
  private final HpackEncoder encoder = new HpackEncoder();
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when the flusher took the queue, handed over, finished or failed. */
  private final Condition flusherProgress = lock.newCondition();
  private final FailureListener failureListener;
  /** Used by the flusher alone: the frames it is writing. */
  private final Buffer outgoing = new Buffer();

  // Guarded by the lock.
  private final Buffer headerBlock = new Buffer();
  /** A frame header being written. */
  private final byte[] frameHeader = new byte[Http2.FRAME_HEADER_LENGTH];
  /** Frames encoded and not yet taken by the flusher. */
  private final Buffer queue = new Buffer();
  /** Someone asked for the queue to be sent. */
  private boolean flushRequested;
  /** A thread is the flusher: only it writes to the sink. */
  private boolean flushing;
  /** A writer stays to take over from the flusher once the flusher's write is done. */
  private boolean successorWaiting;
  /** The flusher handed its role over to the waiting successor. */
  private boolean handedOver;
  /** Set once a write to the socket failed: nothing more is sent. */
  private IOException failure;

  /** Control frames waiting for the lock; guarded by itself. */
  private final Buffer pendingControl = new Buffer();
  private volatile boolean controlPending;
  /** Control-frame bytes moved to the queue and not yet taken by the flusher. */
  private volatile long queuedControlBytes;
  /** The peer's SETTINGS_MAX_FRAME_SIZE, read by whoever splits frames. */
  private volatile int peerMaxFrameSize = Http2.INITIAL_MAX_FRAME_SIZE;
  /** A SETTINGS_HEADER_TABLE_SIZE the encoder has yet to apply, or -1. */
  private volatile int pendingHeaderTableSize = -1;

  FrameWriter(BufferedSink sink, FailureListener failureListener) {
    this.sink = sink;
    this.failureListener = failureListener;
  }

  /** Returns true if a writer waits to take over from the flusher; for tests. */
  boolean hasWaitingSuccessor() {
    lock.lock();
    try {
      return successorWaiting;
    } finally {
      lock.unlock();
    }
  }

  /** Takes the lock; a call that writes frames holds it across them. */
  void lock() {
    lock.lock();
  }

  /**
   * Moves queued control frames to the queue, then releases the lock. If a flush was asked for and
   * no flusher is at work, this thread becomes the flusher and writes the queue to the socket
   * first; if one is at work and has no successor yet, this thread waits to be it. Otherwise it
   * returns at once: its frames go with the flusher's next write. A failure of this thread's write
   * reaches the {@link FailureListener}.
   */
  void unlock() {
    release(true);
  }

  /**
   * Releases the lock as {@link #unlock()} does; a thread that may not wait ({@code mayWait}
   * false: the reader's control frames) never stays as the flusher's successor, since the flusher
   * writes whatever is queued before it leaves.
   */
  private void release(boolean mayWait) {
    IOException failed = null;
    while (true) {
      if (controlPending) moveControlFrames();
      if (flushRequested && failure == null) {
        if (!flushing) {
          flushing = true;
          failed = flushAsFlusher();
        } else if (mayWait && !successorWaiting && queue.size() > 0) {
          failed = awaitTurnAsSuccessor();
        }
      }
      lock.unlock();
      // A control frame queued after the check above found the lock still held: take it again.
      if (failed != null || !controlPending || !lock.tryLock()) break;
    }
    if (failed != null) failureListener.writeFailed(failed);
  }

  /**
   * Writes the queue to the socket until it is empty or a successor takes over. The caller holds
   * the lock and is the flusher; the lock is released during each write. Returns the exception if
   * a write failed.
   */
  private IOException flushAsFlusher() {
    assert lock.isHeldByCurrentThread() && flushing;
    boolean wrote = false;
    while (true) {
      if (controlPending) moveControlFrames();
      if (successorWaiting && wrote) {
        successorWaiting = false;
        handedOver = true; // The successor is the flusher now.
        flusherProgress.signalAll();
        return null;
      }
      if (queue.size() == 0 || failure != null) {
        flushing = false;
        flusherProgress.signalAll();
        return null;
      }
      outgoing.write(queue, queue.size());
      queuedControlBytes = 0;
      flushRequested = false;
      flusherProgress.signalAll(); // DATA writers waiting for room may add more.
      lock.unlock();
      IOException writeFailure = null;
      try {
        sink.write(outgoing, outgoing.size());
        sink.flush();
      } catch (IOException e) {
        writeFailure = e;
      } finally {
        lock.lock();
      }
      wrote = true;
      if (writeFailure != null) {
        fail(writeFailure);
        return writeFailure;
      }
    }
  }

  /**
   * Waits, as the one successor, for the flusher to hand its role over, then writes the queue. The
   * caller holds the lock. Returns the exception if a write failed.
   */
  private IOException awaitTurnAsSuccessor() {
    successorWaiting = true;
    while (!handedOver && flushing && failure == null) {
      flusherProgress.awaitUninterruptibly();
    }
    if (handedOver) {
      handedOver = false;
      return flushAsFlusher();
    }
    // The flusher finished before seeing this successor, or failed.
    successorWaiting = false;
    if (failure != null || queue.size() == 0 || flushing) return null;
    flushing = true;
    return flushAsFlusher();
  }

  /** Records that writing failed: the queue is dropped and nothing more is sent. */
  private void fail(IOException e) {
    failure = e;
    flushing = false;
    successorWaiting = false;
    handedOver = false;
    queue.clear();
    outgoing.clear();
    flusherProgress.signalAll();
  }

  /**
   * Waits until fewer than {@link #MAX_QUEUED_BYTES} are queued, writing the queue if no flusher
   * is at work, so that DATA does not pile up in memory behind a slow socket. The caller holds the
   * lock, which is released while waiting.
   *
   * @throws IOException if writing failed, now or before
   */
  void awaitRoom() throws IOException {
    while (failure == null && queue.size() >= MAX_QUEUED_BYTES) {
      if (!flushing) {
        flushing = true;
        IOException failed = flushAsFlusher();
        if (failed != null) {
          // The caller reports the failure, as it would for its own write.
          throw failed;
        }
      } else {
        flusherProgress.awaitUninterruptibly();
      }
    }
    checkNotFailed();
  }

  /** Throws if a write to the socket failed. The caller holds the lock. */
  private void checkNotFailed() throws IOException {
    if (failure != null) {
      throw new IOException("HTTP/2 connection failed to write: " + failure.getMessage(), failure);
    }
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
   * grows the connection window, straight to the socket: the connection is not shared yet, so no
   * flusher is at work. The caller holds the lock.
   */
  void connectionPreface(Settings settings, int connectionWindowIncrement) throws IOException {
    if (flushing || queue.size() > 0) throw new IllegalStateException("frames before the preface");
    sink.write(Http2.CONNECTION_PREFACE);
    int[] ids = settings.ids();
    frameHeader(sink.getBuffer(), 0, ids.length * 6, TYPE_SETTINGS, FLAG_NONE);
    for (int id : ids) {
      sink.writeShort(id);
      sink.writeInt(settings.get(id));
    }
    if (connectionWindowIncrement > 0) {
      frameHeader(sink.getBuffer(), 0, 4, TYPE_WINDOW_UPDATE, FLAG_NONE);
      sink.writeInt(connectionWindowIncrement);
    }
    sink.flush();
  }

  /**
   * Encodes {@code fields} (alternating lowercase names and values) as one header block and queues
   * it as a HEADERS frame followed by as many CONTINUATION frames as the peer's maximum frame size
   * needs. The caller holds the lock.
   *
   * @throws IOException if an earlier write to the socket failed: nothing is queued
   */
  void headers(int streamId, boolean endStream, RequestFields fields) throws IOException {
    checkNotFailed();
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
    frameHeader(queue, streamId, length, TYPE_HEADERS, flags);
    queue.write(headerBlock, length);
    while (headerBlock.size() > 0) {
      length = (int) Math.min(maxFrameSize, headerBlock.size());
      frameHeader(queue, streamId, length, TYPE_CONTINUATION,
          length == headerBlock.size() ? FLAG_END_HEADERS : FLAG_NONE);
      queue.write(headerBlock, length);
    }
  }

  /**
   * Queues {@code byteCount} bytes of {@code source} as one DATA frame; the caller holds the lock,
   * the flow-control credit, and keeps {@code byteCount} within the peer's maximum frame size.
   *
   * @throws IOException if an earlier write to the socket failed: nothing is queued
   */
  void data(int streamId, boolean endStream, Buffer source, int byteCount) throws IOException {
    checkNotFailed();
    frameHeader(queue, streamId, byteCount, TYPE_DATA, endStream ? FLAG_END_STREAM : FLAG_NONE);
    if (byteCount > 0) queue.write(source, byteCount);
  }

  /**
   * Sends GOAWAY with {@code errorCode} before the connection is closed or drained: queues it after
   * what is queued already, and waits up to
   * {@code timeoutMillis} for it to be written, by this thread or the flusher at work, since a
   * connection being torn down needs no reader to make progress. Returns false if the frame could
   * not be written in time.
   */
  boolean goAwayBeforeClosing(ErrorCode errorCode, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try {
      if (!lock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    IOException failed = null;
    try {
      if (failure != null) return false;
      if (controlPending) moveControlFrames();
      goAway(0, errorCode);
      flushRequested = true;
      // Written once the queue is empty and no flusher holds frames taken from it.
      while (failure == null && (flushing || queue.size() > 0)) {
        if (!flushing) {
          flushing = true;
          failed = flushAsFlusher();
          continue;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) return false;
        try {
          flusherProgress.awaitNanos(remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return failure == null;
    } finally {
      lock.unlock();
      // The connection is being closed anyway; the listener hears of it like any failed write.
      if (failed != null) failureListener.writeFailed(failed);
    }
  }

  /** Queues a GOAWAY frame; the caller holds the lock. */
  void goAway(int lastStreamId, ErrorCode errorCode) {
    frameHeader(queue, 0, 8, TYPE_GOAWAY, FLAG_NONE);
    queue.writeInt(lastStreamId);
    queue.writeInt(errorCode.code());
  }

  /**
   * Asks for what was queued to be sent when the lock is released: by this thread, or by the
   * flusher at work. A failure then reaches the {@link FailureListener}. The caller holds the
   * lock.
   */
  void flushOnUnlock() {
    flushRequested = true;
  }

  /**
   * Sends a control frame without ever waiting for the lock: queued on the side, then sent at once
   * if the lock is free, else by the lock's holder or the flusher. Failures reach the
   * {@link FailureListener}, never the caller.
   *
   * @param type one of SETTINGS (an ACK), PING, RST_STREAM, WINDOW_UPDATE or GOAWAY
   * @param payload the frame's 4- or 8-byte payload; ignored for a SETTINGS ACK
   */
  void control(int type, int flags, int streamId, long payload) {
    boolean overflow;
    synchronized (pendingControl) {
      overflow = pendingControl.size() + queuedControlBytes >= MAX_PENDING_CONTROL_BYTES;
      if (!overflow) writeControl(pendingControl, type, flags, streamId, payload);
      controlPending = true;
    }
    if (overflow) {
      failureListener.writeFailed(new Http2ProtocolException(ErrorCode.ENHANCE_YOUR_CALM,
          "The peer is owed more than " + MAX_PENDING_CONTROL_BYTES
              + " bytes of control frames and is not reading them"));
      return;
    }
    if (lock.tryLock()) release(false);
  }

  /** Moves the control frames queued on the side to the queue, to be flushed; holds the lock. */
  private void moveControlFrames() {
    synchronized (pendingControl) {
      controlPending = false;
      long size = pendingControl.size();
      if (size == 0) return;
      if (failure != null) {
        pendingControl.clear();
        return;
      }
      queue.write(pendingControl, size);
      queuedControlBytes += size;
    }
    flushRequested = true;
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

  /** Writes a frame header in one call to {@code out}, which costs less than one call a field. */
  private void frameHeader(Buffer out, int streamId, int length, int type, int flags) {
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
    out.write(header);
  }

  /** Returns the HPACK encoder, for tests. */
  HpackEncoder encoder() {
    return encoder;
  }
}
