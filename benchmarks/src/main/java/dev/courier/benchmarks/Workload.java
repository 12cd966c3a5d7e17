package dev.courier.benchmarks;

import java.util.List;

import org.openjdk.jmh.annotations.Mode;

/**
 * One row group of the result table: a benchmark method run in one mode with one thread count,
 * for some peers, and for HTTP/2 over one transport.
 *
 * @param title the row title, such as "1. Sequential 1 KiB GET"
 * @param benchmark the fully qualified benchmark method
 * @param mode how JMH measures it
 * @param threads how many threads call at once
 * @param peers the peers to compare
 * @param unit how to show the score
 * @param allocation whether to measure bytes allocated per request too
 * @param transport {@code tls} or {@code cleartext} for an HTTP/2 workload, null for HTTP/1.1
 */
record Workload(String title, String benchmark, Mode mode, int threads, List<String> peers,
    Unit unit, boolean allocation, String transport) {

  /** Creates an HTTP/1.1 workload. */
  Workload(String title, String benchmark, Mode mode, int threads, List<String> peers, Unit unit,
      boolean allocation) {
    this(title, benchmark, mode, threads, peers, unit, allocation, null);
  }

  /** Returns the JMH parameter that selects among {@link #peers()}. */
  String parameter() {
    return benchmark.startsWith(StarterOverheadBenchmarks.class.getName()) ? "variant" : "peer";
  }

  /** How a score is shown, and which direction is better. */
  enum Unit {
    /** Microseconds per request; lower is better. */
    MICROS_PER_OP("µs/op", false),
    /** Requests per second; higher is better. */
    OPS_PER_SECOND("ops/s", true),
    /** Mebibytes per second for 1 MiB bodies; higher is better. */
    MIB_PER_SECOND("MiB/s", true),
    /** Bytes allocated per request; lower is better. */
    BYTES_PER_OP("B/op", false);

    final String label;
    final boolean higherIsBetter;

    Unit(String label, boolean higherIsBetter) {
      this.label = label;
      this.higherIsBetter = higherIsBetter;
    }
  }
}
