package dev.courier.autoconfigure.actuate;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The live state of one Courier client, as the {@code courier} endpoint shows it. URLs appear as
 * origin and path only: never a username, password, query string or header value.
 *
 * <p>The pool, dispatcher and cache are usually shared by all clients; {@code sharedBy} names the
 * clients that use each, and the counts are those of the whole resource. A service's
 * {@code connections} are those to its base URL's origin.
 *
 * @param baseUrl the service's base URL without query, or null
 * @param pool the connection pool
 * @param dispatcher the dispatcher of asynchronous calls
 * @param cache the response cache, or null if the client has none
 * @param circuitBreaker the state of the service's Resilience4j circuit breaker (such as
 *     {@code CLOSED}), or null if it has none
 */
public record ClientDescriptor(@Nullable String baseUrl, PoolDescriptor pool,
    DispatcherDescriptor dispatcher, @Nullable CacheDescriptor cache,
    @Nullable String circuitBreaker) implements OperationResponseBody {

  /**
   * A connection pool.
   *
   * @param sharedBy the clients using this pool
   * @param maxIdleConnections the most idle connections kept
   * @param keepAliveMillis how long an idle connection is kept
   * @param connectionCount the open connections, idle or in use
   * @param idleConnectionCount the open connections no call is using
   * @param openedConnectionCount the connections opened since the pool was created
   * @param leakedConnectionCount the connections lost to response bodies never closed
   * @param connections the connections of this client
   */
  public record PoolDescriptor(List<String> sharedBy, int maxIdleConnections,
      long keepAliveMillis, int connectionCount, int idleConnectionCount,
      long openedConnectionCount, long leakedConnectionCount,
      List<ConnectionDescriptor> connections) {
  }

  /**
   * One pooled connection.
   *
   * @param origin the scheme, host and port it serves
   * @param address the IP address and port it is connected to
   * @param proxy {@code DIRECT}, or the proxy's type and address
   * @param protocol the protocol it speaks: {@code http/1.1}, {@code h2}, or
   *     {@code h2_prior_knowledge} for cleartext HTTP/2
   * @param inUse true if a call is using it
   * @param activeStreams how many calls are using it at once: 0 or 1 on HTTP/1.1, one per open
   *     stream on HTTP/2
   * @param ageMillis how long it has been open
   * @param idleMillis how long it has been idle; 0 if in use
   * @param exchangeCount how many exchanges it carried
   */
  public record ConnectionDescriptor(String origin, String address, String proxy,
      String protocol, boolean inUse, int activeStreams, long ageMillis, long idleMillis,
      long exchangeCount) {
  }

  /**
   * A dispatcher.
   *
   * @param sharedBy the clients using this dispatcher
   * @param maxRequests the most asynchronous calls running at once
   * @param maxRequestsPerHost the most asynchronous calls to one host running at once
   * @param runningCalls the running calls, synchronous and asynchronous
   * @param queuedCalls the asynchronous calls waiting for a slot
   * @param runningCallsByHost the running calls by host
   * @param queuedCallsByHost the waiting calls by host
   * @param shutdown true once the dispatcher was shut down and takes no more calls
   */
  public record DispatcherDescriptor(List<String> sharedBy, int maxRequests,
      int maxRequestsPerHost, int runningCalls, int queuedCalls,
      Map<String, Integer> runningCallsByHost, Map<String, Integer> queuedCallsByHost,
      boolean shutdown) {
  }

  /**
   * A response cache.
   *
   * @param sharedBy the clients using this cache
   * @param directory the directory holding it
   * @param size the bytes stored
   * @param maxSize the most bytes stored before eviction
   * @param requestCount the calls that consulted the cache
   * @param networkCount the requests the cache sent to the network
   * @param hitCount the responses served with a stored body, conditional hits included
   * @param conditionalHitCount the hits a 304 confirmed
   * @param hitRatio {@code hitCount / requestCount}, or null before the first request
   */
  public record CacheDescriptor(List<String> sharedBy, String directory, long size,
      long maxSize, long requestCount, long networkCount, long hitCount,
      long conditionalHitCount, @Nullable Double hitRatio) {
  }
}
