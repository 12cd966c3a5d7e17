package dev.courier.internal.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.UnknownServiceException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.courier.Address;
import dev.courier.Call;
import dev.courier.ConnectionSpec;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Route;

/**
 * Plans connections for one call to one address in five steps: the connection the call already
 * holds, a pooled one, a deferred attempt, a new route, and the pool once more (another call may
 * have released a connection while DNS was resolving).
 *
 * <p>Before its first new connection to an address that may speak HTTP/2, the call waits for any
 * connect to that address already in flight, whose connection it may share (see
 * {@link ConnectCoalescer}); if none is, it reserves the connect for itself.
 */
public final class RealRoutePlanner implements RoutePlanner {
  private final RealConnectionPool pool;
  private final Address address;
  private final ConnectionUser user;
  private final Call call;
  private final ConnectSettings settings;
  private final boolean doExtensiveHealthChecks;
  private final RouteSelector.AddressOrder addressOrder;
  private final Deque<Plan> deferredPlans = new ArrayDeque<>(2); // Rarely holds anything.

  private RouteSelector routeSelector;
  private RouteSelector.Selection routeSelection;
  private Route nextRouteToTry;
  /** True once this planner planned a connect of its own; it then waits for no other call. */
  private boolean connectPlanned;
  /** The connect this call reserved, until its first connect plan takes it; or null. */
  private ConnectCoalescer.Reservation reservation;

  /**
   * Creates a planner.
   *
   * @param doExtensiveHealthChecks whether pooled connections get a read probe before reuse, as
   *     requests that can't be retried safely need
   */
  public RealRoutePlanner(RealConnectionPool pool, Address address, ConnectionUser user,
      ConnectSettings settings, boolean doExtensiveHealthChecks,
      RouteSelector.AddressOrder addressOrder) {
    this.pool = pool;
    this.address = address;
    this.user = user;
    this.call = user.call();
    this.settings = settings;
    this.doExtensiveHealthChecks = doExtensiveHealthChecks;
    this.addressOrder = addressOrder;
  }

  @Override
  public Address address() {
    return address;
  }

  @Override
  public Deque<Plan> deferredPlans() {
    return deferredPlans;
  }

  @Override
  public boolean isCanceled() {
    return call.isCanceled();
  }

  @Override
  public Plan plan() throws IOException {
    Plan reuseCallConnection = planReuseCallConnection();
    if (reuseCallConnection != null) return reuseCallConnection;

    Plan pooled = planReusePooledConnection();
    if (pooled != null) return pooled;

    if (!deferredPlans.isEmpty()) return deferredPlans.removeFirst();

    if (!connectPlanned) {
      Plan shared = awaitSharedConnection();
      if (shared != null) return shared;
      connectPlanned = true;
    }

    ConnectPlan connect;
    try {
      connect = planConnect();
    } finally {
      // Held by the plan now, or the connect failed to plan: either way not by this planner.
      if (reservation != null) {
        reservation.release();
        reservation = null;
      }
    }

    // DNS may have taken a while; another call may have pooled a connection meanwhile.
    Plan pooledAfterDns = planReusePooledConnection();
    if (pooledAfterDns != null) {
      connect.releaseReservation();
      return pooledAfterDns;
    }
    return connect;
  }

  /**
   * Waits while another call connects to this address, if that connect may yield an HTTP/2
   * connection this call can share, and returns a plan reusing it. Returns null when this call
   * should connect: it then holds the reservation, or waited its connect timeout in vain, or the
   * server is known to choose HTTP/1.1.
   */
  private Plan awaitSharedConnection() throws IOException {
    if (!ConnectCoalescer.mayMultiplex(address)) return null;
    ConnectCoalescer coalescer = pool.connectCoalescer();
    int timeoutMillis = settings.connectTimeoutMillis() != 0 ? settings.connectTimeoutMillis()
        : settings.readTimeoutMillis();
    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    ConnectCoalescer.CancelWait cancelWait = null;
    try {
      while (true) {
        reservation = coalescer.tryReserve(address);
        if (reservation != null) return null;
        if (pool.hasHttp1ConnectionTo(address)) return null;
        if (cancelWait == null) {
          cancelWait = new ConnectCoalescer.CancelWait(coalescer);
          user.addPlanToCancel(cancelWait);
        }
        boolean finished = coalescer.await(address, timeoutNanos, call::isCanceled);
        if (call.isCanceled()) throw new IOException("Canceled");
        if (!finished) return null; // Too slow to wait for: connect alongside it.
        Plan pooled = planReusePooledConnection();
        if (pooled != null) return pooled;
      }
    } finally {
      if (cancelWait != null) user.removePlanToCancel(cancelWait);
    }
  }

  /** Returns a plan reusing the call's own connection if it fits this request, else null. */
  private Plan planReuseCallConnection() {
    RealConnection candidate = user.connection();
    if (candidate == null) return null;
    boolean healthy = candidate.isHealthy(doExtensiveHealthChecks);
    Socket toClose = null;
    synchronized (candidate) {
      if (!healthy) {
        candidate.retire();
        toClose = user.releaseConnectionNoEvents();
      } else if (candidate.isNoNewExchanges() || candidate.isFull()
          || !sameHostAndPort(candidate.route().address().url())) {
        toClose = user.releaseConnectionNoEvents();
      }
    }
    if (user.connection() != null) return new ReusePlan(candidate);
    RealConnection.closeQuietly(toClose);
    user.eventListener().connectionReleased(call, candidate);
    return null;
  }

  private Plan planReusePooledConnection() {
    RealConnection pooled = pool.callAcquirePooledConnection(doExtensiveHealthChecks, address, user);
    if (pooled == null) return null;
    user.eventListener().connectionAcquired(call, pooled);
    return new ReusePlan(pooled);
  }

  private ConnectPlan planConnect() throws IOException {
    checkConnectionSpecs();
    Route route = nextRouteToTry;
    if (route != null) {
      nextRouteToTry = null;
      return newConnectPlan(route, null);
    }
    if (routeSelection != null && routeSelection.hasNext()) {
      return newConnectPlan(routeSelection.next(), null);
    }
    RouteSelector selector = routeSelector;
    if (selector == null) {
      selector = new RouteSelector(address, pool.routeDatabase(), user, addressOrder);
      routeSelector = selector;
    }
    if (!selector.hasNext()) {
      throw new IOException("exhausted all routes to " + address.url().host() + ":"
          + address.url().port());
    }
    RouteSelector.Selection selection = selector.next();
    routeSelection = selection;
    if (call.isCanceled()) throw new IOException("Canceled");
    return newConnectPlan(selection.next(), selection.routes());
  }

  private ConnectPlan newConnectPlan(Route route, List<Route> routes) {
    Request tunnelRequest = route.requiresTunnel()
        ? ProxyTunnel.request(route, settings.userAgent())
        : null;
    ConnectPlan plan =
        new ConnectPlan(pool, user, settings, route, routes, tunnelRequest, 0, 0, false);
    if (reservation != null) {
      plan.holdReservation(reservation);
      reservation = null;
    }
    return plan;
  }

  /**
   * Refuses an address the client's connection specs don't allow: http without
   * {@link ConnectionSpec#CLEARTEXT}, or https without any TLS spec.
   */
  private void checkConnectionSpecs() throws UnknownServiceException {
    List<ConnectionSpec> specs = address.connectionSpecs();
    String host = address.url().host();
    if (address.sslSocketFactory() == null) {
      if (!specs.contains(ConnectionSpec.CLEARTEXT)) {
        throw new UnknownServiceException("CLEARTEXT communication to " + host
            + " not enabled for client: connectionSpecs " + specs
            + " do not include ConnectionSpec.CLEARTEXT");
      }
    } else {
      for (ConnectionSpec spec : specs) {
        if (spec.isTls()) return;
      }
      throw new UnknownServiceException("TLS communication to " + host
          + " not enabled for client: connectionSpecs " + specs + " include no TLS spec");
    }
  }

  @Override
  public boolean hasNext(RealConnection failedConnection) {
    if (!deferredPlans.isEmpty() || nextRouteToTry != null) return true;
    // A failure of one HTTP/2 stream leaves its connection to the next attempt, which plans it
    // first; if it is full by then, a new connection over its route.
    if (failedConnection != null && failedConnection.isMultiplexed()
        && !failedConnection.isNoNewExchanges()
        && sameHostAndPort(failedConnection.route().address().url())) {
      nextRouteToTry = failedConnection.route();
      return true;
    }
    if (failedConnection != null) {
      Route retryRoute = retryRoute(failedConnection);
      if (retryRoute != null) {
        nextRouteToTry = retryRoute;
        return true;
      }
    }
    if (hasUntriedRoute()) return true;
    if (failedConnection != null) {
      Route freshRoute = freshConnectionRoute(failedConnection);
      if (freshRoute != null) {
        nextRouteToTry = freshRoute;
        return true;
      }
    }
    return false;
  }

  private boolean hasUntriedRoute() {
    if (routeSelection != null && routeSelection.hasNext()) return true;
    // Before the selector exists (the call reused a pooled connection) assume a route remains.
    RouteSelector selector = routeSelector;
    return selector == null || selector.hasNext();
  }

  /**
   * Returns the failed connection's route if it deserves another try: it worked before (so the
   * failure was probably a server closing a stale connection) and leads to this address.
   */
  private Route retryRoute(RealConnection connection) {
    synchronized (connection) {
      if (connection.routeFailureCount() != 0) return null;
      if (!connection.isNoNewExchanges()) return null;
      if (!sameHostAndPort(connection.route().address().url())) return null;
      return connection.route();
    }
  }

  /**
   * Returns the route of a fresh connection that connected but failed its first exchange, when no
   * other route is left: a new connection over it is the one retry the call may make (the retry
   * interceptor allows one, and only where the request may be sent again). Other routes go first,
   * since the failure may be this route's.
   */
  private Route freshConnectionRoute(RealConnection connection) {
    synchronized (connection) {
      if (connection.successCount() != 0 || !connection.isNoNewExchanges()) return null;
      if (!sameHostAndPort(connection.route().address().url())) return null;
      return connection.route();
    }
  }

  @Override
  public boolean sameHostAndPort(HttpUrl url) {
    HttpUrl routeUrl = address.url();
    return url.port() == routeUrl.port() && url.host().equals(routeUrl.host());
  }
}
