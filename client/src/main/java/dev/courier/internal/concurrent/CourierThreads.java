package dev.courier.internal.concurrent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the executors Courier runs calls on: daemon platform threads named {@code courier-...},
 * or, on Java 21 and later, virtual threads. Virtual threads are reached by reflection so that
 * the engine still compiles and runs on Java 17. Also makes the engine's single-purpose daemon
 * threads, such as an HTTP/2 connection's reader.
 */
public final class CourierThreads {
  private CourierThreads() {
  }

  /**
   * Makes daemon threads named {@code name-1}, {@code name-2}, and so on, and remembers them so
   * that shutting down can wait until they have really exited.
   */
  static final class DaemonThreadFactory implements ThreadFactory {
    private final String name;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    DaemonThreadFactory(String name) {
      this.name = name;
    }

    @Override
    public Thread newThread(Runnable runnable) {
      Thread thread = new Thread(() -> {
        try {
          runnable.run();
        } finally {
          threads.remove(Thread.currentThread());
        }
      }, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      threads.add(thread);
      return thread;
    }

    /** Waits until every thread this factory made has exited, or the deadline passes. */
    void joinAll(long deadlineNanos) throws InterruptedException {
      for (Thread thread : threads) {
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMillis <= 0) return;
        thread.join(remainingMillis);
      }
    }
  }

  /**
   * Returns a new, unstarted daemon platform thread that runs {@code runnable}, named
   * {@code courier-} followed by {@code purpose}, such as {@code courier-http2-example.com:443}:
   * every thread the engine starts is recognisable by that prefix, and none keeps the JVM alive.
   */
  public static Thread newDaemonThread(String purpose, Runnable runnable) {
    Thread thread = new Thread(runnable, "courier-" + purpose);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Shuts {@code executor} down and, if it is idle, waits up to {@code timeout} for its threads
   * to exit: for {@link #newDispatcherExecutor()} executors, until they are no longer alive.
   */
  public static void shutdown(ExecutorService executor, boolean idle, long timeout, TimeUnit unit)
      throws InterruptedException {
    executor.shutdown();
    if (!idle) return;
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    executor.awaitTermination(timeout, unit);
    if (executor instanceof ThreadPoolExecutor
        && ((ThreadPoolExecutor) executor).getThreadFactory() instanceof DaemonThreadFactory) {
      ((DaemonThreadFactory) ((ThreadPoolExecutor) executor).getThreadFactory()).joinAll(deadline);
    }
  }

  /**
   * Returns an executor that grows with demand and keeps idle threads a minute, the dispatcher's
   * default; the dispatcher bounds concurrency itself.
   */
  public static ExecutorService newDispatcherExecutor() {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), new DaemonThreadFactory("courier-dispatcher"));
  }

  /** Returns true if this JVM offers virtual threads (Java 21 or later). */
  public static boolean virtualThreadsAvailable() {
    return Runtime.version().feature() >= 21;
  }

  /**
   * Returns an executor that runs each task on a new virtual thread named
   * {@code courier-virtual-N}.
   *
   * @throws IllegalStateException on Java versions before 21
   */
  public static ExecutorService newVirtualThreadExecutor() {
    if (!virtualThreadsAvailable()) {
      throw new IllegalStateException("virtual threads need Java 21 or later, but this is Java "
          + Runtime.version().feature());
    }
    try {
      Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      builder = builderClass.getMethod("name", String.class, long.class)
          .invoke(builder, "courier-virtual-", 1L);
      ThreadFactory factory = (ThreadFactory) builderClass.getMethod("factory").invoke(builder);
      Method newExecutor = Executors.class.getMethod("newThreadPerTaskExecutor",
          ThreadFactory.class);
      return (ExecutorService) newExecutor.invoke(null, factory);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("virtual threads are not available: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads are not available: " + e, e);
    }
  }
}
