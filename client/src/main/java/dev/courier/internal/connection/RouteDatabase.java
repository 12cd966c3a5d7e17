package dev.courier.internal.connection;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.courier.Route;

/**
 * Remembers routes that failed to connect, so the next attempt tries them last. A route that
 * connects again is forgiven.
 */
public final class RouteDatabase {
  private final Set<Route> failedRoutes = new LinkedHashSet<>();

  /** Records that connecting over {@code route} failed. */
  public synchronized void failed(Route route) {
    failedRoutes.add(route);
  }

  /** Records that {@code route} connected. */
  public synchronized void connected(Route route) {
    failedRoutes.remove(route);
  }

  /** Returns true if {@code route} failed recently and should be tried after the others. */
  public synchronized boolean shouldPostpone(Route route) {
    return failedRoutes.contains(route);
  }
}
