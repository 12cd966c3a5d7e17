package dev.courier;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

import dev.courier.internal.chain.RealDispatcher;
import dev.courier.internal.concurrent.CourierThreads;
import org.jspecify.annotations.Nullable;

/**
 * Runs asynchronous calls: at most {@link #maxRequests()} at once (64 by default) and at most
 * {@link #maxRequestsPerHost()} to one host (5 by default). Calls beyond the limits wait in order
 * and start as running calls finish. Synchronous calls run on their caller's thread and are only
 * counted here.
 *
 * <p>Threads are daemon threads named {@code courier-dispatcher-N}; {@link #ofVirtualThreads()}
 * runs each call on its own virtual thread instead (Java 21+). Under steady load the default pool
 * holds up to about twice {@code maxRequests} threads, because a call handed over just as another
 * finishes starts a new thread rather than wait for that one; idle threads end after a minute.
 * Thread-safe.
 */
public final class Dispatcher {
  final RealDispatcher delegate;

  /** Creates a dispatcher with its own pool of daemon threads, created on first use. */
  public Dispatcher() {
    this.delegate = new RealDispatcher(CourierThreads::newDispatcherExecutor);
  }

  /**
   * Creates a dispatcher that runs calls on {@code executorService}. The executor must be able to
   * run {@link #maxRequests()} tasks at once; a bounded queue in front of it defeats the limits.
   */
  public Dispatcher(ExecutorService executorService) {
    if (executorService == null) throw new IllegalArgumentException("executorService == null");
    this.delegate = new RealDispatcher(() -> executorService);
  }

  /**
   * Returns a dispatcher that runs each call on a new virtual thread named
   * {@code courier-virtual-N}.
   *
   * @throws IllegalStateException on Java versions before 21, which have no virtual threads
   */
  public static Dispatcher ofVirtualThreads() {
    return new Dispatcher(CourierThreads.newVirtualThreadExecutor());
  }

  /** Returns the executor that runs calls, creating it if needed. */
  public ExecutorService executorService() {
    return delegate.executorService();
  }

  /** Returns the most asynchronous calls that run at once. */
  public int maxRequests() {
    return delegate.maxRequests();
  }

  /**
   * Sets the most asynchronous calls that run at once; waiting calls start if it grew.
   *
   * @throws IllegalArgumentException if {@code maxRequests} is less than 1
   */
  public void setMaxRequests(int maxRequests) {
    delegate.setMaxRequests(maxRequests);
  }

  /** Returns the most asynchronous calls to one host that run at once. */
  public int maxRequestsPerHost() {
    return delegate.maxRequestsPerHost();
  }

  /**
   * Sets the most asynchronous calls to one host (by URL host name) that run at once. The name of
   * a {@link ServiceInstances service} the client routes to stands for all its instances, so for
   * it the limit applies per instance: calls to {@code http://catalog/...} run up to this many
   * times the number of instances {@code catalog} has, as calls to each instance by its own URL
   * would. Hedges, which run beside the calls they hedge, are not counted.
   *
   * @throws IllegalArgumentException if {@code maxRequestsPerHost} is less than 1
   */
  public void setMaxRequestsPerHost(int maxRequestsPerHost) {
    delegate.setMaxRequestsPerHost(maxRequestsPerHost);
  }

  /**
   * Sets a callback to run whenever the dispatcher becomes idle: no call running, synchronous or
   * asynchronous. It runs on the thread of the call that finished last. Null removes it.
   */
  public void setIdleCallback(@Nullable Runnable idleCallback) {
    delegate.setIdleCallback(idleCallback);
  }

  /**
   * Sets a function applied to each asynchronous call when it is enqueued, on the thread that
   * calls {@link Call#enqueue}; the {@link Runnable} it returns is what a dispatcher thread runs,
   * the call and its callback included. Use it to carry what lives in thread-locals (a trace,
   * logging context, security context) from the caller to the call, as Spring's
   * {@code TaskDecorator} does for executors. The decorator must return a runnable that runs the
   * one it was given, once. Null removes it.
   *
   * <p>A hedge (see {@link Hedging}) is decorated too: when a hedgeable call starts, on the call's
   * thread, the decorator wraps the hedge the call may send, so the hedge runs on a dispatcher
   * thread in the call's context. A call that needs no hedge drops that runnable unrun.
   *
   * <pre>{@code
   * dispatcher.setTaskDecorator(call -> {
   *   Map<String, String> mdc = MDC.getCopyOfContextMap();   // captured on the caller's thread
   *   return () -> { MDC.setContextMap(mdc); try { call.run(); } finally { MDC.clear(); } };
   * });
   * }</pre>
   */
  public void setTaskDecorator(UnaryOperator<Runnable> taskDecorator) {
    delegate.setTaskDecorator(taskDecorator);
  }

  /** Cancels every waiting and running call. */
  public void cancelAll() {
    delegate.cancelAll();
  }

  /** Returns the asynchronous calls waiting to run. */
  public List<Call> queuedCalls() {
    return delegate.queuedCalls();
  }

  /** Returns the running calls, synchronous and asynchronous. */
  public List<Call> runningCalls() {
    return delegate.runningCalls();
  }

  /** Returns the number of asynchronous calls waiting to run. */
  public int queuedCallsCount() {
    return delegate.queuedCallsCount();
  }

  /** Returns the number of running calls, synchronous and asynchronous. */
  public int runningCallsCount() {
    return delegate.runningCallsCount();
  }

  /** Returns true once the dispatcher was shut down by {@link CourierClient#close()}. */
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  /** Returns the queues and limits now, per host, for monitoring. */
  public DispatcherSnapshot snapshot() {
    return delegate.snapshot();
  }

  @Override
  public String toString() {
    return "Dispatcher{maxRequests=" + maxRequests() + ", maxRequestsPerHost="
        + maxRequestsPerHost() + "}";
  }
}
