package dev.courier.internal.chain;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;

import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.balance.BalancerListener;
import dev.courier.internal.balance.InstanceUrls;
import dev.courier.internal.balance.LocalFailure;
import dev.courier.internal.balance.Pick;
import dev.courier.internal.balance.RealServiceInstances;
import dev.courier.internal.balance.TriedInstances;
import dev.courier.internal.connection.Exchange;
import dev.courier.internal.connection.ExchangeFinder;
import dev.courier.internal.connection.RealConnection;

/**
 * Sends the attempts of one call that go to a service to its instances: picks an instance for
 * each, avoiding those the call tried; rewrites the request for it; reports how the attempt went
 * back to the balancer; decides whether a failed attempt may be retried on another instance; and
 * gives the attempt's in-flight slot back when it is over.
 *
 * <p>It holds nothing of the call, so the connection the call holds can keep it as what to run if
 * the call is garbage collected with its response body open ({@link #run()}): the leak is reported
 * by the pool, and the instance's slot comes back.
 *
 * <p>Confined to the thread running the call's attempts, except {@link #run()} and
 * {@link #finishAttempt()}, which any thread may call, and {@link #tried()}, which any thread may
 * read.
 */
final class ServiceRoute implements Runnable {
  /**
   * The most retries of a service call after connection failures. Each goes to an instance the
   * call has not tried, while there is one; a call to a service with fewer instances stops
   * sooner, once no instance or route is left.
   */
  static final int MAX_RETRIES = 3;

  private final TriedInstances tried;
  private RealServiceInstances service;
  private boolean retry;
  private int retries;
  private boolean httpsOnly;
  /** The instance the call's route planner reaches, for a retry on the same instance. */
  private HttpUrl plannedInstance;
  private volatile Pick pick;

  ServiceRoute(TriedInstances tried) {
    this.tried = tried;
  }

  /** Returns the instances the call tried; any thread may read them. */
  TriedInstances tried() {
    return tried;
  }

  /**
   * Starts an attempt, to {@code service} or, if it is null, to a plain host.
   *
   * @param retry true if the attempt retries the previous one after a failure
   */
  void enter(RealServiceInstances service, boolean retry) {
    this.service = service;
    this.retry = retry;
    if (retry && service != null) retries++;
  }

  /** Returns true if the attempt in progress goes to a service. */
  boolean routesAttempt() {
    return service != null;
  }

  /**
   * Picks the attempt's instance, taking an in-flight slot on it.
   *
   * @throws dev.courier.NoInstanceAvailableException if the service has none to give
   */
  Pick pick(boolean https, BalancerListener events) throws IOException {
    this.httpsOnly = https;
    Pick result = service.pick(tried, https, events);
    pick = result;
    return result;
  }

  /**
   * Returns true if the attempt may continue with the route planner of the previous one: it is a
   * retry that landed on the same instance, whose planner may have another route to it.
   */
  boolean continuesPlanner(Pick attempt, boolean hasPlanner) {
    boolean same = retry && hasPlanner && attempt.url().equals(plannedInstance);
    plannedInstance = attempt.url();
    return same;
  }

  /**
   * Records that no connection to the instance could be made: a connect failure for the
   * instance, unless the call stopped it, then gives the slot back.
   */
  void connectFailed(RealCall call) {
    Pick attempt = pick;
    if (call.isAbandoned()) {
      attempt.outlasted();
    } else if (!call.isCanceled()) {
      attempt.failed(LocalFailure.CONNECT, call.balancerEvents());
    }
    attempt.finish();
  }

  /**
   * Sends the attempt's request to its instance down {@code chain} (the network interceptors and
   * the server), and reports the response's status, or the failure, to the balancer.
   */
  Response proceed(RealInterceptorChain chain, Exchange exchange, RealCall call)
      throws IOException {
    Pick attempt = pick;
    Response response;
    try {
      response = chain.proceed(routedRequest(chain.request(), attempt.url()));
    } catch (IOException e) {
      reportFailure(attempt, exchange, e, call);
      throw e;
    }
    attempt.responded(response.code(), call.balancerEvents());
    return response;
  }

  private static void reportFailure(Pick attempt, Exchange exchange, IOException e,
      RealCall call) {
    if (call.isAbandoned()) {
      attempt.outlasted();
      return;
    }
    // A failure the connection didn't see (the request body threw, or an interceptor did) says
    // nothing of the instance; neither does one the caller caused by canceling.
    if (call.isCanceled() || !exchange.hasFailure()) return;
    LocalFailure failure;
    if (e instanceof InterruptedIOException) {
      failure = LocalFailure.TIMEOUT;
    } else if (e instanceof ProtocolException || exchange.connection().successCount() == 0) {
      failure = LocalFailure.RESET;
    } else {
      // A pooled connection that broke before its next response: servers close idle
      // connections, so this is not held against the instance. The retry's fresh connection is.
      return;
    }
    attempt.failed(failure, call.balancerEvents());
  }

  /**
   * Returns {@code request}, which names the service, sent to {@code instance}: the instance's
   * scheme, host and port. A {@code Host} header naming the service (as the bridge set it) names
   * the instance instead; one the caller set to something else stays.
   */
  static Request routedRequest(Request request, HttpUrl instance) {
    HttpUrl logical = request.url();
    HttpUrl url = InstanceUrls.route(logical, instance);
    Request.Builder builder = request.newBuilder().url(url);
    String host = request.header("Host");
    if (host == null || host.equalsIgnoreCase(logical.hostHeader())) {
      builder.header("Host", url.hostHeader());
    }
    return builder.build();
  }

  /**
   * Returns why a failed attempt must not be retried on this service, or null if another
   * instance, or another route to the same one, may succeed.
   *
   * @param finder the finder of the failed attempt, or null if it had none
   * @param failedConnection the connection that failed, or null
   */
  String retryRefusal(ExchangeFinder finder, RealConnection failedConnection) {
    if (retries >= MAX_RETRIES) {
      return "already retried " + MAX_RETRIES + " times on instances of service "
          + service.name();
    }
    if (service.hasUntried(tried, httpsOnly)) return null;
    if (finder != null && finder.routePlanner().hasNext(failedConnection)) return null;
    return "no other instance of service " + service.name() + " to try";
  }

  /** Gives the attempt's in-flight slot back: the attempt no longer uses its instance. */
  void finishAttempt() {
    Pick attempt = pick;
    if (attempt != null) attempt.finish();
  }

  /** Gives the slot back when the call leaked its response and was collected. */
  @Override
  public void run() {
    finishAttempt();
  }

  @Override
  public String toString() {
    return "ServiceRoute" + tried;
  }
}
