package dev.courier.internal.chain;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownServiceException;
import java.util.ArrayList;
import java.util.List;

import dev.courier.Authenticator;
import dev.courier.HttpUrl;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.Route;
import dev.courier.internal.cache.FollowUpAttempt;
import dev.courier.internal.connection.Exchange;
import dev.courier.internal.http.HttpMethod;
import dev.courier.internal.http.RetryAfterHeader;
import dev.courier.internal.http2.UnprocessedStreamException;
import dev.courier.internal.tls.TlsFailures;

/**
 * Recovers from failures and follows redirects and authentication challenges, up to
 * {@value #MAX_FOLLOW_UPS} follow-ups.
 *
 * <p>A failed attempt is retried only when that is safe: retries are enabled, the failure was on
 * the connection (not a certificate, a protocol error or a timeout), and either the request never
 * left or it may be sent twice: its body is not one-shot and its method is idempotent (or the
 * client allows retrying any method). Retries are bounded: a request that failed after it was
 * sent on a fresh connection is retried at most once; a stale pooled connection doesn't count,
 * since the server closing an idle connection says nothing about the request. On HTTP/2, a
 * request the server certainly did not process (refused, or above its GOAWAY's last stream) is
 * retried whatever its method, up to {@value #MAX_UNPROCESSED_RETRIES} times; a failure of one
 * stream on a connection that carries on counts as a failure on a fresh connection, retried once
 * where retrying is safe. Each decision is
 * reported to the event listener with its reason, and a failure that ends the call carries the
 * failures it recovered from as suppressed exceptions.
 */
public final class RetryAndFollowUpInterceptor implements Interceptor {
  /** The most redirects and challenges followed; Chrome follows 21, Firefox 20, Safari 16. */
  static final int MAX_FOLLOW_UPS = 20;

  /** The most times each authenticator (origin and proxy) is asked to answer a challenge. */
  static final int MAX_AUTH_ATTEMPTS = 3;

  /** Retries of a request sent on a fresh connection, which the server may have acted on. */
  static final int MAX_FRESH_CONNECTION_RETRIES = 1;

  /**
   * Retries of an HTTP/2 request the server did not process. Safe for any method, but a server
   * that keeps refusing streams must not keep the call busy forever.
   */
  static final int MAX_UNPROCESSED_RETRIES = 3;

  private final boolean retryOnConnectionFailure;
  private final boolean retryNonIdempotentRequests;
  private final boolean followRedirects;
  private final boolean followSslRedirects;
  private final Authenticator authenticator;
  private final Authenticator proxyAuthenticator;
  private final List<String> sensitiveHeaders;

  /**
   * Creates the interceptor with a client's retry, redirect and authentication settings, which
   * have the meaning of the {@code CourierClient} accessors of the same names.
   */
  public RetryAndFollowUpInterceptor(boolean retryOnConnectionFailure,
      boolean retryNonIdempotentRequests, boolean followRedirects, boolean followSslRedirects,
      Authenticator authenticator, Authenticator proxyAuthenticator,
      List<String> sensitiveHeaders) {
    this.retryOnConnectionFailure = retryOnConnectionFailure;
    this.retryNonIdempotentRequests = retryNonIdempotentRequests;
    this.followRedirects = followRedirects;
    this.followSslRedirects = followSslRedirects;
    this.authenticator = authenticator;
    this.proxyAuthenticator = proxyAuthenticator;
    this.sensitiveHeaders = sensitiveHeaders;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    RealInterceptorChain realChain = (RealInterceptorChain) chain;
    RealCall call = realChain.call();
    Request request = chain.request();
    int followUpCount = 0;
    Attempts attempts = new Attempts();
    Response priorResponse = null;
    boolean newRoutePlanner = true;
    List<IOException> recoveredFailures = List.of();
    while (true) {
      call.enterNetworkInterceptorExchange(request, newRoutePlanner, realChain);
      boolean closeActiveExchange = true;
      try {
        if (call.isCanceled()) throw new IOException("Canceled");
        Response response;
        try {
          response = realChain.proceed(request);
          newRoutePlanner = true;
        } catch (IOException e) {
          Exchange exchange = call.interceptorScopedExchange();
          boolean unprocessed = e instanceof UnprocessedStreamException;
          // One HTTP/2 stream failed and its connection carries on: like a fresh connection, it
          // says nothing about staleness, so it is retried at most once.
          boolean streamFailure = exchange != null && exchange.connection().isMultiplexed()
              && !exchange.connection().isNoNewExchanges();
          boolean freshConnection = exchange != null && !unprocessed
              && (streamFailure || exchange.connection().successCount() == 0);
          String refusal = refuseRetry(e, call, request, exchange, freshConnection, attempts);
          String reason = refusal;
          if (reason == null) {
            reason = exchange == null ? "trying the next route"
                : unprocessed ? "retrying: the server did not process the request"
                : streamFailure ? "retrying once after the HTTP/2 stream failed"
                : freshConnection ? "retrying once on another connection after a failure on a "
                    + "fresh connection"
                : "retrying on a fresh connection: the pooled connection failed";
          }
          call.eventListener().retryDecision(call, e, refusal == null, reason);
          if (refusal != null) {
            for (IOException recovered : recoveredFailures) e.addSuppressed(recovered);
            throw e;
          }
          if (unprocessed) attempts.unprocessedRetries++;
          if (freshConnection) attempts.freshConnectionRetries++;
          if (recoveredFailures.isEmpty()) recoveredFailures = new ArrayList<>();
          recoveredFailures.add(e);
          newRoutePlanner = false;
          continue;
        }

        if (priorResponse != null) {
          response = response.newBuilder().priorResponse(stripBody(priorResponse)).build();
        }
        FollowUp followUp = followUpRequest(response, call.interceptorScopedExchange(), attempts);
        Request next = followUp.request;
        if (next == null) {
          call.eventListener().followUpDecision(call, response, null, followUp.reason);
          closeActiveExchange = false;
          return response;
        }
        RequestBody nextBody = next.body();
        if (nextBody != null && nextBody.isOneShot()) {
          call.eventListener().followUpDecision(call, response, null,
              "not following " + followUp.reason + ": request body is one-shot");
          closeActiveExchange = false;
          return response;
        }
        response.close();
        if (++followUpCount > MAX_FOLLOW_UPS) {
          call.eventListener().followUpDecision(call, response, null, "too many follow-ups");
          throw new ProtocolException("Too many follow-up requests: " + followUpCount);
        }
        call.eventListener().followUpDecision(call, response, next, followUp.reason);
        request = next;
        priorResponse = response;
      } finally {
        call.exitNetworkInterceptorExchange(closeActiveExchange);
      }
    }
  }

  /** Counts the bounded kinds of follow-ups and retries of one call. */
  private static final class Attempts {
    int authentications;
    int proxyAuthentications;
    int freshConnectionRetries;
    int unprocessedRetries;
  }

  /**
   * Returns why {@code e} must not be retried, or null if retrying is safe and possible.
   *
   * @param exchange the exchange that failed, or null if no connection was found
   * @param freshConnection true if the exchange's connection never completed an exchange
   */
  private String refuseRetry(IOException e, RealCall call, Request request, Exchange exchange,
      boolean freshConnection, Attempts attempts) {
    if (call.isCanceled()) return "call was canceled";
    if (!retryOnConnectionFailure) return "retryOnConnectionFailure is off";
    if (exchange == null && !call.isConnectFailure(e)) {
      return "failed before connecting: not a connection failure";
    }
    if (exchange != null) {
      // A failure the connection didn't see (the request body itself threw, or a network
      // interceptor did) would happen again.
      if (!exchange.hasFailure()) return "failure was not on the connection";
      RequestBody body = request.body();
      if (body != null && body.isOneShot()) return "request body is one-shot";
      if (e instanceof UnprocessedStreamException) {
        if (attempts.unprocessedRetries >= MAX_UNPROCESSED_RETRIES) {
          return "the server did not process the request " + (MAX_UNPROCESSED_RETRIES + 1)
              + " times";
        }
      } else if (!HttpMethod.isIdempotent(request.method()) && !retryNonIdempotentRequests) {
        return "request may have been sent and " + request.method() + " is not idempotent";
      }
    }
    String fatal = fatalReason(e, exchange != null);
    if (fatal != null) return fatal;
    if (freshConnection && attempts.freshConnectionRetries >= MAX_FRESH_CONNECTION_RETRIES) {
      return "already retried once after a failure on a fresh connection";
    }
    String exhausted = call.retryRefusal();
    if (exhausted != null) return exhausted;
    return null;
  }

  /** Returns why {@code e} can never be fixed by trying again, or null. */
  private static String fatalReason(IOException e, boolean requestSendStarted) {
    if (e instanceof ProtocolException) return "protocol error";
    if (e instanceof InterruptedIOException) {
      // A connect timeout may be one bad route; any other timeout is the call's budget spent.
      return e instanceof SocketTimeoutException && !requestSendStarted ? null : "timed out";
    }
    if (TlsFailures.isCertificateFailure(e)) return "certificate rejected";
    if (e instanceof UnknownServiceException) return "connection specs forbid this connection";
    return null;
  }

  /** A request to make after a response, or none, with the reason for the decision. */
  private static final class FollowUp {
    /**
     * The decision to stop at a final response, by status code, made once per code: almost every
     * call ends with one, and describing it anew each time cost a string per call.
     */
    private static final FollowUp[] FINAL_RESPONSES = new FollowUp[1000];

    final Request request;
    final String reason;

    FollowUp(Request request, String reason) {
      this.request = request;
      this.reason = reason;
    }

    /** Returns the decision to stop at a final response with status {@code code}. */
    static FollowUp finalResponse(int code) {
      if (code < 0 || code >= FINAL_RESPONSES.length) {
        return new FollowUp(null, "final response " + code);
      }
      // Racy but idempotent: a thread that misses another's entry makes an equal one.
      FollowUp result = FINAL_RESPONSES[code];
      if (result == null) {
        result = new FollowUp(null, "final response " + code);
        FINAL_RESPONSES[code] = result;
      }
      return result;
    }
  }

  private FollowUp followUpRequest(Response response, Exchange exchange, Attempts attempts)
      throws IOException {
    Route route = exchange != null ? exchange.connection().route() : null;
    int code = response.code();
    switch (code) {
      case 407: {
        if (route == null || route.proxy().type() != Proxy.Type.HTTP) {
          throw new ProtocolException("Received HTTP 407 from a server that is not our proxy");
        }
        if (attempts.proxyAuthentications >= MAX_AUTH_ATTEMPTS) {
          return new FollowUp(null, "proxy authentication gave up after "
              + attempts.proxyAuthentications + " attempts");
        }
        Request next = proxyAuthenticator.authenticate(route, response);
        if (next == null) return new FollowUp(null, "proxy authenticator gave up");
        attempts.proxyAuthentications++;
        return new FollowUp(toNetwork(next), "proxy authentication");
      }
      case 401: {
        if (attempts.authentications >= MAX_AUTH_ATTEMPTS) {
          return new FollowUp(null, "authentication gave up after " + attempts.authentications
              + " attempts");
        }
        Request next = authenticator.authenticate(route, response);
        if (next == null) return new FollowUp(null, "authenticator gave up");
        attempts.authentications++;
        return new FollowUp(toNetwork(next), "authentication");
      }
      case 300: case 301: case 302: case 303: case 307: case 308:
        return redirect(response);
      case 408: {
        if (!retryOnConnectionFailure) {
          return new FollowUp(null, "408 not retried: retryOnConnectionFailure is off");
        }
        Response prior = response.priorResponse();
        if (prior != null && prior.code() == 408) {
          return new FollowUp(null, "408 again: giving up");
        }
        if (retryAfterSeconds(response, 0) > 0) {
          return new FollowUp(null, "408 with Retry-After: not retrying now");
        }
        return new FollowUp(toNetwork(response.request()), "retrying after 408 Request Timeout");
      }
      case 503: {
        Response prior = response.priorResponse();
        if (prior != null && prior.code() == 503) {
          return new FollowUp(null, "503 again: giving up");
        }
        if (retryAfterSeconds(response, Integer.MAX_VALUE) == 0) {
          return new FollowUp(toNetwork(response.request()),
              "retrying after 503 with Retry-After: 0");
        }
        return new FollowUp(null, "503 without Retry-After: 0");
      }
      default:
        return FollowUp.finalResponse(code);
    }
  }

  private FollowUp redirect(Response response) {
    int code = response.code();
    if (!followRedirects) return new FollowUp(null, "followRedirects is off");
    String location = response.header("Location");
    if (location == null) return new FollowUp(null, "redirect " + code + " without Location");
    Request request = response.request();
    HttpUrl url = request.url().resolve(location);
    if (url == null) return new FollowUp(null, "redirect " + code + " to an unsupported URL");
    if (request.url().isHttps() && !url.isHttps() && !followSslRedirects) {
      return new FollowUp(null, "redirect " + code + " from https to http refused");
    }

    // A new URL is an ordinary request again, which the cache may answer.
    Request.Builder builder = request.newBuilder().tag(FollowUpAttempt.class, null);
    String method = request.method();
    if (HttpMethod.permitsRequestBody(method)) {
      // RFC 9110 (15.4.2, 15.4.3) lets a 301 or 302 turn a POST into a GET, for historical
      // reasons, and no other method: PUT, DELETE, QUERY... keep their method and body, as in
      // Fetch. A 303 asks for the result by GET, whatever the method (but WebDAV's PROPFIND).
      boolean toGet = code == 303 ? HttpMethod.redirectsToGet(method)
          : code != 307 && code != 308 && method.equals("POST");
      if (toGet) {
        builder.method("GET", null);
        builder.removeHeader("Transfer-Encoding");
        builder.removeHeader("Content-Length");
        builder.removeHeader("Content-Type");
      }
    }
    // Credentials and cookies were meant for the origin that asked for them, not wherever it
    // points us.
    HttpUrl from = request.url();
    if (!from.scheme().equals(url.scheme()) || !from.host().equals(url.host())
        || from.port() != url.port()) {
      builder.removeHeader("Authorization");
      builder.removeHeader("Cookie");
      builder.removeHeader("Proxy-Authorization");
      for (String name : sensitiveHeaders) builder.removeHeader(name);
    }
    return new FollowUp(builder.url(url).build(), "redirect " + code);
  }

  /**
   * Returns {@code request} marked to skip the cache: it is sent again because the response to it
   * (which the cache may just have stored) was not acceptable.
   */
  private static Request toNetwork(Request request) {
    return request.newBuilder().tag(FollowUpAttempt.class, FollowUpAttempt.INSTANCE).build();
  }

  /** Returns the {@code Retry-After} delay in seconds; dates and junk count as "too long". */
  private static int retryAfterSeconds(Response response, int defaultDelay) {
    String header = response.header("Retry-After");
    if (header == null) return defaultDelay;
    long seconds = RetryAfterHeader.seconds(header);
    return seconds == RetryAfterHeader.NONE
        ? Integer.MAX_VALUE
        : (int) Math.min(seconds, Integer.MAX_VALUE);
  }

  private static Response stripBody(Response response) {
    return response.newBuilder().body(null).build();
  }

  @Override
  public String toString() {
    return "RetryAndFollowUpInterceptor";
  }
}
