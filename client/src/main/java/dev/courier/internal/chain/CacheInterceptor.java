package dev.courier.internal.chain;

import java.io.IOException;

import dev.courier.Call;
import dev.courier.EventListener;
import dev.courier.Interceptor;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.ResponseBody;
import dev.courier.internal.cache.BackgroundRevalidation;
import dev.courier.internal.cache.CacheStrategy;
import dev.courier.internal.cache.FollowUpAttempt;
import dev.courier.internal.cache.RealCache;
import dev.courier.internal.connection.Exchange;

/**
 * Serves requests from the cache and stores responses in it, as the {@link CacheStrategy}
 * decides: answers from the cache, sends a conditional request and merges a 304 into the stored
 * response, or goes to the network and offers the answer to the cache. Unsafe methods invalidate
 * what they change. Stale responses are served while a background call revalidates them
 * ({@code stale-while-revalidate}) or when the network fails ({@code stale-if-error}).
 *
 * <p>Without a cache it passes every request straight on, at no cost, but answers
 * {@code only-if-cached} with a 504, as a cache that holds nothing would.
 */
public final class CacheInterceptor implements Interceptor {
  private static final ResponseBody EMPTY_BODY = ResponseBody.create(new byte[0], null);

  private final RealCache cache;

  /**
   * Creates the interceptor.
   *
   * @param cache the cache, or null for none
   */
  public CacheInterceptor(RealCache cache) {
    this.cache = cache;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Call call = chain.call();
    EventListener listener = call instanceof RealCall ? ((RealCall) call).eventListener()
        : EventListener.NONE;
    if (cache == null) {
      // No cache can satisfy only-if-cached, and the request forbids the network.
      if (request.cacheControl().onlyIfCached()) return unsatisfiable(call, listener, request);
      // Still record where the response came from, as networkResponse() promises.
      Response networkResponse = chain.proceed(request);
      if (carriesNetworkResponse(chain, networkResponse)) return networkResponse;
      return networkResponse.newBuilder().networkResponse(stripBody(networkResponse)).build();
    }

    boolean background = request.tag(BackgroundRevalidation.class) != null;
    Response candidate = request.tag(FollowUpAttempt.class) != null ? null : cache.get(request);
    boolean candidateReturned = false;
    try {
      CacheStrategy strategy =
          CacheStrategy.compute(System.currentTimeMillis(), request, candidate, background,
              cache.isShared());
      Request networkRequest = strategy.networkRequest();
      Response cacheResponse = strategy.cacheResponse();
      if (background) {
        cache.trackBackgroundRequest();
      } else {
        cache.trackRequest(networkRequest != null);
      }

      if (networkRequest == null && cacheResponse == null) {
        return unsatisfiable(call, listener, request);
      }

      if (networkRequest == null) {
        Response served;
        if (strategy.notModified()) {
          served = notModified(cacheResponse);
        } else {
          served = cacheResponse.newBuilder().cacheResponse(stripBody(cacheResponse)).build();
          candidateReturned = true;
        }
        cache.trackHit(false);
        if (strategy.revalidateInBackground()) revalidateInBackground(call, request);
        listener.cacheHit(call, served);
        return served;
      }

      if (cacheResponse != null) {
        listener.cacheConditionalHit(call, cacheResponse);
      } else {
        listener.cacheMiss(call);
      }

      Response networkResponse;
      try {
        networkResponse = chain.proceed(networkRequest);
      } catch (IOException e) {
        Response stale = call.isCanceled() ? null
            : strategy.staleIfErrorResponse(System.currentTimeMillis());
        if (stale == null) throw e;
        // The failed exchange is ours to abandon now: no one above will see the exception.
        if (call instanceof RealCall) {
          Exchange failed = ((RealCall) call).interceptorScopedExchange();
          if (failed != null) failed.detachWithViolence();
        }
        candidateReturned = true;
        return serveStale(call, listener, stale, null);
      }

      Response bodylessNetworkResponse = withoutBody(chain, networkResponse);
      if (cacheResponse != null && networkResponse.code() == 304) {
        Response merged = revalidated(cacheResponse, networkResponse, bodylessNetworkResponse);
        networkResponse.close();
        cache.update(request, cacheResponse, merged);
        if (!background) cache.trackHit(true);
        candidateReturned = true;
        listener.cacheHit(call, merged);
        return merged;
      }

      if (isServerError(networkResponse.code())) {
        Response stale = strategy.staleIfErrorResponse(System.currentTimeMillis());
        if (stale != null) {
          networkResponse.close();
          candidateReturned = true;
          return serveStale(call, listener, stale, bodylessNetworkResponse);
        }
      }

      Response toFreshen = strategy.candidateToFreshen();
      if (toFreshen != null && networkResponse.code() == 304
          && RealCache.sameStrongEtag(toFreshen.headers(), networkResponse.headers())) {
        // The application's own validator was ours too: the 304 refreshes our copy.
        cache.update(request, toFreshen,
            revalidated(toFreshen, networkResponse, bodylessNetworkResponse));
      }

      // A conditional request that got a full response: what was stored did not help.
      if (cacheResponse != null) listener.cacheMiss(call);
      Response response = networkResponse.newBuilder()
          .cacheResponse(stripBody(cacheResponse))
          .networkResponse(bodylessNetworkResponse)
          .build();
      if (cache.isStorable(request, response)) {
        response = cache.put(request, response);
      } else if (cache.isReplacedBy(request, response)) {
        cache.remove(request.url()); // Newer than what we hold, and not to be kept.
      }
      cache.invalidate(request, response);
      return response;
    } finally {
      if (candidate != null && !candidateReturned) candidate.close();
    }
  }

  /** Returns the 504 that answers an {@code only-if-cached} request the cache can't satisfy. */
  private static Response unsatisfiable(Call call, EventListener listener, Request request) {
    Response unsatisfiable = new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(504)
        .message("Unsatisfiable Request (only-if-cached)")
        .body(EMPTY_BODY)
        .sentRequestAtMillis(-1L)
        .receivedResponseAtMillis(System.currentTimeMillis())
        .build();
    listener.satisfactionFailure(call, unsatisfiable);
    return unsatisfiable;
  }

  /**
   * Serves {@code stale} because the network failed or answered {@code errorResponse} (passed
   * without its body, or null).
   */
  private Response serveStale(Call call, EventListener listener, Response stale,
      Response errorResponse) {
    Response served = stale.newBuilder()
        .cacheResponse(stripBody(stale))
        .networkResponse(errorResponse)
        .build();
    cache.trackHit(false);
    listener.cacheHit(call, served);
    return served;
  }

  /**
   * Returns the stored response updated by a 304, still carrying the stored body;
   * {@code bodylessNetworkResponse} is the 304 as {@link Response#networkResponse()} shows it.
   */
  private static Response revalidated(Response cacheResponse, Response networkResponse,
      Response bodylessNetworkResponse) {
    return cacheResponse.newBuilder()
        .headers(RealCache.mergeHeaders(cacheResponse.headers(), networkResponse.headers(),
            networkResponse.receivedResponseAtMillis()))
        .sentRequestAtMillis(networkResponse.sentRequestAtMillis())
        .receivedResponseAtMillis(networkResponse.receivedResponseAtMillis())
        .cacheResponse(stripBody(cacheResponse))
        .networkResponse(bodylessNetworkResponse)
        .build();
  }

  /**
   * Answers the application's conditional request with a 304 carrying the stored response's
   * metadata but nothing that describes a body (RFC 9110 §15.4.5).
   */
  private static Response notModified(Response cacheResponse) {
    return cacheResponse.newBuilder()
        .code(304)
        .message("Not Modified")
        .removeHeader("Content-Length")
        .removeHeader("Content-Encoding")
        .removeHeader("Content-Type")
        .removeHeader("Content-Range")
        .body(EMPTY_BODY)
        .cacheResponse(stripBody(cacheResponse))
        .build();
  }

  /** Starts a background call on {@code call}'s client that refreshes the stale response. */
  private void revalidateInBackground(Call call, Request request) {
    if (!(call instanceof RealCall realCall) || !cache.beginRevalidation(request.url())) return;
    Request revalidation = request.newBuilder()
        .tag(BackgroundRevalidation.class, BackgroundRevalidation.INSTANCE)
        .build();
    boolean started = false;
    try {
      realCall.revalidateInBackground(revalidation, () -> cache.endRevalidation(request.url()));
      started = true;
    } finally {
      if (!started) cache.endRevalidation(request.url());
    }
  }

  /** Returns true for the statuses RFC 5861 §4 calls errors: 500, 502, 503 and 504. */
  private static boolean isServerError(int code) {
    return code == 500 || code == 502 || code == 503 || code == 504;
  }

  /**
   * Returns true if {@code response} came from the call server untouched, which attached its
   * network response already (see {@link CallServerInterceptor}).
   */
  private static boolean carriesNetworkResponse(Chain chain, Response response) {
    return response.networkResponse() != null
        && chain instanceof RealInterceptorChain realChain
        && !realChain.hasNetworkInterceptors();
  }

  /** Returns the network's {@code response} as {@link Response#networkResponse()} shows it. */
  private static Response withoutBody(Chain chain, Response response) {
    return carriesNetworkResponse(chain, response) ? response.networkResponse()
        : stripBody(response);
  }

  private static Response stripBody(Response response) {
    return response != null && response.body() != null
        ? response.newBuilder().body(null).build()
        : response;
  }

  @Override
  public String toString() {
    return cache != null ? "CacheInterceptor{" + cache.directory() + "}" : "CacheInterceptor";
  }
}
