package dev.courier.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The workloads, each one request of a kind, against nginx on loopback. Modes and thread counts
 * are set by {@link BenchmarkMain}, which runs each workload separately.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpBenchmarks {
  private static final String SMALL = Target.url("/1k.bin");
  private static final String LARGE = Target.url("/1m.bin");
  private static final String JSON = Target.url("/data.json");
  private static final String UPLOAD = Target.url("/upload");
  private static final String SMALL_CLOSING = Target.closingUrl("/1k.bin");
  private static final byte[] UPLOAD_BODY = new byte[64 * 1024];

  /** Workloads 1, 2 and 7: a 1 KiB GET on a kept-alive connection. */
  @Benchmark
  public long get1k(PeerState state) throws Exception {
    return state.client.get(SMALL);
  }

  /** Workload 3: a 1 MiB download. */
  @Benchmark
  public long get1m(PeerState state) throws Exception {
    return state.client.get(LARGE);
  }

  /** Workload 4: a 64 KiB upload. */
  @Benchmark
  public int post64k(PeerState state) throws Exception {
    return state.client.post(UPLOAD, UPLOAD_BODY);
  }

  /** Workload 5: a 1 KiB GET on a new connection each time (the server closes after each). */
  @Benchmark
  public long get1kNewConnection(PeerState state) throws Exception {
    return state.client.get(SMALL_CLOSING);
  }

  /** Workload 6: a gzip'd JSON document of about 250 KB, decoded. */
  @Benchmark
  public long getGzipJson(PeerState state) throws Exception {
    return state.client.get(JSON);
  }
}
