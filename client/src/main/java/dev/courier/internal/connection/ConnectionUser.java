package dev.courier.internal.connection;

import java.io.IOException;
import java.net.Socket;

import dev.courier.Call;
import dev.courier.EventListener;

/**
 * What the connection layer needs from the call it finds a connection for: the call itself (which
 * events name and whose cancellation stops a connect), its event listener, the connection it holds,
 * and word when each half of an exchange is done.
 *
 * <p>The call implements this, so this package never depends on the call's package; calls depend
 * on connections, not the reverse. The call owns what it holds: it takes and gives back
 * connections here, and decides when they return to the pool.
 */
public interface ConnectionUser {
  /** Returns the call, which event listener callbacks name and the pool watches for leaks. */
  Call call();

  /** Returns the call's event listener. */
  EventListener eventListener();

  /** Returns the connection the call holds, or null. */
  RealConnection connection();

  /**
   * Takes {@code connection} without reporting it to the event listener. The caller holds the
   * connection's lock.
   *
   * @throws IllegalStateException if the call already holds a connection
   */
  void acquireConnectionNoEvents(RealConnection connection);

  /**
   * Gives the held connection back without reporting it, and returns its socket if the pool retired
   * it and the caller must close it. The caller holds the connection's lock.
   */
  Socket releaseConnectionNoEvents();

  /** Registers a connect attempt in flight, which canceling the call aborts. */
  void addPlanToCancel(RoutePlanner.Plan plan);

  /** Unregisters a connect attempt that {@link #addPlanToCancel} registered. */
  void removePlanToCancel(RoutePlanner.Plan plan);

  /**
   * Records that one or both halves of {@code exchange} finished, and releases the connection if
   * the call is done. Returns the exception to report, adjusted for timeout or cancellation.
   */
  IOException messageDone(Exchange exchange, boolean requestDone, boolean responseDone,
      IOException e);
}
