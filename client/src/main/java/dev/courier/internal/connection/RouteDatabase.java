package dev.courier.internal.connection;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.courier.Route;

/**
 * Remembers routes that failed to connect, so the next attempt tries them last. A route that
 * connects again is forgiven. The memory is bounded: beyond {@value #MAX_FAILED_ROUTES} routes,
 * the one whose last failure is oldest is forgotten, so a client that meets many hosts that refuse
 * it (each route holds a few hundred bytes) does not grow for ever.
 */
public final class RouteDatabase {
  /** The most failed routes remembered: far more than the routes of the hosts a client uses. */
  static final int MAX_FAILED_ROUTES = 256;

  private final Set<Route> failedRoutes = new LinkedHashSet<>();

  /** Records that connecting over {@code route} failed. */
  public synchronized void failed(Route route) {
    failedRoutes.remove(route); // Insertion order is failure order: a repeat moves to the end.
    failedRoutes.add(route);
    if (failedRoutes.size() > MAX_FAILED_ROUTES) {
      Iterator<Route> oldest = failedRoutes.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Records that {@code route} connected. */
  public synchronized void connected(Route route) {
    failedRoutes.remove(route);
  }

  /** Returns true if {@code route} failed recently and should be tried after the others. */
  public synchronized boolean shouldPostpone(Route route) {
    return failedRoutes.contains(route);
  }

  /** Returns how many failed routes are remembered. */
  synchronized int size() {
    return failedRoutes.size();
  }
}
