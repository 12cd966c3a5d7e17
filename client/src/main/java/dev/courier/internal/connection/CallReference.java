package dev.courier.internal.connection;

import java.lang.ref.WeakReference;

import dev.courier.Call;
import dev.courier.HttpUrl;

/**
 * A weak reference from a connection to the call using it. If the call is garbage collected while
 * still holding the connection, its response body was never closed: the pool reports the leak
 * with the URL recorded here (without credentials or query), and retires the connection.
 */
final class CallReference extends WeakReference<Call> {
  /** The call's URL; redacted only if a leak is reported, which is rare. */
  final HttpUrl url;
  /** What the call asked to run should it leak, such as giving back what it held; or null. */
  final Runnable onLeak;

  CallReference(Call call, HttpUrl url, Runnable onLeak) {
    super(call);
    this.url = url;
    this.onLeak = onLeak;
  }
}
