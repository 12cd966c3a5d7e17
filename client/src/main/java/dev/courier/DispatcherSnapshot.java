package dev.courier;

import java.util.Map;

/**
 * The state of a {@link Dispatcher} at the moment {@link Dispatcher#snapshot()} was taken, for
 * monitoring. Immutable.
 */
public final class DispatcherSnapshot {
  private final int maxRequests;
  private final int maxRequestsPerHost;
  private final int runningCalls;
  private final int queuedCalls;
  private final Map<String, Integer> runningCallsByHost;
  private final Map<String, Integer> queuedCallsByHost;
  private final boolean shutdown;

  /** Creates a snapshot; the engine makes these, tests may too. */
  public DispatcherSnapshot(int maxRequests, int maxRequestsPerHost, int runningCalls,
      int queuedCalls, Map<String, Integer> runningCallsByHost,
      Map<String, Integer> queuedCallsByHost, boolean shutdown) {
    if (runningCallsByHost == null) {
      throw new IllegalArgumentException("runningCallsByHost == null");
    }
    if (queuedCallsByHost == null) throw new IllegalArgumentException("queuedCallsByHost == null");
    this.maxRequests = maxRequests;
    this.maxRequestsPerHost = maxRequestsPerHost;
    this.runningCalls = runningCalls;
    this.queuedCalls = queuedCalls;
    this.runningCallsByHost = Map.copyOf(runningCallsByHost);
    this.queuedCallsByHost = Map.copyOf(queuedCallsByHost);
    this.shutdown = shutdown;
  }

  /** Returns the limit on concurrent asynchronous calls. */
  public int maxRequests() {
    return maxRequests;
  }

  /** Returns the limit on concurrent asynchronous calls to one host. */
  public int maxRequestsPerHost() {
    return maxRequestsPerHost;
  }

  /** Returns the number of running calls, synchronous and asynchronous. */
  public int runningCalls() {
    return runningCalls;
  }

  /** Returns the number of asynchronous calls waiting for a slot. */
  public int queuedCalls() {
    return queuedCalls;
  }

  /** Returns running calls counted by host. */
  public Map<String, Integer> runningCallsByHost() {
    return runningCallsByHost;
  }

  /** Returns waiting calls counted by host. */
  public Map<String, Integer> queuedCallsByHost() {
    return queuedCallsByHost;
  }

  /** Returns true if the dispatcher was shut down and accepts no more calls. */
  public boolean shutdown() {
    return shutdown;
  }

  @Override
  public String toString() {
    return "DispatcherSnapshot{running=" + runningCalls + " " + runningCallsByHost + ", queued="
        + queuedCalls + " " + queuedCallsByHost + ", maxRequests=" + maxRequests
        + ", maxRequestsPerHost=" + maxRequestsPerHost + (shutdown ? ", shut down" : "") + "}";
  }
}
