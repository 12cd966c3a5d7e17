package dev.courier.benchmarks;

import java.util.Locale;

import dev.courier.benchmarks.peers.Peer;
import dev.courier.benchmarks.peers.PeerKind;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The client under test, shared by all benchmark threads like a real service shares its client.
 * {@link BenchmarkMain} chooses the peers per workload with the {@code peer} parameter.
 */
@State(Scope.Benchmark)
public class PeerState {
  /** Connections each client may keep to the server: the highest concurrency measured. */
  static final int MAX_CONNECTIONS = 64;

  /** The peer's label, such as {@code courier}. */
  @Param({"courier", "okhttp", "jdk", "apache", "jetty", "raw"})
  public String peer;

  /** The client. */
  public Peer client;

  /** Creates the client. */
  @Setup(Level.Trial)
  public void setUp() {
    client = PeerKind.valueOf(peer.toUpperCase(Locale.ROOT)).create(MAX_CONNECTIONS);
  }

  /** Closes the client. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
  }
}
