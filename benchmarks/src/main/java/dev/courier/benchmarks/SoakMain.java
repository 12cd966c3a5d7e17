package dev.courier.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.ConnectionPool;
import dev.courier.CourierClient;
import dev.courier.Dispatcher;
import dev.courier.Request;
import dev.courier.Response;

/**
 * A long run of requests against the benchmark nginx, sequential then concurrent, printing the
 * heap after GC, open file descriptors and live threads at intervals. A client that leaks shows
 * as a column that keeps growing; this prints a verdict comparing each phase's last sample with
 * the first one taken after warm-up, and exits 1 if anything grew beyond a small allowance or a
 * request failed.
 *
 * <p>Arguments: {@code --requests=N} in all (default 1,000,000, half in each phase),
 * {@code --concurrency=N} calls in flight in the concurrent phase (default 32),
 * {@code --samples=N} per phase (default 10). System property {@code courier.bench.port}: the
 * nginx port.
 */
public final class SoakMain {
  /**
   * Heap growth tolerated between samples taken after a full GC: allocation buffers and class
   * metadata that the JIT and the first calls settle into, far below what a per-request leak of
   * even a few bytes over 500,000 requests would add.
   */
  private static final long HEAP_ALLOWANCE_BYTES = 8L * 1024 * 1024;
  /** Descriptors and threads tolerated beyond the first sample: a connection or worker in flux. */
  private static final int FD_ALLOWANCE = 4;
  private static final int THREAD_ALLOWANCE = 4;

  private SoakMain() {
  }

  /** Runs the soak; see the class comment for arguments. */
  public static void main(String[] args) throws Exception {
    long requests = Long.parseLong(argument(args, "--requests=", "1000000"));
    int concurrency = Integer.parseInt(argument(args, "--concurrency=", "32"));
    int samples = Integer.parseInt(argument(args, "--samples=", "10"));
    int port = Integer.getInteger("courier.bench.port", 18080);
    String url = "http://127.0.0.1:" + port + "/1k.bin";

    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(concurrency);
    dispatcher.setMaxRequestsPerHost(concurrency);
    CourierClient client = new CourierClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(concurrency, Duration.ofMinutes(5)))
        .build();
    Request request = new Request.Builder().url(url).build();
    List<Sample> verdicts = new ArrayList<>();

    System.out.printf("%-11s %10s %12s %6s %8s %9s %6s%n",
        "phase", "requests", "heap-MiB", "fds", "threads", "courier-", "pool");
    long perPhase = requests / 2;
    long interval = Math.max(1, perPhase / samples);

    Sample first = null;
    Sample last = null;
    for (long done = 0; done < perPhase; ) {
      try (Response response = client.newCall(request).execute()) {
        response.body().source().skip(response.body().contentLength());
      }
      done++;
      if (done % interval == 0) {
        last = Sample.take("sequential", done, client);
        if (first == null) first = last;
        last.print();
      }
    }
    verdicts.add(verdict(first, last));

    first = null;
    last = null;
    Semaphore inFlight = new Semaphore(concurrency * 2);
    AtomicLong failures = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    Callback callback = new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        if (failures.incrementAndGet() <= 10) System.err.println("failed: " + e);
        completed.incrementAndGet();
        inFlight.release();
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          response.body().source().skip(response.body().contentLength());
        }
        completed.incrementAndGet();
        inFlight.release();
      }
    };
    for (long submitted = 0; submitted < perPhase; ) {
      inFlight.acquire();
      client.newCall(request).enqueue(callback);
      submitted++;
      if (submitted % interval == 0) {
        // Sample with nothing in flight, so that the counts compare like with like.
        inFlight.acquire(concurrency * 2);
        last = Sample.take("concurrent", submitted, client);
        if (first == null) first = last;
        last.print();
        inFlight.release(concurrency * 2);
      }
    }
    inFlight.acquire(concurrency * 2);
    verdicts.add(verdict(first, last));

    client.close();
    Sample closed = Sample.take("closed", completed.get(), client);
    closed.print();

    boolean flat = verdicts.stream().allMatch(v -> v != null) && closed.courierThreads == 0
        && failures.get() == 0;
    System.out.printf("%nfailures: %d; courier- threads after close: %d; verdict: %s%n",
        failures.get(), closed.courierThreads, flat ? "FLAT" : "GROWING");
    System.exit(flat ? 0 : 1);
  }

  /** Returns {@code last} if it stayed within the allowances of {@code first}, else null. */
  private static Sample verdict(Sample first, Sample last) {
    if (first == null || last == null) return null;
    boolean flat = last.heapBytes - first.heapBytes <= HEAP_ALLOWANCE_BYTES
        && last.fds - first.fds <= FD_ALLOWANCE
        && last.threads - first.threads <= THREAD_ALLOWANCE;
    System.out.printf("  %s: heap %+.1f MiB, fds %+d, threads %+d from the first sample: %s%n",
        last.phase, (last.heapBytes - first.heapBytes) / 1048576.0, last.fds - first.fds,
        last.threads - first.threads, flat ? "flat" : "GROWING");
    return flat ? last : null;
  }

  /** The process's resources at one moment. */
  private record Sample(String phase, long requests, long heapBytes, int fds, int threads,
      int courierThreads, int poolConnections) {
    static Sample take(String phase, long requests, CourierClient client) {
      // Two collections: the first may leave finalizable or weakly held objects to the second.
      System.gc();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      int threads = 0;
      int courier = 0;
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        threads++;
        if (thread.getName().startsWith("courier-")) courier++;
      }
      return new Sample(phase, requests, heap, openFileDescriptors(), threads, courier,
          client.connectionPool().connectionCount());
    }

    void print() {
      System.out.printf("%-11s %10d %12.1f %6d %8d %9d %6d%n", phase, requests,
          heapBytes / 1048576.0, fds, threads, courierThreads, poolConnections);
    }
  }

  private static int openFileDescriptors() {
    try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
      return (int) entries.count();
    } catch (IOException e) {
      return -1; // Not Linux: the column shows -1.
    }
  }

  private static String argument(String[] args, String prefix, String defaultValue) {
    for (String arg : args) {
      if (arg.startsWith(prefix)) return arg.substring(prefix.length());
    }
    return defaultValue;
  }
}
