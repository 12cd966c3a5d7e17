package dev.courier.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every workload against every peer in one run, then prints one table of scores with
 * Courier's ratios to OkHttp, to the best peer and to the raw-socket ceiling, and writes it as
 * Markdown to {@code benchmarks/results/}. The HTTP/2 workloads (9 to 11) run the same clients on
 * HTTP/2, over TLS and in cleartext; the raw socket speaks only HTTP/1.1, and the JDK's client
 * has no cleartext HTTP/2 without an upgrade nginx does not offer.
 *
 * <p>Arguments: {@code --quick} for a short run; {@code --results=DIR}; {@code --only=TEXT} to run
 * only workloads whose title contains TEXT; {@code --peers=a,b} to compare fewer peers.
 */
public final class BenchmarkMain {
  private static final List<String> ALL_PEERS =
      List.of("courier", "okhttp", "jdk", "apache", "jetty", "raw");

  private BenchmarkMain() {
  }

  /** Runs the benchmarks; see the class comment for arguments. */
  public static void main(String[] args) throws RunnerException, IOException {
    boolean quick = Arrays.asList(args).contains("--quick");
    Path resultsDir = Path.of(argument(args, "--results=", "benchmarks/results"));
    String only = argument(args, "--only=", "");
    List<String> peers = List.of(argument(args, "--peers=", String.join(",", ALL_PEERS))
        .split(","));

    ResultTable table = new ResultTable();
    for (Workload workload : workloads(peers)) {
      if (!workload.title().contains(only)) continue;
      System.out.println("\n=== " + workload.title() + " ===");
      table.add(workload, new Runner(options(workload, quick).build()).run());
    }

    String markdown = table.toMarkdown(quick);
    System.out.println();
    System.out.println(markdown);
    Files.createDirectories(resultsDir);
    Path file = resultsDir.resolve(LocalDate.now() + (quick ? "-quick" : "-full") + ".md");
    Files.writeString(file, markdown);
    System.out.println("Written to " + file.toAbsolutePath());
  }

  static List<Workload> workloads(List<String> peers) {
    String bench = HttpBenchmarks.class.getName() + ".";
    List<String> decodingPeers = peers.stream().filter(p -> !p.equals("raw")).toList();
    return List.of(
        new Workload("1. Sequential 1 KiB GET", bench + "get1k", Mode.SampleTime, 1, peers,
            Workload.Unit.MICROS_PER_OP, true),
        new Workload("2. Concurrent 1 KiB GET, 16 threads", bench + "get1k", Mode.Throughput, 16,
            peers, Workload.Unit.OPS_PER_SECOND, true),
        new Workload("2. Concurrent 1 KiB GET, 64 threads", bench + "get1k", Mode.Throughput, 64,
            peers, Workload.Unit.OPS_PER_SECOND, false),
        new Workload("3. 1 MiB download", bench + "get1m", Mode.Throughput, 1, peers,
            Workload.Unit.MIB_PER_SECOND, false),
        new Workload("4. 64 KiB POST", bench + "post64k", Mode.AverageTime, 1, peers,
            Workload.Unit.MICROS_PER_OP, false),
        new Workload("5. New connection per request", bench + "get1kNewConnection",
            Mode.AverageTime, 1, peers, Workload.Unit.MICROS_PER_OP, false),
        new Workload("6. gzip'd JSON (~250 KB), decoded", bench + "getGzipJson",
            Mode.AverageTime, 1, decodingPeers, Workload.Unit.MICROS_PER_OP, false),
        new Workload("8. Starter overhead: 1 KiB GET, bare vs starter interceptors",
            StarterOverheadBenchmarks.class.getName() + ".get1k", Mode.AverageTime, 1,
            List.of("bare", "starter"), Workload.Unit.MICROS_PER_OP, true),
        http2("9. HTTP/2 over TLS: 1 KiB GET, 16 callers", "get1k", 16, "tls", peers, true),
        http2("9. HTTP/2 over TLS: 1 KiB GET, 64 callers", "get1k", 64, "tls", peers, false),
        http2("9. HTTP/2 over TLS: 1 KiB GET, 256 callers", "get1k", 256, "tls", peers, false),
        http2("10. HTTP/2 cleartext: 1 KiB GET, 16 callers", "get1k", 16, "cleartext", peers,
            true),
        http2("10. HTTP/2 cleartext: 1 KiB GET, 64 callers", "get1k", 64, "cleartext", peers,
            false),
        http2("10. HTTP/2 cleartext: 1 KiB GET, 256 callers", "get1k", 256, "cleartext", peers,
            false),
        http2("11. HTTP/2 over TLS: 1 MiB download", "get1m", 1, "tls", peers, false),
        http2("11. HTTP/2 cleartext: 1 MiB download", "get1m", 1, "cleartext", peers, false));
  }

  /**
   * Returns an HTTP/2 workload: with callers, their throughput and p99 latency (measured as
   * sampled times); alone, a download rate.
   */
  private static Workload http2(String title, String method, int callers, String transport,
      List<String> peers, boolean allocation) {
    List<String> http2Peers = peers.stream()
        .filter(p -> !p.equals("raw") && !p.equals("bare") && !p.equals("starter"))
        .filter(p -> transport.equals("tls") || !p.equals("jdk"))
        .toList();
    return callers == 1
        ? new Workload(title, Http2Benchmarks.class.getName() + "." + method, Mode.Throughput, 1,
            http2Peers, Workload.Unit.MIB_PER_SECOND, allocation, transport)
        : new Workload(title, Http2Benchmarks.class.getName() + "." + method, Mode.SampleTime,
            callers, http2Peers, Workload.Unit.OPS_PER_SECOND, allocation, transport);
  }

  private static ChainedOptionsBuilder options(Workload workload, boolean quick) {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(workload.benchmark().replace(".", "\\.") + "$")
        .param(workload.parameter(), workload.peers().toArray(new String[0]))
        .mode(workload.mode())
        .threads(workload.threads())
        .timeUnit(workload.unit() == Workload.Unit.MICROS_PER_OP
            || workload.mode() == Mode.SampleTime ? TimeUnit.MICROSECONDS : TimeUnit.SECONDS)
        .forks(1)
        .warmupIterations(quick ? 2 : 5)
        .warmupTime(TimeValue.seconds(quick ? 1 : 2))
        .measurementIterations(quick ? 3 : 5)
        .measurementTime(TimeValue.seconds(quick ? 1 : 3))
        .jvmArgsAppend(
            "-Dcourier.bench.port=" + Integer.getInteger("courier.bench.port", 18080),
            "-Dcourier.bench.closePort=" + Integer.getInteger("courier.bench.closePort", 18081),
            "-Dcourier.bench.h2Port=" + Integer.getInteger("courier.bench.h2Port", 18082),
            "-Dcourier.bench.h2cPort=" + Integer.getInteger("courier.bench.h2cPort", 18083),
            "-Dcourier.bench.tlsCert=" + System.getProperty("courier.bench.tlsCert", ""),
            "-Xms1g", "-Xmx1g")
        .shouldFailOnError(true);
    if (workload.transport() != null) options.param("transport", workload.transport());
    if (workload.allocation()) options.addProfiler(GCProfiler.class);
    return options;
  }

  private static String argument(String[] args, String prefix, String defaultValue) {
    for (String arg : args) {
      if (arg.startsWith(prefix)) return arg.substring(prefix.length());
    }
    return defaultValue;
  }
}
