package dev.courier;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Hears what a call does, step by step: for metrics, tracing and debugging. Every method does
 * nothing by default; override the ones you need.
 *
 * <p>For a call that connects afresh, events arrive in this order:
 * {@code callStart}, {@code proxySelectStart}, {@code proxySelectEnd}, {@code dnsStart},
 * {@code dnsEnd}, {@code connectStart}, ({@code secureConnectStart}, {@code secureConnectEnd} for
 * https), {@code connectEnd}, {@code connectionAcquired}, {@code requestHeadersStart},
 * {@code requestHeadersEnd}, ({@code requestBodyStart}, {@code requestBodyEnd}),
 * {@code responseHeadersStart}, {@code responseHeadersEnd}, {@code responseBodyStart},
 * {@code responseBodyEnd}, {@code connectionReleased}, {@code callEnd}. A call that reuses a pooled
 * connection skips from {@code callStart} to {@code connectionAcquired}. A failed call ends with
 * {@code callFailed} instead of {@code callEnd}. A call to a {@link ServiceInstances service}
 * hears {@code instancePicked} before each attempt connects (after {@code instanceReturned} if the
 * pick found an ejected instance back), and {@code instanceEjected} when an attempt's outcome
 * ejected its instance.
 *
 * <p>Methods run on the thread doing the work, synchronously: keep them fast and do not throw.
 * That is usually the call's thread; with fast fallback, TCP attempts race on
 * {@code courier-connect-} threads, so {@code connectStart} and {@code connectFailed} arrive there.
 * One listener instance may see many calls at once unless a {@link Factory} makes one per call.
 */
public abstract class EventListener {
  /** A listener that ignores every event. */
  public static final EventListener NONE = new EventListener() {
  };

  /** Creates a listener. */
  protected EventListener() {
  }

  /** Called as soon as a call is enqueued or executed. */
  public void callStart(Call call) {
  }

  /** Called before the proxy for {@code url} is chosen. */
  public void proxySelectStart(Call call, HttpUrl url) {
  }

  /** Called with the proxies to try, in order, for {@code url}. */
  public void proxySelectEnd(Call call, HttpUrl url, List<Proxy> proxies) {
  }

  /** Called before a DNS lookup of {@code domainName}. */
  public void dnsStart(Call call, String domainName) {
  }

  /** Called after a DNS lookup with the addresses found. */
  public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
  }

  /** Called before a TCP connection to {@code address} is attempted. */
  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
  }

  /** Called before the TLS handshake of a new connection. */
  public void secureConnectStart(Call call) {
  }

  /**
   * Called after a TLS handshake succeeded.
   *
   * @param handshake the handshake, or null if none was made
   */
  public void secureConnectEnd(Call call, @Nullable Handshake handshake) {
  }

  /** Called when a new connection is established and ready for HTTP. */
  public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
  }

  /**
   * Called when a connection attempt failed; the call may go on to try another route.
   *
   * @param protocol the protocol negotiated before the failure, or null
   */
  public void connectFailed(Call call, InetSocketAddress address, Proxy proxy,
      @Nullable Protocol protocol, IOException e) {
  }

  /** Called when the call takes a connection, new or pooled. */
  public void connectionAcquired(Call call, Connection connection) {
  }

  /** Called when the call gives its connection back to the pool (or closes it). */
  public void connectionReleased(Call call, Connection connection) {
  }

  /** Called before the request headers are written. */
  public void requestHeadersStart(Call call) {
  }

  /** Called after the request headers are written, with the request exactly as sent. */
  public void requestHeadersEnd(Call call, Request request) {
  }

  /** Called before the request body is written. */
  public void requestBodyStart(Call call) {
  }

  /** Called after the request body is written. */
  public void requestBodyEnd(Call call, long byteCount) {
  }

  /** Called when writing the request failed. */
  public void requestFailed(Call call, IOException e) {
  }

  /**
   * Called once per exchange, when the first byte of the response has arrived: the time before it
   * is the server's, the time after it reading headers. Not called if the connection ends or fails
   * before any byte arrives.
   */
  public void responseHeadersStart(Call call) {
  }

  /** Called after the response headers are read. */
  public void responseHeadersEnd(Call call, Response response) {
  }

  /** Called when the application starts reading the response body. */
  public void responseBodyStart(Call call) {
  }

  /** Called when the response body has been read to the end or closed. */
  public void responseBodyEnd(Call call, long byteCount) {
  }

  /** Called when reading the response failed. */
  public void responseFailed(Call call, IOException e) {
  }

  /** Called when a call completed: its response body was consumed or closed. */
  public void callEnd(Call call) {
  }

  /** Called when a call failed, after it stopped all work. */
  public void callFailed(Call call, IOException e) {
  }

  /** Called when {@link Call#cancel()} is called on a call that has not completed. */
  public void canceled(Call call) {
  }

  /** Called when a call that forbade the network could not be satisfied by the cache (a 504). */
  public void satisfactionFailure(Call call, Response response) {
  }

  /** Called when the cache answered the call without the network. */
  public void cacheHit(Call call, Response response) {
  }

  /** Called when the cache had nothing usable and the call goes to the network. */
  public void cacheMiss(Call call) {
  }

  /**
   * Called when the cache had a response that must be revalidated with a conditional request.
   */
  public void cacheConditionalHit(Call call, Response cachedResponse) {
  }

  /**
   * Called after a failed attempt, with the decision whether to try again.
   *
   * @param reason why, in a few words, such as "request body is one-shot"
   */
  public void retryDecision(Call call, IOException exception, boolean retry, String reason) {
  }

  /**
   * Called after a response, with the decision whether to follow it with another request (a
   * redirect, an authentication or a retryable status).
   *
   * @param nextRequest the request to make next, or null to return {@code networkResponse}
   * @param reason why, in a few words, such as "redirect 302" or "too many follow-ups"
   */
  public void followUpDecision(Call call, Response networkResponse, @Nullable Request nextRequest,
      String reason) {
  }

  /**
   * Called when an attempt of a call to a {@link ServiceInstances service} was given an instance:
   * before it connects, for the first attempt, each retry, each follow-up to the service and each
   * hedge. The request goes to {@code instance} with the path and query the call asked for.
   *
   * @param instance the instance's scheme, host and port, with the path {@code /}
   */
  public void instancePicked(Call call, String serviceName, HttpUrl instance) {
  }

  /**
   * Called when what happened to an attempt of {@code call} (a connect failure, a reset, a
   * timeout or a 5xx status, the last of a run) ejected its instance from its service: no attempt
   * goes to it for {@code ejectionTime}, unless too many instances are out (panic).
   *
   * @param reason why, in a few words, such as "consecutive gateway failures (502, 503, 504)"
   */
  public void instanceEjected(Call call, String serviceName, HttpUrl instance, String reason,
      Duration ejectionTime) {
  }

  /**
   * Called when an attempt of {@code call} found that an ejected instance's time was up: the
   * instance takes attempts again, this one included, on probation until it answers well.
   */
  public void instanceReturned(Call call, String serviceName, HttpUrl instance) {
  }

  /**
   * Called when a hedgeable call (an idempotent request to a {@link ServiceInstances service} that
   * hedges) had no response after the service's hedging delay, with the decision whether to send a
   * second attempt to another instance. Runs on Okio's watchdog thread. A hedge runs as a call of
   * its own, with its own listener from the {@link Factory}; the first of the two to have a
   * response answers {@code call}, and the other is canceled. {@code call} ends ({@code callEnd} or
   * {@code callFailed}) only once both have stopped.
   *
   * @param hedged true if the hedge was sent
   * @param reason why, in a few words, such as "hedge budget spent"
   */
  public void hedgeDecision(Call call, boolean hedged, String reason) {
  }

  /** Creates a listener per call, so each listener can keep per-call state. */
  @FunctionalInterface
  public interface Factory {
    /** Returns the listener for {@code call}; called once, when the call is created. */
    EventListener create(Call call);
  }
}
