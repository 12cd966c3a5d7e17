package dev.courier;

import java.io.IOException;

import okio.Timeout;

/**
 * A request prepared for execution. A call runs once: synchronously with {@link #execute()} or
 * asynchronously with {@link #enqueue(Callback)}. Use {@link #clone()} to run the same request
 * again.
 *
 * <p>{@link #cancel()} may be called from any thread, at any step: while queued, connecting,
 * writing the request or reading the response body.
 */
public interface Call extends Cloneable {
  /** Returns the request this call was created for. */
  Request request();

  /**
   * Sends the request and blocks until the response headers arrive. The caller must close the
   * response.
   *
   * @throws IOException if the request could not be executed because of a network problem,
   *     cancellation or timeout; an HTTP error status is a normal response, not an exception
   * @throws IllegalStateException if the call was executed already
   */
  Response execute() throws IOException;

  /**
   * Schedules the call on the client's {@link Dispatcher} and returns at once. The callback runs
   * on a dispatcher thread.
   *
   * @throws IllegalStateException if the call was executed already
   */
  void enqueue(Callback responseCallback);

  /** Cancels the call if possible; a completed call is not affected. */
  void cancel();

  /** Returns true once {@link #execute()} or {@link #enqueue} was called. */
  boolean isExecuted();

  /** Returns true once {@link #cancel()} was called. */
  boolean isCanceled();

  /**
   * Returns the timeout covering the whole call: resolving DNS, connecting, writing the request,
   * server processing and reading the response body. Set with
   * {@link CourierClient.Builder#callTimeout}; adjust it here before the call starts.
   */
  Timeout timeout();

  /** Returns a new, unexecuted call for the same request. */
  Call clone();

  /** Creates calls; {@link CourierClient} is the implementation. */
  interface Factory {
    /** Returns a call that will execute {@code request}. */
    Call newCall(Request request);
  }
}
