package dev.courier.internal.balance;

import java.time.Duration;

import dev.courier.HttpUrl;

/**
 * Hears what a service's balancer does: each pick, each ejection and each return. The engine will
 * turn these into {@code EventListener} events of the call involved, and meters count them.
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
   * next pick (or snapshot) after that time.
   *
   * @param context the context of the pick that noticed the return, or null if it was not a pick
   */
  default void returned(String serviceName, HttpUrl instance, Object context) {
  }
}
