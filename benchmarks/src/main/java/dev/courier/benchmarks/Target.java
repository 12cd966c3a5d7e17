package dev.courier.benchmarks;

/**
 * Where the benchmark server listens: {@code run.sh} starts nginx and passes its ports as system
 * properties, which JMH hands on to its forked JVMs.
 */
public final class Target {
  private Target() {
  }

  /** Returns a URL on the keep-alive listener. */
  public static String url(String path) {
    return "http://127.0.0.1:" + port("courier.bench.port", 18080) + path;
  }

  /** Returns a URL on the listener that closes every connection after one response. */
  public static String closingUrl(String path) {
    return "http://127.0.0.1:" + port("courier.bench.closePort", 18081) + path;
  }

  private static int port(String property, int defaultPort) {
    return Integer.getInteger(property, defaultPort);
  }
}
