package dev.courier.benchmarks.peers;

/** How an HTTP/2 client reaches the benchmark server. */
public enum Http2Transport {
  /** TLS, with HTTP/2 chosen by ALPN. */
  TLS,
  /** Cleartext, with prior knowledge that the server speaks HTTP/2 (h2c, no upgrade). */
  CLEARTEXT
}
