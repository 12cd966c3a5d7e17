package dev.courier.internal.connection;

import java.io.InterruptedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.courier.Address;
import dev.courier.Protocol;

/**
 * Keeps calls to one origin from opening a connection each when one HTTP/2 connection could carry
 * them all. A burst of calls to a new origin would otherwise race: each finds the pool empty and
 * connects, and all but one connection end up unused. Here the first call reserves the connect;
 * the others wait for it (within their connect timeout) and then share its connection. The
 * reservation is released once the connection can be shared (it is in the pool and the server's
 * stream limit is known), or once the connect failed or settled on HTTP/1.1, which cannot be
 * shared: then the waiters connect as they would have.
 *
 * <p>Only addresses that may negotiate HTTP/2 take part: https with {@link Protocol#HTTP_2}
 * offered, or {@link Protocol#H2_PRIOR_KNOWLEDGE}.
 */
final class ConnectCoalescer {
  // Guarded by this.
  private final Set<Address> inFlight = new HashSet<>();

  /** Returns true if a connection to {@code address} may be an HTTP/2 connection. */
  static boolean mayMultiplex(Address address) {
    return address.protocols().contains(Protocol.H2_PRIOR_KNOWLEDGE)
        || (address.sslSocketFactory() != null && address.protocols().contains(Protocol.HTTP_2));
  }

  /** Reserves the connect to {@code address}, or returns null if another call holds it. */
  synchronized Reservation tryReserve(Address address) {
    return inFlight.add(address) ? new Reservation(address) : null;
  }

  /**
   * Waits until no connect to {@code address} is in flight. Returns true once none is, false if
   * {@code timeoutNanos} (0 for none) passed first or {@code canceled} became true.
   */
  synchronized boolean await(Address address, long timeoutNanos, BooleanSupplier canceled)
      throws InterruptedIOException {
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      while (inFlight.contains(address)) {
        if (canceled.getAsBoolean()) return false;
        if (timeoutNanos == 0) {
          wait();
        } else {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) return false;
          TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a connection to "
          + address.url().host() + ":" + address.url().port());
    }
  }

  /** Wakes every waiter, so that a canceled call notices. */
  synchronized void wakeAll() {
    notifyAll();
  }

  /** The right to connect to an address while others wait; released once, by whoever is last. */
  final class Reservation {
    private final Address address;
    private boolean released; // Guarded by the coalescer.

    private Reservation(Address address) {
      this.address = address;
    }

    /** Ends the reservation and wakes the calls waiting for it. Safe to call more than once. */
    void release() {
      synchronized (ConnectCoalescer.this) {
        if (released) return;
        released = true;
        inFlight.remove(address);
        ConnectCoalescer.this.notifyAll();
      }
    }
  }

  /**
   * Registered with a waiting call so that canceling it ends the wait. Not a connect attempt:
   * only {@link #cancel()} is used.
   */
  static final class CancelWait implements RoutePlanner.Plan {
    private final ConnectCoalescer coalescer;

    CancelWait(ConnectCoalescer coalescer) {
      this.coalescer = coalescer;
    }

    @Override
    public boolean isReady() {
      return false;
    }

    @Override
    public RoutePlanner.ConnectResult connectTcp() {
      throw new IllegalStateException("not a connect attempt");
    }

    @Override
    public RoutePlanner.ConnectResult connectTlsEtc() {
      throw new IllegalStateException("not a connect attempt");
    }

    @Override
    public RealConnection handleSuccess() {
      throw new IllegalStateException("not a connect attempt");
    }

    @Override
    public void cancel() {
      coalescer.wakeAll();
    }

    @Override
    public RoutePlanner.Plan retry() {
      throw new IllegalStateException("not a connect attempt");
    }
  }
}
