package dev.courier.autoconfigure.actuate;

import java.time.Instant;
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
 * {@code connections} are those to its base URL's origin, or to its instances.
 *
 * @param baseUrl the service's base URL without query, or null
 * @param pool the connection pool
 * @param dispatcher the dispatcher of asynchronous calls
 * @param cache the response cache, or null if the client has none
 * @param circuitBreaker the state of the service's Resilience4j circuit breaker (such as
 *     {@code CLOSED}), or null if it has none
 * @param services the services with several instances the client balances over (a service
 *     configured with {@code instances} or {@code lb://} has itself), empty if none
 */
public record ClientDescriptor(@Nullable String baseUrl, PoolDescriptor pool,
    DispatcherDescriptor dispatcher, @Nullable CacheDescriptor cache,
    @Nullable String circuitBreaker, List<ServiceInstancesDescriptor> services)
    implements OperationResponseBody {

  /**
   * A service with several instances, and the state of each.
   *
   * @param name the service's name, the host its calls are made to
   * @param loadBalancing the balancing policy, such as {@code LEAST_REQUEST}
   * @param healthy the instances taking their full share of traffic
   * @param warming the instances in slow start
   * @param ejected the instances ejected by outlier detection
   * @param ejections the ejections of any of its instances since start-up
   * @param hedges the hedges its slow calls sent since start-up
   * @param instances each instance, in list order
   */
  public record ServiceInstancesDescriptor(String name, String loadBalancing, int healthy,
      int warming, int ejected, long ejections, long hedges, List<InstanceDescriptor> instances) {
  }

  /**
   * One instance of a service.
   *
   * @param url its scheme, host and port
   * @param state {@code HEALTHY}, {@code WARMING} or {@code EJECTED}
   * @param ejectedUntil when an ejected instance takes traffic again, or null
   * @param warmUntil when a warming instance takes its full share, or null
   * @param inFlight the attempts in flight on it
   * @param latencyMillis its recent response time as balancing weighs it; 0 before any
   * @param ejectionCount how many times it was ejected since it joined the service
   */
  public record InstanceDescriptor(String url, String state, @Nullable Instant ejectedUntil,
      @Nullable Instant warmUntil, int inFlight, double latencyMillis, int ejectionCount) {
  }

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
