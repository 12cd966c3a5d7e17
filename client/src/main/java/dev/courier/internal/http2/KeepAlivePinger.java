package dev.courier.internal.http2;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.courier.internal.concurrent.CourierThreads;

/**
 * Sends the keep-alive PINGs of every connection that has a ping interval, from one shared daemon
 * thread, {@code courier-http2-pinger}. The thread runs only while some connection is registered,
 * so a client without keep-alive PINGs, or whose connections all closed, keeps no thread for it.
 */
final class KeepAlivePinger {
  private static final Object LOCK = new Object();
  // Guarded by LOCK.
  private static final List<Entry> ENTRIES = new ArrayList<>();
  private static Thread thread;
  /** The thread last started, which may still be ending after it cleared {@link #thread}. */
  private static Thread lastThread;

  private KeepAlivePinger() {
  }

  /** A registered connection and when it pings next. */
  private static final class Entry {
    final Http2Connection connection;
    final long intervalNanos;
    long nextPingNanos;

    Entry(Http2Connection connection, long intervalNanos) {
      this.connection = connection;
      this.intervalNanos = intervalNanos;
      this.nextPingNanos = System.nanoTime() + intervalNanos;
    }
  }

  /** Pings {@code connection} every {@code intervalMillis} until it is unregistered or fails. */
  static void register(Http2Connection connection, int intervalMillis) {
    synchronized (LOCK) {
      ENTRIES.add(new Entry(connection, TimeUnit.MILLISECONDS.toNanos(intervalMillis)));
      if (thread == null) {
        thread = CourierThreads.newDaemonThread("http2-pinger", KeepAlivePinger::run);
        lastThread = thread;
        thread.start();
      }
      LOCK.notifyAll();
    }
  }

  /** Stops pinging {@code connection}. */
  static void unregister(Http2Connection connection) {
    synchronized (LOCK) {
      ENTRIES.removeIf(entry -> entry.connection == connection);
      LOCK.notifyAll();
    }
  }

  /**
   * Waits until {@code deadlineNanos} for the pinger thread to end, if no connection is
   * registered: a client that closed its connections leaves no thread behind.
   */
  static void awaitIdle(long deadlineNanos) throws InterruptedException {
    Thread ending;
    synchronized (LOCK) {
      if (!ENTRIES.isEmpty()) return;
      ending = lastThread;
    }
    if (ending == null) return;
    long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    ending.join(Math.max(1, remainingMillis));
  }

  private static void run() {
    List<Entry> due = new ArrayList<>();
    while (true) {
      synchronized (LOCK) {
        while (true) {
          if (ENTRIES.isEmpty()) {
            thread = null; // A later registration starts a new thread.
            return;
          }
          long now = System.nanoTime();
          long wait = Long.MAX_VALUE;
          for (Entry entry : ENTRIES) {
            long remaining = entry.nextPingNanos - now;
            if (remaining <= 0) {
              due.add(entry);
              entry.nextPingNanos = now + entry.intervalNanos;
            } else {
              wait = Math.min(wait, remaining);
            }
          }
          if (!due.isEmpty()) break;
          try {
            TimeUnit.NANOSECONDS.timedWait(LOCK, wait);
          } catch (InterruptedException e) {
            thread = null;
            return;
          }
        }
      }
      for (Entry entry : due) {
        if (!entry.connection.keepAlivePing()) unregister(entry.connection);
      }
      due.clear();
    }
  }
}
