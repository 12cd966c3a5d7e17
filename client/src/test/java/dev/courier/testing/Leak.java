package dev.courier.testing;

/** What {@link CourierExtension} checks a test did not leave behind; see {@link AllowLeak}. */
public enum Leak {
  /** A pooled connection still in use by a call once the test is over. */
  HELD_CONNECTION,
  /**
   * A response body that was never closed: the pool found its call garbage collected while it
   * still held its connection, and reported the leak.
   */
  RESPONSE_BODY,
  /** A thread named {@code courier-...} still alive once every client is closed. */
  COURIER_THREAD
}
