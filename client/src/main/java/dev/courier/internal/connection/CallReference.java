package dev.courier.internal.connection;

import java.lang.ref.WeakReference;

import dev.courier.internal.chain.RealCall;

/**
 * A weak reference from a connection to the call using it. If the call is garbage collected while
 * still holding the connection, its response body was never closed: the pool reports the leak
 * with the URL recorded here, and retires the connection.
 */
final class CallReference extends WeakReference<RealCall> {
  final String redactedUrl;

  CallReference(RealCall call, String redactedUrl) {
    super(call);
    this.redactedUrl = redactedUrl;
  }
}
