package dev.courier.benchmarks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Collects each workload's scores by peer and renders them as one Markdown table, with Courier's
 * ratios to OkHttp, to the best other client and to the raw-socket ceiling.
 *
 * <p>Ratios are speed factors, so above 1 always means Courier did better: for times, the other's
 * time over Courier's; for rates, Courier's rate over the other's. Allocation rows instead show
 * Courier's bytes over the other's, where below 1 means Courier allocated less.
 */
final class ResultTable {
  private final List<Row> rows = new ArrayList<>();
  private final List<Row> variantRows = new ArrayList<>();
  private final Set<String> peers = new LinkedHashSet<>();

  private record Row(String title, Workload.Unit unit, Map<String, Double> scores) {
  }

  /** Adds the rows of one workload from its JMH results. */
  void add(Workload workload, Collection<RunResult> results) {
    if (!workload.parameter().equals("peer")) {
      addVariants(workload, results);
      return;
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, Double> p50 = new LinkedHashMap<>();
    Map<String, Double> p99 = new LinkedHashMap<>();
    Map<String, Double> allocation = new LinkedHashMap<>();
    for (RunResult result : results) {
      String peer = result.getParams().getParam("peer");
      peers.add(peer);
      Result<?> primary = result.getPrimaryResult();
      scores.put(peer, primary.getScore());
      if (workload.mode() == Mode.SampleTime) {
        p50.put(peer, primary.getStatistics().getPercentile(50));
        p99.put(peer, primary.getStatistics().getPercentile(99));
      }
      if (workload.allocation()) {
        Result<?> norm = secondary(result, "gc.alloc.rate.norm");
        if (norm != null) allocation.put(peer, norm.getScore());
      }
    }
    if (workload.mode() == Mode.SampleTime && workload.threads() > 1) {
      // Callers that each wait for their response: throughput is callers over mean latency.
      Map<String, Double> throughput = new LinkedHashMap<>();
      scores.forEach((peer, meanMicros) ->
          throughput.put(peer, workload.threads() * 1_000_000.0 / meanMicros));
      rows.add(new Row(workload.title(), Workload.Unit.OPS_PER_SECOND, throughput));
      rows.add(new Row(workload.title() + ", p99", Workload.Unit.MICROS_PER_OP, p99));
    } else if (workload.mode() == Mode.SampleTime) {
      rows.add(new Row(workload.title() + ", mean", workload.unit(), scores));
      rows.add(new Row(workload.title() + ", p50", workload.unit(), p50));
      rows.add(new Row(workload.title() + ", p99", workload.unit(), p99));
    } else {
      rows.add(new Row(workload.title(), workload.unit(), scores));
    }
    if (!allocation.isEmpty()) {
      rows.add(new Row("7. Allocation: " + workload.title().replaceFirst("^\\d+\\. ", ""),
          Workload.Unit.BYTES_PER_OP, allocation));
    }
  }

  /** Adds a workload that compares Courier with itself (bare vs starter), not with peers. */
  private void addVariants(Workload workload, Collection<RunResult> results) {
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, Double> allocation = new LinkedHashMap<>();
    for (RunResult result : results) {
      String variant = result.getParams().getParam(workload.parameter());
      scores.put(variant, result.getPrimaryResult().getScore());
      Result<?> norm = secondary(result, "gc.alloc.rate.norm");
      if (norm != null) allocation.put(variant, norm.getScore());
    }
    variantRows.add(new Row(workload.title(), workload.unit(), scores));
    if (!allocation.isEmpty()) {
      variantRows.add(new Row(workload.title() + ", allocation", Workload.Unit.BYTES_PER_OP,
          allocation));
    }
  }

  private static Result<?> secondary(RunResult result, String suffix) {
    for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
      if (entry.getKey().endsWith(suffix)) return entry.getValue();
    }
    return null;
  }

  /** Returns the table as Markdown, with the date, machine and JDK it was measured on. */
  String toMarkdown(boolean quick) {
    StringBuilder out = new StringBuilder();
    out.append("Measured ").append(LocalDate.now()).append(quick ? " (quick run)" : " (full run)")
        .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
        .append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(", ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append(", against nginx on loopback.\n\n");
    out.append("| Workload | Unit |");
    for (String peer : peers) out.append(' ').append(peer).append(" |");
    out.append(" Courier vs OkHttp | Courier vs best peer | Courier vs raw |\n|---|---|");
    for (int i = 0; i < peers.size() + 3; i++) out.append("---:|");
    out.append('\n');
    for (Row row : rows) {
      out.append("| ").append(row.title()).append(" | ").append(row.unit().label).append(" |");
      for (String peer : peers) {
        Double score = row.scores().get(peer);
        out.append(' ').append(score != null ? format(score) : "–").append(" |");
      }
      out.append(' ').append(ratio(row, "okhttp")).append(" |");
      out.append(' ').append(ratio(row, bestPeer(row))).append(" |");
      out.append(' ').append(ratio(row, "raw")).append(" |\n");
    }
    out.append("\nRatios above 1 mean Courier was faster; for allocation rows, below 1 means Courier "
        + "allocated less. \"Best peer\" is the best of the other clients (raw excluded).\n");
    appendHttp2VersusHttp11(out);
    if (!variantRows.isEmpty()) {
      out.append("\n| Workload | Unit | bare | starter | Overhead |\n|---|---|---:|---:|---:|\n");
      for (Row row : variantRows) {
        Double bare = row.scores().get("bare");
        Double starter = row.scores().get("starter");
        out.append("| ").append(row.title()).append(" | ").append(row.unit().label).append(" | ")
            .append(bare != null ? format(bare) : "–").append(" | ")
            .append(starter != null ? format(starter) : "–").append(" | ")
            .append(bare != null && starter != null && bare > 0
                ? String.format(Locale.ROOT, "%+.1f%%", 100 * (starter / bare - 1)) : "–")
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /**
   * Appends how Courier on HTTP/2 with 64 callers on one connection compares with its own
   * HTTP/1.1 throughput with 64 connections, when both were measured: both in cleartext.
   */
  private void appendHttp2VersusHttp11(StringBuilder out) {
    Double http11 = courierScore("2. Concurrent 1 KiB GET, 64 threads");
    Double http2 = courierScore("10. HTTP/2 cleartext: 1 KiB GET, 64 callers");
    if (http11 == null || http2 == null) return;
    out.append(String.format(Locale.ROOT, "%nCourier, 1 KiB GET with 64 callers in cleartext: "
        + "HTTP/2 on one connection %,.0f ops/s, HTTP/1.1 on 64 connections %,.0f ops/s "
        + "(HTTP/2 at %.0f%% of HTTP/1.1).%n", http2, http11, 100 * http2 / http11));
  }

  private Double courierScore(String title) {
    for (Row row : rows) {
      if (row.title().equals(title)) return row.scores().get("courier");
    }
    return null;
  }

  /** Returns the best client other than Courier and the raw socket, by this row's measure. */
  private static String bestPeer(Row row) {
    String best = null;
    for (Map.Entry<String, Double> entry : row.scores().entrySet()) {
      String peer = entry.getKey();
      if (peer.equals("courier") || peer.equals("raw")) continue;
      if (best == null || better(row.unit(), entry.getValue(), row.scores().get(best))) {
        best = peer;
      }
    }
    return best;
  }

  private static boolean better(Workload.Unit unit, double a, double b) {
    return unit.higherIsBetter ? a > b : a < b;
  }

  private static String ratio(Row row, String other) {
    Double courier = row.scores().get("courier");
    Double them = other != null ? row.scores().get(other) : null;
    if (courier == null || them == null || courier == 0 || them == 0) return "–";
    double ratio;
    if (row.unit() == Workload.Unit.BYTES_PER_OP) {
      ratio = courier / them;
    } else {
      ratio = row.unit().higherIsBetter ? courier / them : them / courier;
    }
    String label = other.equals("okhttp") || other.equals("raw") ? "" : " (" + other + ")";
    return String.format(Locale.ROOT, "%.2f×%s", ratio, label);
  }

  private static String format(double value) {
    if (value >= 1000) return String.format(Locale.ROOT, "%,.0f", value);
    if (value >= 10) return String.format(Locale.ROOT, "%.1f", value);
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
