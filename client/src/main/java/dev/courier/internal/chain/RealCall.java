package dev.courier.internal.chain;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.UnaryOperator;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.CourierClient;
import dev.courier.EventListener;
import dev.courier.HttpUrl;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.balance.BalancerListener;
import dev.courier.internal.balance.Pick;
import dev.courier.internal.balance.RealServiceInstances;
import dev.courier.internal.balance.TriedInstances;
import dev.courier.internal.cache.RevalidationCallback;
import dev.courier.internal.connection.ConnectSettings;
import dev.courier.internal.connection.ConnectionUser;
import dev.courier.internal.connection.Exchange;
import dev.courier.internal.connection.ExchangeFinder;
import dev.courier.internal.connection.FastFallbackExchangeFinder;
import dev.courier.internal.connection.RealConnection;
import dev.courier.internal.connection.RealRoutePlanner;
import dev.courier.internal.connection.RouteSelector;
import dev.courier.internal.connection.RoutePlanner;
import dev.courier.internal.connection.SequentialExchangeFinder;
import dev.courier.internal.http.ExchangeCodec;
import okio.AsyncTimeout;
import okio.Timeout;

/**
 * A call: runs the interceptor chain for one request, and tracks what the call holds so that
 * everything is released exactly once, whichever way the call ends.
 *
 * <p>A call holds at most one connection and one exchange at a time. The exchange has two halves,
 * the request body and the response body; the connection goes back to the pool when both are done
 * and the chain has returned ({@link #noMoreExchanges}). Events {@code connectionReleased} and
 * {@code callEnd} (or {@code callFailed}) fire at that moment.
 *
 * <p>The connection layer sees the call only as a {@link ConnectionUser}, which a private part of
 * the call implements: taking and giving back connections stays the call's own business.
 *
 * <p>An attempt whose host names a service goes to one of its instances, through a {@link
 * ServiceRoute} the call makes at its first such attempt: the route planner is then made per
 * attempt, for the instance picked. A call may be hedged ({@link HedgeRace}): the hedge is a call
 * of its own, and this one ends only once its hedge has ended too.
 */
public final class RealCall implements Call {
  private static final System.Logger LOGGER = System.getLogger("dev.courier.Call");
  /** Sets {@code executed} once, without an atomic object per call. */
  private static final AtomicIntegerFieldUpdater<RealCall> EXECUTED =
      AtomicIntegerFieldUpdater.newUpdater(RealCall.class, "executed");
  @SuppressWarnings("rawtypes")
  private static final AtomicReferenceFieldUpdater<RealCall, List> PLANS_TO_CANCEL =
      AtomicReferenceFieldUpdater.newUpdater(RealCall.class, List.class, "plansToCancel");

  private final CourierClient client;
  private final ClientInternals internals;
  private final List<Interceptor> interceptors;
  private final Request originalRequest;
  private final EventListener eventListener;
  private volatile int executed; // 1 once executed or enqueued; see EXECUTED.
  private final CallTimeout timeout = new CallTimeout();
  /**
   * Connect attempts in progress, which cancel() stops; made by the first one, since most calls
   * take a pooled connection and never register any.
   */
  private volatile List<RoutePlanner.Plan> plansToCancel;
  private final ConnectionUser connectionUser = new CallConnectionUser();

  // Guarded by this.
  private boolean requestBodyOpen;
  private boolean responseBodyOpen;
  private boolean expectMoreExchanges = true;

  // Confined to the thread running the call, except where noted.
  private ExchangeFinder exchangeFinder;
  private RealConnection connection; // Changed only while holding that connection's lock.
  private Exchange interceptorScopedExchange;
  private volatile Exchange exchange; // Read by cancel() from other threads.
  private IOException connectFailure; // The last failure to find a connection.
  private volatile boolean canceled;

  // Services and hedging; none of it is used by calls to plain hosts.
  /** The call this one hedges, or null. */
  private final RealCall hedged;
  /** The instances the call this one hedges had tried, or null. */
  private final TriedInstances triedBefore;
  private volatile ServiceRoute serviceRoute; // Made at the first attempt to a service.
  private BalancerListener balancerEvents;
  /** Set when this call's hedge answered first: the attempt in progress is abandoned. */
  private volatile boolean abandoned;
  private volatile HedgeRace hedgeRace; // Read by cancel().
  private int openHedges; // Guarded by this.
  private IOException pendingFailure; // Guarded by this; what callDone reports once hedges end.

  /** Creates a call of {@code request} on {@code client}, through its whole chain. */
  public RealCall(CourierClient client, ClientInternals internals, Request originalRequest) {
    this(client, internals, internals.interceptors(), originalRequest, null, null);
  }

  private RealCall(CourierClient client, ClientInternals internals,
      List<Interceptor> interceptors, Request originalRequest, RealCall hedged,
      TriedInstances triedBefore) {
    this.client = client;
    this.internals = internals;
    this.interceptors = interceptors;
    this.originalRequest = originalRequest;
    this.hedged = hedged;
    this.triedBefore = triedBefore;
    // A hedge has no deadline of its own: the call it hedges cancels it when its own passes.
    if (hedged == null) this.timeout.timeout(client.callTimeoutMillis(), TimeUnit.MILLISECONDS);
    this.eventListener = client.eventListenerFactory().create(this);
  }

  /** Returns this call's event listener. */
  EventListener eventListener() {
    return eventListener;
  }

  @Override
  public Request request() {
    return originalRequest;
  }

  @Override
  public Timeout timeout() {
    return timeout;
  }

  @Override
  public Call clone() {
    return new RealCall(client, internals, interceptors, originalRequest, null, null);
  }

  @Override
  public boolean isExecuted() {
    return executed != 0;
  }

  @Override
  public boolean isCanceled() {
    return canceled;
  }

  @Override
  public void cancel() {
    if (canceled) return;
    canceled = true;
    Exchange current = exchange;
    if (current != null) current.cancel();
    cancelPlans();
    HedgeRace race = hedgeRace;
    if (race != null) race.cancelHedge();
    eventListener.canceled(this);
  }

  @Override
  public Response execute() throws IOException {
    if (!EXECUTED.compareAndSet(this, 0, 1)) throw new IllegalStateException("Already Executed");
    timeout.enter();
    eventListener.callStart(this);
    try {
      internals.dispatcher().executed(this);
      return getResponseWithInterceptorChain();
    } finally {
      internals.dispatcher().finished(this);
    }
  }

  @Override
  public void enqueue(Callback responseCallback) {
    if (responseCallback == null) throw new IllegalArgumentException("responseCallback == null");
    if (!EXECUTED.compareAndSet(this, 0, 1)) throw new IllegalStateException("Already Executed");
    eventListener.callStart(this);
    internals.dispatcher().enqueue(new AsyncCall(responseCallback));
  }

  Response getResponseWithInterceptorChain() throws IOException {
    RealInterceptorChain chain = new RealInterceptorChain(this, interceptors, 0, null,
        originalRequest, client.connectTimeoutMillis(), client.readTimeoutMillis(),
        client.writeTimeoutMillis());
    boolean calledNoMoreExchanges = false;
    try {
      Response response = chain.proceed(originalRequest);
      if (canceled) {
        response.close();
        throw new IOException("Canceled");
      }
      return response;
    } catch (IOException e) {
      calledNoMoreExchanges = true;
      throw noMoreExchanges(e);
    } finally {
      if (!calledNoMoreExchanges) noMoreExchanges(null);
    }
  }

  /**
   * Prepares to send {@code request}, creating a route planner for its address unless a retry
   * should continue with the previous one. An attempt to a service gets its planner once an
   * instance is picked, in {@link #initExchange}.
   */
  void enterNetworkInterceptorExchange(Request request, boolean newRoutePlanner,
      RealInterceptorChain chain) {
    if (interceptorScopedExchange != null) throw new IllegalStateException("exchange in progress");
    synchronized (this) {
      if (responseBodyOpen) {
        throw new IllegalStateException("cannot make a new request because the previous response "
            + "is still open: please call response.close()");
      }
      if (requestBodyOpen) throw new IllegalStateException("request body still open");
    }
    RealServiceInstances service = internals.services().lookup(request.url());
    if (service != null || serviceRoute != null) {
      if (serviceRoute == null) {
        serviceRoute = new ServiceRoute(triedBefore != null ? triedBefore : new TriedInstances());
      }
      serviceRoute.enter(service, !newRoutePlanner);
      if (service != null) return;
    }
    if (newRoutePlanner) exchangeFinder = newExchangeFinder(request.url(), request, chain);
  }

  /** Returns a finder of connections to {@code origin}'s address for {@code request}. */
  private ExchangeFinder newExchangeFinder(HttpUrl origin, Request request,
      RealInterceptorChain chain) {
    ConnectSettings settings = new ConnectSettings(chain.connectTimeoutMillis(),
        chain.readTimeoutMillis(), chain.writeTimeoutMillis(),
        client.retryOnConnectionFailure(), client.userAgent(), client.pingIntervalMillis());
    boolean fastFallback = client.fastFallback();
    RoutePlanner planner = new RealRoutePlanner(internals.connectionPool(),
        internals.addresses().get(origin), connectionUser, settings,
        !request.method().equals("GET"),
        fastFallback ? RouteSelector.AddressOrder.INTERLEAVED
            : RouteSelector.AddressOrder.AS_RESOLVED);
    return fastFallback
        ? new FastFallbackExchangeFinder(planner, client.retryOnConnectionFailure())
        : new SequentialExchangeFinder(planner, client.retryOnConnectionFailure());
  }

  /** Finds a connection and starts an exchange on it; called by the connect interceptor. */
  Exchange initExchange(RealInterceptorChain chain) throws IOException {
    synchronized (this) {
      if (!expectMoreExchanges) throw new IllegalStateException("released");
      if (responseBodyOpen || requestBodyOpen) throw new IllegalStateException("exchange open");
    }
    if (abandoned) throw new IOException("Canceled");
    ServiceRoute route = routedAttempt();
    if (route != null) {
      Request request = chain.request();
      Pick pick = route.pick(request.url().isHttps(), balancerEvents());
      if (!route.continuesPlanner(pick, exchangeFinder != null)) {
        exchangeFinder = newExchangeFinder(pick.url(), request, chain);
      }
    }
    ExchangeFinder finder = exchangeFinder;
    RealConnection found;
    try {
      found = finder.find();
    } catch (IOException e) {
      connectFailure = e;
      if (route != null) route.connectFailed(this);
      throw e;
    }
    ExchangeCodec codec = found.newCodec(chain.readTimeoutMillis(), chain.writeTimeoutMillis());
    Exchange result = new Exchange(connectionUser, finder, codec);
    interceptorScopedExchange = result;
    exchange = result;
    synchronized (this) {
      requestBodyOpen = true;
      responseBodyOpen = true;
    }
    if (canceled || abandoned) throw new IOException("Canceled");
    return result;
  }

  /** Returns the route of the attempt in progress if it goes to a service, else null. */
  ServiceRoute routedAttempt() {
    ServiceRoute route = serviceRoute;
    return route != null && route.routesAttempt() ? route : null;
  }

  /** Returns what turns the balancer's doings for this call into its events. */
  BalancerListener balancerEvents() {
    BalancerListener result = balancerEvents;
    if (result == null) {
      result = new CallBalancerEvents(this, eventListener);
      balancerEvents = result;
    }
    return result;
  }

  /** Returns the exchange the network interceptors are running, or null. */
  Exchange interceptorScopedExchange() {
    return interceptorScopedExchange;
  }

  /** Ends the network part of one attempt; {@code closeExchange} abandons an unfinished one. */
  void exitNetworkInterceptorExchange(boolean closeExchange) {
    synchronized (this) {
      if (!expectMoreExchanges) throw new IllegalStateException("released");
    }
    Exchange current = exchange;
    if (closeExchange && current != null) current.detachWithViolence();
    interceptorScopedExchange = null;
  }

  /** Takes {@code connection}; the caller holds its lock. */
  private void acquireConnectionNoEvents(RealConnection connection) {
    if (this.connection != null) throw new IllegalStateException("already holds a connection");
    this.connection = connection;
    // Should this call leak its response, the pool gives its instance's in-flight slot back.
    ServiceRoute route = serviceRoute;
    if (route != null) {
      connection.acquire(this, route);
    } else {
      connection.acquire(this);
    }
  }

  /**
   * Gives the connection back; returns its socket if the pool retired it and it must be closed.
   * The caller holds the connection's lock.
   */
  private Socket releaseConnectionNoEvents() {
    RealConnection released = connection;
    Socket toClose = released.release(this);
    connection = null;
    return toClose;
  }

  /**
   * Returns true if {@code e} is how the last attempt to find a connection failed, rather than a
   * failure of some interceptor before the connect interceptor.
   */
  boolean isConnectFailure(IOException e) {
    return e == connectFailure;
  }

  /**
   * Returns why a failed attempt must not be retried, or null if it may be: on another route or a
   * fresh connection to the same one, or for a service, on another instance.
   */
  String retryRefusal() {
    if (abandoned) return "abandoned: its hedge answered first";
    ExchangeFinder finder = exchangeFinder;
    ServiceRoute route = routedAttempt();
    if (route != null) return route.retryRefusal(finder, connection);
    return finder != null && finder.routePlanner().hasNext(connection)
        ? null : "no more routes to try";
  }

  /**
   * Records that one or both halves of {@code exchange} finished, and releases the connection if
   * the call is done. Returns the exception to report, adjusted for timeout or cancellation.
   */
  private IOException messageDone(Exchange exchange, boolean requestDone, boolean responseDone,
      IOException e) {
    if (exchange != this.exchange) return e; // Detached already.
    boolean bothStreamsDone = false;
    boolean callDone = false;
    synchronized (this) {
      if ((requestDone && requestBodyOpen) || (responseDone && responseBodyOpen)) {
        if (requestDone) requestBodyOpen = false;
        if (responseDone) responseBodyOpen = false;
        bothStreamsDone = !requestBodyOpen && !responseBodyOpen;
        callDone = bothStreamsDone && !expectMoreExchanges && openHedges == 0;
        if (bothStreamsDone && !expectMoreExchanges && !callDone) pendingFailure = e;
        // Under the lock: the next attempt, which picks again, can't start before this is seen.
        if (bothStreamsDone && serviceRoute != null) serviceRoute.finishAttempt();
      }
    }
    if (bothStreamsDone) {
      this.exchange = null;
      RealConnection held = connection;
      if (held != null) held.incrementSuccessCount();
    }
    if (callDone) return callDone(e);
    return e;
  }

  /**
   * Records that the chain returned or failed: no further exchanges will start. Returns the
   * exception to report.
   */
  IOException noMoreExchanges(IOException e) {
    boolean callDone = false;
    synchronized (this) {
      if (expectMoreExchanges) {
        expectMoreExchanges = false;
        boolean streamsDone = !requestBodyOpen && !responseBodyOpen;
        callDone = streamsDone && openHedges == 0;
        if (streamsDone && !callDone) pendingFailure = e;
      }
    }
    if (callDone) return callDone(e);
    return e;
  }

  /** Releases the connection and reports the end of the call. */
  private IOException callDone(IOException e) {
    ServiceRoute route = serviceRoute;
    if (route != null) route.finishAttempt();
    RealConnection held = connection;
    if (held != null) {
      Socket toClose;
      synchronized (held) {
        toClose = releaseConnectionNoEvents();
      }
      RealConnection.closeQuietly(toClose);
      eventListener.connectionReleased(this, held);
    }
    IOException result = exitException(e);
    if (result != null) {
      eventListener.callFailed(this, result);
    } else {
      eventListener.callEnd(this);
    }
    if (hedged != null) hedged.hedgeEnded();
    return result;
  }

  /** Stops the call timeout and returns the exception the caller should see, naming the cause. */
  private IOException exitException(IOException cause) {
    if (timeout.exit()) {
      InterruptedIOException timedOut = new InterruptedIOException("Call timed out after "
          + TimeUnit.NANOSECONDS.toMillis(timeout.timeoutNanos()) + " ms (callTimeout)");
      if (cause != null) timedOut.initCause(cause);
      return timedOut;
    }
    if (cause != null && canceled && !"Canceled".equals(cause.getMessage())) {
      return new IOException("Canceled", cause);
    }
    return cause;
  }

  /**
   * Starts {@code request}, which refreshes a stale response this call was answered with, as an
   * asynchronous call on the same client. It skips the application interceptors: they already
   * shaped the request, for this call. Runs {@code onFinished} once that call is over.
   */
  void revalidateInBackground(Request request, Runnable onFinished) {
    new RealCall(client, internals, internals.revalidationInterceptors(), request, null, null)
        .enqueue(new RevalidationCallback(onFinished));
  }

  /** Returns true if the attempt in progress was abandoned because this call's hedge answered. */
  boolean isAbandoned() {
    return abandoned;
  }

  /** Returns the instances this call tried, or null if it tried none. */
  TriedInstances triedInstances() {
    ServiceRoute route = serviceRoute;
    return route != null ? route.tried() : null;
  }

  /** Notes that {@code race} hedges this call, so that canceling the call cancels its hedge. */
  void startRace(HedgeRace race) {
    hedgeRace = race;
  }

  /**
   * Returns a call that sends {@code request} again, as a hedge of this one: below the
   * application interceptors and hedging, to an instance this call has not tried while there is
   * one, and with no timeout of its own. This call ends only after it; see {@link #hedgeEnded()}.
   */
  RealCall newHedge(Request request) {
    TriedInstances tried = triedInstances();
    RealCall hedge = new RealCall(client, internals, internals.revalidationInterceptors(), request,
        this, tried != null ? tried.copy() : new TriedInstances());
    synchronized (this) {
      openHedges++;
    }
    return hedge;
  }

  /**
   * Returns {@code hedge} as the dispatcher runs it: wrapped by its task decorator, if it has one,
   * on this thread, so that a hedge carries the context of the call it hedges (its trace, MDC,
   * security context) as an enqueued call does. Called when the race starts, on the call's
   * thread: the hedge itself starts later, on Okio's watchdog thread, which has no such context.
   */
  Runnable decorateHedge(Runnable hedge) {
    return internals.dispatcher().decorate(hedge);
  }

  /**
   * Runs {@code hedge}, decorated by {@link #decorateHedge}, on the dispatcher's threads, which
   * may refuse it once shut down.
   */
  void runHedge(Runnable hedge) {
    internals.dispatcher().executorService().execute(hedge);
  }

  /**
   * Records that a hedge of this call ended (or never started), and ends this call if it was
   * waiting for that alone.
   */
  void hedgeEnded() {
    boolean callDone;
    IOException e;
    synchronized (this) {
      openHedges--;
      callDone = openHedges == 0 && !expectMoreExchanges && !requestBodyOpen && !responseBodyOpen;
      e = pendingFailure;
    }
    if (callDone) callDone(e);
  }

  /** Cancels the connect attempts in progress, if any. */
  private void cancelPlans() {
    List<RoutePlanner.Plan> plans = plansToCancel;
    if (plans == null) return;
    for (RoutePlanner.Plan plan : plans) {
      plan.cancel();
    }
  }

  /**
   * Abandons the attempt in progress because this call's hedge answered first: stops its
   * exchange or connect without canceling the call, which the hedge's response now answers.
   */
  void abandonAttempt() {
    abandoned = true;
    Exchange current = exchange;
    if (current != null) current.cancel();
    cancelPlans();
  }

  /** Describes the call for logs, without credentials or query. */
  String toLoggableString() {
    return (canceled ? "canceled call to " : "call to ") + originalRequest.url().redact();
  }

  /** Cancels the call when the whole-call timeout elapses. */
  private final class CallTimeout extends AsyncTimeout {
    @Override
    protected void timedOut() {
      // Qualified: Okio's Timeout has a cancel() of its own, which would silently win.
      RealCall.this.cancel();
    }
  }

  /** The call as the connection layer sees it. */
  private final class CallConnectionUser implements ConnectionUser {
    @Override
    public Call call() {
      return RealCall.this;
    }

    @Override
    public EventListener eventListener() {
      return eventListener;
    }

    @Override
    public RealConnection connection() {
      return connection;
    }

    @Override
    public void acquireConnectionNoEvents(RealConnection connection) {
      RealCall.this.acquireConnectionNoEvents(connection);
    }

    @Override
    public Socket releaseConnectionNoEvents() {
      return RealCall.this.releaseConnectionNoEvents();
    }

    @Override
    public void addPlanToCancel(RoutePlanner.Plan plan) {
      List<RoutePlanner.Plan> plans = plansToCancel;
      if (plans == null) {
        // Without a lock: the caller may hold a connection's, which must not wait for ours.
        PLANS_TO_CANCEL.compareAndSet(RealCall.this, null, new CopyOnWriteArrayList<>());
        plans = plansToCancel;
      }
      plans.add(plan);
    }

    @Override
    public void removePlanToCancel(RoutePlanner.Plan plan) {
      List<RoutePlanner.Plan> plans = plansToCancel;
      if (plans != null) plans.remove(plan);
    }

    @Override
    public IOException messageDone(Exchange exchange, boolean requestDone, boolean responseDone,
        IOException e) {
      return RealCall.this.messageDone(exchange, requestDone, responseDone, e);
    }
  }

  /** An enqueued call, run by the dispatcher on one of its threads. */
  final class AsyncCall implements Runnable {
    private final Callback responseCallback;
    private volatile AtomicInteger callsPerHost = new AtomicInteger();
    /** What the executor runs: this call, or the dispatcher's decoration of it. */
    private Runnable task = this;

    AsyncCall(Callback responseCallback) {
      this.responseCallback = responseCallback;
    }

    /** Returns the host this call goes to, for the per-host limit. */
    String host() {
      return originalRequest.url().host();
    }

    /** Returns the call. */
    RealCall call() {
      return RealCall.this;
    }

    /**
     * Returns how many calls to this call's host may run at once under a per-host limit of
     * {@code perHost}. A service's name stands for all its instances, so the limit applies per
     * instance: {@code perHost} times the instances it has now.
     */
    int hostLimit(int perHost) {
      RealServiceInstances service = internals.services().lookup(originalRequest.url());
      if (service == null) return perHost;
      return (int) Math.min(Integer.MAX_VALUE,
          (long) perHost * Math.max(1, service.instanceCount()));
    }

    /** Returns the counter of running calls to this host, shared by those calls. */
    AtomicInteger callsPerHost() {
      return callsPerHost;
    }

    /** Shares {@code other}'s per-host counter, which it has because it goes to the same host. */
    void reuseCallsPerHostFrom(AsyncCall other) {
      this.callsPerHost = other.callsPerHost;
    }

    /** Has the executor run {@code decorator}'s wrapping of this call instead of the call. */
    void decorate(UnaryOperator<Runnable> decorator) {
      Runnable decorated = decorator.apply(this);
      if (decorated == null) throw new IllegalStateException("task decorator returned null");
      task = decorated;
    }

    /**
     * Starts this call on {@code executor}; if the executor refuses (it was shut down), fails the
     * call through its callback.
     */
    void executeOn(ExecutorService executor) {
      boolean success = false;
      try {
        executor.execute(task);
        success = true;
      } catch (RejectedExecutionException e) {
        InterruptedIOException rejected =
            new InterruptedIOException("executor rejected the call: the dispatcher is shut down");
        rejected.initCause(e);
        noMoreExchanges(rejected);
        responseCallback.onFailure(RealCall.this, rejected);
      } finally {
        if (!success) internals.dispatcher().finished(this);
      }
    }

    @Override
    public void run() {
      boolean signalledCallback = false;
      timeout.enter();
      try {
        Response response = getResponseWithInterceptorChain();
        signalledCallback = true;
        responseCallback.onResponse(RealCall.this, response);
      } catch (IOException e) {
        if (signalledCallback) {
          LOGGER.log(Level.INFO, "Callback failure for " + toLoggableString(), e);
        } else {
          responseCallback.onFailure(RealCall.this, e);
        }
      } catch (RuntimeException | Error t) {
        cancel();
        if (!signalledCallback) {
          // The callback learns what went wrong from the cause; the thread's handler sees it too.
          IOException canceledException = new IOException("canceled due to " + t, t);
          responseCallback.onFailure(RealCall.this, canceledException);
        }
        throw t;
      } finally {
        internals.dispatcher().finished(this);
      }
    }
  }
}
