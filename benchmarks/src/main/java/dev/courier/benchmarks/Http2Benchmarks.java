package dev.courier.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The HTTP/2 workloads against nginx on loopback, over TLS or in cleartext: each caller makes one
 * request at a time, all callers share the client's one connection. Modes, thread counts and the
 * transport are set by {@link BenchmarkMain}.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Http2Benchmarks {
  /** Workloads 9 and 10: a 1 KiB GET on the shared HTTP/2 connection. */
  @Benchmark
  public long get1k(Http2PeerState state) throws Exception {
    return state.client.get(state.small);
  }

  /** Workload 11: a 1 MiB download on the shared HTTP/2 connection. */
  @Benchmark
  public long get1m(Http2PeerState state) throws Exception {
    return state.client.get(state.large);
  }
}
