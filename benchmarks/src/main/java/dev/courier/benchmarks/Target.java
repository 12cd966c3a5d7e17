package dev.courier.benchmarks;

/**
 * Where the benchmark server listens: {@code run.sh} starts nginx and passes its ports (and the
 * certificate of its TLS listener, see {@link BenchTls}) as system properties, which
 * {@link BenchmarkMain} hands on to JMH's forked JVMs.
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

  /** Returns a URL on the HTTP/2 listener over TLS, whose certificate names 127.0.0.1. */
  public static String http2Url(String path) {
    return "https://127.0.0.1:" + port("courier.bench.h2Port", 18082) + path;
  }

  /** Returns a URL on the cleartext HTTP/2 listener (prior knowledge, no upgrade). */
  public static String h2cUrl(String path) {
    return "http://127.0.0.1:" + port("courier.bench.h2cPort", 18083) + path;
  }

  private static int port(String property, int defaultPort) {
    return Integer.getInteger(property, defaultPort);
  }
}
