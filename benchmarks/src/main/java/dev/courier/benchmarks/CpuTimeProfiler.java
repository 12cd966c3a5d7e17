package dev.courier.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting the CPU time the benchmark's JVM spent per operation
 * ({@code cpu.time.norm}, µs/op): user and system time of every thread, GC and compiler included.
 * On a machine shared with other work, wall time per operation grows with the wait for a CPU;
 * CPU time per operation barely does, so it compares variants measured minutes apart. Use it with
 * {@code -prof dev.courier.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long startNanos;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark JVM per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    startNanos = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long cpuNanos = os.getProcessCpuTime() - startNanos;
    long ops = result.getMetadata().getAllOps();
    double micros = ops == 0 ? Double.NaN : cpuNanos / 1000.0 / ops;
    return List.of(new ScalarResult("cpu.time.norm", micros, "us/op", AggregationPolicy.AVG));
  }
}
