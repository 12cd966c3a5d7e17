package dev.courier.internal.balance;

import java.time.Duration;

import dev.courier.HttpUrl;

/**
 * Hears what a service's balancer does: each pick, each ejection and each return.
 *
 * <p>A listener is either added to the service ({@link RealServiceInstances#addListener}), and
 * hears everything, as meters do; or passed for one attempt (to {@link RealServiceInstances#pick}
 * and to the {@link Pick}'s outcome), and hears what concerns that attempt: its pick, the returns
 * its pick noticed, and the ejection its outcome caused. The engine passes one per call, which
 * turns these into the call's {@code EventListener} events. An attempt's listener is not kept.
 *
 * <p>Methods run synchronously on the thread that caused the event, outside the balancer's lock:
 * keep them fast and do not throw.
 */
public interface BalancerListener {
  /** Called when {@code pick} was chosen for an attempt, before the attempt starts. */
  default void picked(Pick pick) {
  }

  /**
   * Called when the outcome of {@code cause} ejected its instance.
   *
   * @param ejectionTime how long the instance stays out
   * @param ejectionCount how many times the instance has been ejected, this time included
   */
  default void ejected(Pick cause, EjectionReason reason, Duration ejectionTime,
      int ejectionCount) {
  }

  /**
   * Called when an ejected instance returned because its time was up. Returns are noticed by the
   * next pick (or snapshot) after that time; an attempt's listener hears those its pick noticed.
   */
  default void returned(String serviceName, HttpUrl instance) {
  }
}
