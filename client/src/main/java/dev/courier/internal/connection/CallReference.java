package dev.courier.internal.connection;

import java.lang.ref.WeakReference;

import dev.courier.Call;
import dev.courier.HttpUrl;
import dev.courier.internal.http.ExchangeCodec;

/**
 * A weak reference from a connection to the call using it. If the call is garbage collected while
 * still holding the connection, its response body was never closed: the pool reports the leak
 * with the URL recorded here (without credentials or query), and retires the connection, or on
 * HTTP/2 cancels the call's stream through the codec recorded here.
 */
final class CallReference extends WeakReference<Call> {
  /** The call's URL; redacted only if a leak is reported, which is rare. */
  final HttpUrl url;
  /** What the call asked to run should it leak, such as giving back what it held; or null. */
  final Runnable onLeak;
  /**
   * The codec of the call's current exchange on an HTTP/2 connection, or null; it holds no
   * reference to the call. Guarded by the connection.
   */
  ExchangeCodec codec;

  CallReference(Call call, HttpUrl url, Runnable onLeak) {
    super(call);
    this.url = url;
    this.onLeak = onLeak;
  }
}
