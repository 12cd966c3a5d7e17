package dev.courier.internal.chain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.courier.Call;
import dev.courier.DispatcherSnapshot;
import dev.courier.internal.chain.RealCall.AsyncCall;
import dev.courier.internal.concurrent.CourierThreads;

/**
 * Decides when asynchronous calls run: at most {@code maxRequests} at once and at most
 * {@code maxRequestsPerHost} to one host (per instance, for a service's name); the rest wait in
 * order and are promoted as running calls finish. Also counts synchronous calls, which run on
 * their caller's thread.
 *
 * <p>Queues are guarded by this object's monitor; calls are started and callbacks run outside it.
 */
public final class RealDispatcher {
  private final Supplier<ExecutorService> executorFactory;
  private int maxRequests = 64;
  private int maxRequestsPerHost = 5;
  private volatile Runnable idleCallback;
  private volatile UnaryOperator<Runnable> taskDecorator;
  private ExecutorService executor;
  private boolean shutdown;

  private final Deque<AsyncCall> readyAsyncCalls = new ArrayDeque<>();
  private final Deque<AsyncCall> runningAsyncCalls = new ArrayDeque<>();
  // Synchronous calls have no limits to enforce, so they are tracked without the lock that
  // every call would otherwise contend on.
  private final Set<RealCall> runningSyncCalls = ConcurrentHashMap.newKeySet();

  /** Creates a dispatcher whose executor is made by {@code executorFactory} on first use. */
  public RealDispatcher(Supplier<ExecutorService> executorFactory) {
    this.executorFactory = executorFactory;
  }

  /** Returns the executor, creating it on first use. */
  public synchronized ExecutorService executorService() {
    if (executor == null) executor = executorFactory.get();
    return executor;
  }

  /** Returns the most concurrent asynchronous calls. */
  public synchronized int maxRequests() {
    return maxRequests;
  }

  /** Sets the most concurrent asynchronous calls, promoting waiting calls if it grew. */
  public void setMaxRequests(int maxRequests) {
    if (maxRequests < 1) throw new IllegalArgumentException("maxRequests < 1: " + maxRequests);
    synchronized (this) {
      this.maxRequests = maxRequests;
    }
    promoteAndExecute();
  }

  /** Returns the most concurrent asynchronous calls to one host. */
  public synchronized int maxRequestsPerHost() {
    return maxRequestsPerHost;
  }

  /** Sets the most concurrent asynchronous calls to one host, promoting waiting calls. */
  public void setMaxRequestsPerHost(int maxRequestsPerHost) {
    if (maxRequestsPerHost < 1) {
      throw new IllegalArgumentException("maxRequestsPerHost < 1: " + maxRequestsPerHost);
    }
    synchronized (this) {
      this.maxRequestsPerHost = maxRequestsPerHost;
    }
    promoteAndExecute();
  }

  /** Sets a callback run each time the dispatcher becomes idle, or null for none. */
  public void setIdleCallback(Runnable idleCallback) {
    this.idleCallback = idleCallback;
  }

  /** Sets the function applied to each call on the enqueuing thread, or null for none. */
  public void setTaskDecorator(UnaryOperator<Runnable> taskDecorator) {
    this.taskDecorator = taskDecorator;
  }

  /**
   * Returns {@code task} wrapped by the task decorator, or {@code task} itself if there is none.
   * Call it on the thread whose context the task should carry: the decorator captures it there.
   *
   * @throws IllegalStateException if the decorator returned null
   */
  Runnable decorate(Runnable task) {
    UnaryOperator<Runnable> decorator = taskDecorator;
    if (decorator == null) return task;
    Runnable decorated = decorator.apply(task);
    if (decorated == null) throw new IllegalStateException("task decorator returned null");
    return decorated;
  }

  /** Queues {@code call} and starts it if the limits allow. */
  void enqueue(AsyncCall call) {
    // On the caller's thread, before the call waits: what the decorator captures is the caller's.
    UnaryOperator<Runnable> decorator = taskDecorator;
    if (decorator != null) call.decorate(decorator);
    synchronized (this) {
      readyAsyncCalls.add(call);
      // Share the per-host counter with another call to the same host, so the limit is enforced.
      AsyncCall existing = findExistingCallWithHost(call.host());
      if (existing != null) call.reuseCallsPerHostFrom(existing);
    }
    promoteAndExecute();
  }

  private AsyncCall findExistingCallWithHost(String host) {
    for (AsyncCall existing : runningAsyncCalls) {
      if (existing.host().equals(host)) return existing;
    }
    for (AsyncCall existing : readyAsyncCalls) {
      if (existing.host().equals(host)) return existing;
    }
    return null;
  }

  /** Records a synchronous call running on its caller's thread. */
  void executed(RealCall call) {
    runningSyncCalls.add(call);
  }

  /** Records that an asynchronous call finished, and starts waiting ones. */
  void finished(AsyncCall call) {
    call.callsPerHost().decrementAndGet();
    Runnable idle;
    synchronized (this) {
      if (!runningAsyncCalls.remove(call)) throw new AssertionError("Call wasn't in-flight!");
      idle = idleCallback;
    }
    boolean isRunning = promoteAndExecute();
    if (!isRunning && idle != null) idle.run();
  }

  /** Records that a synchronous call finished. */
  void finished(RealCall call) {
    if (idleCallback == null) {
      if (!runningSyncCalls.remove(call)) throw new AssertionError("Call wasn't in-flight!");
      return;
    }
    // With an idle callback, decide "idle" under the lock so it runs once per idle moment.
    boolean idle;
    synchronized (this) {
      if (!runningSyncCalls.remove(call)) throw new AssertionError("Call wasn't in-flight!");
      idle = runningCallsCount() == 0;
    }
    Runnable callback = idleCallback;
    if (idle && callback != null) callback.run();
  }

  /**
   * Moves calls that the limits now allow from waiting to running and starts them. Returns true if
   * any call is running.
   */
  private boolean promoteAndExecute() {
    List<AsyncCall> executable = new ArrayList<>();
    boolean isRunning;
    synchronized (this) {
      if (!shutdown) {
        Iterator<AsyncCall> i = readyAsyncCalls.iterator();
        while (i.hasNext() && runningAsyncCalls.size() < maxRequests) {
          AsyncCall asyncCall = i.next();
          if (asyncCall.callsPerHost().get() >= asyncCall.hostLimit(maxRequestsPerHost)) continue;
          i.remove();
          asyncCall.callsPerHost().incrementAndGet();
          executable.add(asyncCall);
          runningAsyncCalls.add(asyncCall);
        }
      } else {
        // A shut-down executor rejects these, failing them rather than leaving them queued.
        for (AsyncCall asyncCall : readyAsyncCalls) {
          asyncCall.callsPerHost().incrementAndGet();
          executable.add(asyncCall);
          runningAsyncCalls.add(asyncCall);
        }
        readyAsyncCalls.clear();
      }
      isRunning = runningCallsCount() > 0;
    }
    if (!executable.isEmpty()) {
      ExecutorService executorService = executorService();
      for (AsyncCall asyncCall : executable) {
        asyncCall.executeOn(executorService);
      }
    }
    return isRunning;
  }

  /** Cancels every queued and running call. */
  public void cancelAll() {
    List<Call> toCancel = new ArrayList<>();
    synchronized (this) {
      for (AsyncCall call : readyAsyncCalls) toCancel.add(call.call());
      for (AsyncCall call : runningAsyncCalls) toCancel.add(call.call());
      toCancel.addAll(runningSyncCalls);
    }
    toCancel.forEach(Call::cancel);
  }

  /** Returns the calls waiting to run. */
  public synchronized List<Call> queuedCalls() {
    List<Call> result = new ArrayList<>(readyAsyncCalls.size());
    for (AsyncCall asyncCall : readyAsyncCalls) result.add(asyncCall.call());
    return List.copyOf(result);
  }

  /** Returns the calls running, synchronous and asynchronous. */
  public synchronized List<Call> runningCalls() {
    List<Call> result = new ArrayList<>(runningSyncCalls);
    for (AsyncCall asyncCall : runningAsyncCalls) result.add(asyncCall.call());
    return List.copyOf(result);
  }

  /** Returns the number of calls waiting to run. */
  public synchronized int queuedCallsCount() {
    return readyAsyncCalls.size();
  }

  /** Returns the number of calls running, synchronous and asynchronous. */
  public synchronized int runningCallsCount() {
    return runningAsyncCalls.size() + runningSyncCalls.size();
  }

  /** Returns an immutable picture of the queues, for monitoring. */
  public synchronized DispatcherSnapshot snapshot() {
    Map<String, Integer> runningByHost = new TreeMap<>();
    Map<String, Integer> queuedByHost = new TreeMap<>();
    for (AsyncCall call : runningAsyncCalls) runningByHost.merge(call.host(), 1, Integer::sum);
    for (RealCall call : runningSyncCalls) {
      runningByHost.merge(call.request().url().host(), 1, Integer::sum);
    }
    for (AsyncCall call : readyAsyncCalls) queuedByHost.merge(call.host(), 1, Integer::sum);
    return new DispatcherSnapshot(maxRequests, maxRequestsPerHost, runningCallsCount(),
        readyAsyncCalls.size(), runningByHost, queuedByHost, shutdown);
  }

  /** Returns true once {@link #shutdown} was called. */
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  /**
   * Stops accepting calls: waiting calls fail, running ones finish. Waits up to {@code timeout}
   * for idle threads to exit when no call is running.
   */
  public void shutdown(long timeout, TimeUnit unit) throws InterruptedException {
    ExecutorService toShutdown;
    synchronized (this) {
      shutdown = true;
      toShutdown = executorService();
    }
    toShutdown.shutdown();
    promoteAndExecute(); // The executor now rejects whatever was waiting, failing those calls.
    boolean idle;
    synchronized (this) {
      idle = runningAsyncCalls.isEmpty();
    }
    CourierThreads.shutdown(toShutdown, idle, timeout, unit);
  }
}
