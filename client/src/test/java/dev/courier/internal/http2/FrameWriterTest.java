package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.courier.Request;
import dev.courier.testing.Await;
import okio.Buffer;
import okio.Okio;
import okio.Sink;
import okio.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link FrameWriter} shared by many writers: frames are queued under a short lock and one
 * flusher at a time writes them, so a caller does not wait for another's socket write; the wire
 * keeps the order in which frames were queued; a failed write fails what follows.
 */
class FrameWriterTest {
  private final GatedSink socket = new GatedSink();
  private final List<IOException> writeFailures = new CopyOnWriteArrayList<>();
  private final FrameWriter writer = new FrameWriter(Okio.buffer(socket), writeFailures::add);
  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void openGateAndJoin() throws InterruptedException {
    socket.open.countDown();
    for (Thread thread : threads) thread.join(10_000);
  }

  @Test
  void framesWaitInTheQueueUntilAFlushIsAsked() throws IOException {
    writer.lock();
    try {
      writer.headers(1, false, fields(1));
    } finally {
      writer.unlock();
    }
    assertThat(socket.received.size()).isZero();

    socket.open.countDown();
    writer.lock();
    try {
      writer.data(1, true, new Buffer().writeUtf8("x"), 1);
      writer.flushOnUnlock();
    } finally {
      writer.unlock();
    }
    assertThat(read(socket.received)).containsExactly(
        "HEADERS 1 end=false :method=GET :scheme=http :authority=example.com :path=/ x-n=1",
        "DATA 1 end=true x");
  }

  @Test
  void callersQueueBehindABlockedWriteAndOneStaysToTakeOver() throws Exception {
    int callers = 16;
    start(() -> sendHeaders(1));
    assertThat(socket.entered.await(10, TimeUnit.SECONDS)).as("first write started").isTrue();

    // The first caller's write is stuck in the socket; the others queue and return, but one.
    AtomicInteger returned = new AtomicInteger();
    CountDownLatch allButOne = new CountDownLatch(callers - 1);
    for (int i = 0; i < callers; i++) {
      int id = 3 + 2 * i;
      // One at a time, so that the queue holds the frames in stream id order.
      Thread caller = start(() -> {
        sendHeaders(id);
        returned.incrementAndGet();
        allButOne.countDown();
      });
      Await.until("caller " + id + " queued its frame", () -> !caller.isAlive()
          || caller.getState() == Thread.State.WAITING);
    }
    assertThat(allButOne.await(10, TimeUnit.SECONDS)).as("callers returned").isTrue();
    assertThat(returned.get()).as("only the successor waits").isEqualTo(callers - 1);
    assertThat(socket.writes.get()).isEqualTo(1);

    socket.open.countDown();
    for (Thread thread : threads) thread.join(10_000);
    assertThat(returned.get()).isEqualTo(callers);
    assertThat(socket.maxConcurrentWrites.get()).as("one writer at a time").isEqualTo(1);
    // One HPACK decoder reads every block: the dynamic table agrees only if the wire order is
    // the order in which the blocks were encoded.
    List<String> frames = read(socket.received);
    assertThat(frames).hasSize(callers + 1);
    for (int i = 0; i <= callers; i++) {
      int id = 1 + 2 * i;
      assertThat(frames.get(i)).startsWith("HEADERS " + id + " ").endsWith(" x-n=" + id);
    }
    assertThat(writeFailures).isEmpty();
  }

  @Test
  void manyConcurrentWritersEachFrameArrivesOnceAndIntact() throws Exception {
    socket.open.countDown();
    int callers = 32;
    int framesEach = 50;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger nextId = new AtomicInteger(1);
    for (int i = 0; i < callers; i++) {
      start(() -> {
        await(go);
        for (int f = 0; f < framesEach; f++) {
          writer.lock();
          try {
            // Ids are taken under the lock that queues the frame, as the connection does.
            int id = nextId.getAndAdd(2);
            writer.headers(id, false, fields(id));
            writer.data(id, true, new Buffer().writeUtf8("body " + id), ("body " + id).length());
            writer.flushOnUnlock();
          } catch (IOException e) {
            throw new AssertionError(e);
          } finally {
            writer.unlock();
          }
        }
      });
    }
    go.countDown();
    for (Thread thread : threads) thread.join(20_000);

    assertThat(socket.maxConcurrentWrites.get()).as("one writer at a time").isEqualTo(1);
    List<String> frames = read(socket.received);
    assertThat(frames).hasSize(2 * callers * framesEach);
    for (int i = 0; i < callers * framesEach; i++) {
      int id = 1 + 2 * i;
      assertThat(frames.get(2 * i)).startsWith("HEADERS " + id + " ").endsWith(" x-n=" + id);
      assertThat(frames.get(2 * i + 1)).isEqualTo("DATA " + id + " end=true body " + id);
    }
    assertThat(writeFailures).isEmpty();
  }

  @Test
  void dataWaitsForRoomWhileTheSocketIsBlocked() throws Exception {
    start(() -> sendHeaders(1));
    assertThat(socket.entered.await(10, TimeUnit.SECONDS)).as("first write started").isTrue();
    int frameSize = 16 * 1024;
    int frames = 4 * FrameWriter.MAX_QUEUED_BYTES / frameSize;
    AtomicInteger queued = new AtomicInteger();
    Thread uploader = start(() -> {
      for (int i = 0; i < frames; i++) {
        writer.lock();
        try {
          writer.awaitRoom();
          writer.data(3, i == frames - 1, new Buffer().write(new byte[frameSize]), frameSize);
          if (i == frames - 1) writer.flushOnUnlock();
          queued.incrementAndGet();
        } catch (IOException e) {
          throw new AssertionError(e);
        } finally {
          writer.unlock();
        }
      }
    });
    Await.until("the uploader waits for room", () -> uploader.getState() == Thread.State.WAITING);
    // The queue stopped growing at its bound instead of taking the whole body.
    assertThat(queued.get() * (frameSize + Http2.FRAME_HEADER_LENGTH))
        .isGreaterThanOrEqualTo(FrameWriter.MAX_QUEUED_BYTES)
        .isLessThan(FrameWriter.MAX_QUEUED_BYTES + frameSize + Http2.FRAME_HEADER_LENGTH);

    socket.open.countDown();
    uploader.join(10_000);
    assertThat(queued.get()).isEqualTo(frames);
    List<String> received = read(socket.received);
    assertThat(received).hasSize(1 + frames);
    assertThat(received.get(frames)).startsWith("DATA 3 end=true ");
    assertThat(writeFailures).isEmpty();
  }

  @Test
  void aFailedWriteDropsTheQueueAndRefusesLaterFrames() throws Exception {
    socket.failure = new SocketException("Broken pipe");
    socket.open.countDown();
    sendHeaders(1);
    assertThat(writeFailures).singleElement().isSameAs(socket.failure);

    writer.lock();
    try {
      assertThatThrownBy(() -> writer.headers(3, true, fields(3)))
          .isInstanceOf(IOException.class)
          .hasMessage("HTTP/2 connection failed to write: Broken pipe")
          .hasCause(socket.failure);
      assertThatThrownBy(() -> writer.data(1, true, new Buffer(), 0))
          .isInstanceOf(IOException.class);
    } finally {
      writer.unlock();
    }
    writer.control(Http2.TYPE_PING, Http2.FLAG_ACK, 0, 1);
    assertThat(writer.goAwayBeforeClosing(ErrorCode.NO_ERROR, 1_000)).isFalse();
    assertThat(socket.writes.get()).as("nothing written after the failure").isEqualTo(1);
    assertThat(writeFailures).hasSize(1);
  }

  @Test
  void aWriteFailureReleasesTheSuccessorWithoutAnotherWrite() throws Exception {
    socket.failure = new SocketException("Connection reset");
    Thread flusher = start(() -> sendHeaders(1));
    assertThat(socket.entered.await(10, TimeUnit.SECONDS)).as("first write started").isTrue();
    Thread successor = start(() -> sendHeaders(3));
    // Parked on the lock is WAITING too: wait until it is the successor.
    Await.until("the successor waits", writer::hasWaitingSuccessor);

    socket.open.countDown();
    successor.join(10_000);
    assertThat(successor.isAlive()).isFalse();
    // The flusher reports its failure once it let go of the lock, maybe after the successor left.
    flusher.join(10_000);
    assertThat(writeFailures).singleElement().isSameAs(socket.failure);
    assertThat(socket.writes.get()).isEqualTo(1);
  }

  @Test
  void goAwayWaitsForTheFlusherAndFollowsWhatWasQueued() throws Exception {
    start(() -> sendHeaders(1));
    assertThat(socket.entered.await(10, TimeUnit.SECONDS)).as("first write started").isTrue();
    writer.lock();
    try {
      writer.headers(3, true, fields(3));
    } finally {
      writer.unlock(); // No flush asked: the GOAWAY's flush sends it.
    }
    Thread closer = Thread.currentThread();
    start(() -> {
      Await.until("GOAWAY waits for the flusher",
          () -> closer.getState() == Thread.State.TIMED_WAITING);
      socket.open.countDown();
    });
    assertThat(writer.goAwayBeforeClosing(ErrorCode.NO_ERROR, 10_000)).isTrue();
    assertThat(read(socket.received)).hasSize(3).last().isEqualTo("GOAWAY 0 0");
  }

  private void sendHeaders(int id) {
    writer.lock();
    try {
      writer.headers(id, true, fields(id));
      writer.flushOnUnlock();
    } catch (IOException e) {
      throw new AssertionError(e);
    } finally {
      writer.unlock();
    }
  }

  private static RequestFields fields(int id) {
    return RequestFields.of(new Request.Builder().url("http://example.com/")
        .header("X-N", Integer.toString(id)).build());
  }

  private Thread start(Runnable runnable) {
    Thread thread = new Thread(runnable, "frame-writer-test-" + threads.size());
    threads.add(thread);
    thread.start();
    return thread;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> read(Buffer wire) throws IOException {
    Buffer in = new Buffer();
    FrameCodecTest.frame(in, Http2.TYPE_SETTINGS, 0, 0, "");
    synchronized (wire) {
      in.write(wire, wire.size());
    }
    FrameReader reader = new FrameReader(in, new HpackDecoder(4096, 256 * 1024), 16_384,
        256 * 1024);
    FrameCodecTest.Recorder recorder = new FrameCodecTest.Recorder();
    while (reader.nextFrame(recorder)) {
      // Each frame is recorded.
    }
    return recorder.events.subList(1, recorder.events.size()); // After the server's SETTINGS.
  }

  /**
   * A socket's sink whose first write blocks until {@link #open} is counted down, then fails with
   * {@link #failure} if set; it records how many threads were writing at once.
   */
  private static final class GatedSink implements Sink {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);
    final Buffer received = new Buffer();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger maxConcurrentWrites = new AtomicInteger();
    private final AtomicInteger writing = new AtomicInteger();
    volatile IOException failure;

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      int now = writing.incrementAndGet();
      maxConcurrentWrites.accumulateAndGet(now, Math::max);
      try {
        writes.incrementAndGet();
        entered.countDown();
        try {
          if (!open.await(10, TimeUnit.SECONDS)) throw new AssertionError("gate never opened");
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        if (failure != null) throw failure;
        synchronized (received) {
          received.write(source, byteCount);
        }
      } finally {
        writing.decrementAndGet();
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {
    }
  }
}
