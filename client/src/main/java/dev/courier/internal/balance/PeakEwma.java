package dev.courier.internal.balance;

/**
 * An instance's recent response time as the least-request balancer weighs it: a moving average
 * that jumps to any sample above it at once (so a slowing instance is avoided immediately) and
 * otherwise follows samples with a time constant {@code tau}. Read at a later time, the value is
 * decayed toward zero by the time since the last sample, so an instance that stopped being picked
 * because it was slow looks cheaper as time passes, is picked again and re-measured instead of
 * being starved for good. This is the "peak EWMA" of Finagle and Linkerd.
 *
 * <p>Samples are recorded under this object's lock (one per attempt, rarely contended); reads
 * take no lock and may mix the value and time stamp of two concurrent samples, which only makes
 * one comparison slightly off.
 */
final class PeakEwma {
  private final double tauNanos;
  private volatile double valueNanos; // 0 until the first sample or seed.
  private volatile long stampNanos;

  PeakEwma(long tauNanos) {
    this.tauNanos = tauNanos;
  }

  /** Starts the average at {@code valueNanos}, as if sampled at {@code now}. */
  synchronized void seed(double valueNanos, long now) {
    this.valueNanos = valueNanos;
    this.stampNanos = now;
  }

  /** Records a response time of {@code sampleNanos} that ended at {@code now}. */
  synchronized void record(long sampleNanos, long now) {
    double sample = Math.max(sampleNanos, 0L);
    double value = valueNanos;
    if (value == 0 || sample > value) {
      valueNanos = sample;
    } else {
      long elapsed = Math.max(now - stampNanos, 0L);
      double weight = Math.exp(-elapsed / tauNanos);
      valueNanos = value * weight + sample * (1 - weight);
    }
    stampNanos = now;
  }

  /** Returns the average at {@code now}, decayed by the time since the last sample; 0 if none. */
  double get(long now) {
    double value = valueNanos;
    if (value == 0) return 0;
    long elapsed = now - stampNanos;
    return elapsed <= 0 ? value : value * Math.exp(-elapsed / tauNanos);
  }
}
