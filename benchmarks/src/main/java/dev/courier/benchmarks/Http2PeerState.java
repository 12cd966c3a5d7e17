package dev.courier.benchmarks;

import java.util.Locale;

import dev.courier.benchmarks.peers.Http2Transport;
import dev.courier.benchmarks.peers.Peer;
import dev.courier.benchmarks.peers.PeerKind;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A client on HTTP/2, shared by all benchmark threads, which it multiplexes on one connection.
 * {@link BenchmarkMain} chooses the peers and the transport per workload.
 */
@State(Scope.Benchmark)
public class Http2PeerState {
  /** The peer's label, such as {@code courier}. */
  @Param({"courier", "okhttp", "jdk", "apache", "jetty"})
  public String peer;

  /** {@code tls} (ALPN) or {@code cleartext} (prior knowledge). */
  @Param({"tls", "cleartext"})
  public String transport;

  /** The client. */
  public Peer client;

  /** Where the 1 KiB file is, on the transport's listener. */
  String small;

  /** Where the 1 MiB file is, on the transport's listener. */
  String large;

  /** Creates the client. */
  @Setup(Level.Trial)
  public void setUp() {
    Http2Transport kind = Http2Transport.valueOf(transport.toUpperCase(Locale.ROOT));
    client = PeerKind.valueOf(peer.toUpperCase(Locale.ROOT)).createHttp2(kind);
    small = kind == Http2Transport.TLS ? Target.http2Url("/1k.bin") : Target.h2cUrl("/1k.bin");
    large = kind == Http2Transport.TLS ? Target.http2Url("/1m.bin") : Target.h2cUrl("/1m.bin");
  }

  /** Closes the client. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
  }
}
