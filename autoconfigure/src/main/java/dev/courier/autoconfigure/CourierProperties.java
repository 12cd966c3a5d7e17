package dev.courier.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.courier.Protocol;
import dev.courier.logging.LoggingInterceptor;

/**
 * Configuration of the Courier client bean and its named services, bound from {@code courier.*}.
 * Every default equals the engine's, so an empty configuration gives the same client as
 * {@code new CourierClient()}.
 *
 * <pre>{@code
 * courier:
 *   read-timeout: 5s
 *   services:
 *     catalog:
 *       base-url: http://catalog:8080/api
 *       read-timeout: 2s
 *       default-headers: { X-Client: my-service }
 * }</pre>
 *
 * <p>A mutable holder for binding only; values are checked when the clients are built, and a bad
 * one stops start-up with a {@link CourierConfigurationException} naming the property.
 */
@ConfigurationProperties("courier")
public class CourierProperties {

  /** Timeout for opening a TCP connection and completing the TLS handshake; 0 means none. */
  private Duration connectTimeout = Duration.ofSeconds(10);

  /** Timeout for each read, on the connection and on the response body; 0 means none. */
  private Duration readTimeout = Duration.ofSeconds(10);

  /** Timeout for each write; 0 means none. */
  private Duration writeTimeout = Duration.ofSeconds(10);

  /** Limit on a whole call, across redirects and retries; 0 means none. */
  private Duration callTimeout = Duration.ZERO;

  /** Whether redirects are followed. */
  private boolean followRedirects = true;

  /** Whether a redirect from https to http is followed. */
  private boolean followSslRedirects = false;

  /** Whether a failed connection is retried where safe (another route, or a stale connection). */
  private boolean retryOnConnectionFailure = true;

  /** Whether connection attempts race a host's IPv6 and IPv4 addresses (happy eyeballs). */
  private boolean fastFallback = true;

  /** User-Agent sent when a request sets none. Default: courier/<version>. */
  private @Nullable String userAgent;

  /**
   * Protocols the clients speak, most preferred first: http_2 and http_1_1 (over TLS the server
   * chooses with ALPN; in cleartext HTTP/1.1 is spoken), or h2_prior_knowledge alone for
   * cleartext HTTP/2 to servers known to speak it.
   */
  private List<Protocol> protocols = new ArrayList<>(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));

  /** HTTP/2 connections, of the client and every service client. */
  private final Http2 http2 = new Http2();

  /** Connection pool shared by the client and every service client. */
  private final Pool pool = new Pool();

  /** Dispatcher running asynchronous calls, shared by the client and every service client. */
  private final Dispatcher dispatcher = new Dispatcher();

  /** HTTP response cache on disk, shared by the client and every service client. */
  private final Cache cache = new Cache();

  /** Logging of requests and responses, shared by the client and every service client. */
  private final Logging logging = new Logging();

  /** Named services, each with its own client derived from the shared one. */
  private Map<String, Service> services = new LinkedHashMap<>();

  /** Returns the connect timeout. */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** Sets the connect timeout. */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** Returns the read timeout. */
  public Duration getReadTimeout() {
    return readTimeout;
  }

  /** Sets the read timeout. */
  public void setReadTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

  /** Returns the write timeout. */
  public Duration getWriteTimeout() {
    return writeTimeout;
  }

  /** Sets the write timeout. */
  public void setWriteTimeout(Duration writeTimeout) {
    this.writeTimeout = writeTimeout;
  }

  /** Returns the call timeout. */
  public Duration getCallTimeout() {
    return callTimeout;
  }

  /** Sets the call timeout. */
  public void setCallTimeout(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  /** Returns whether redirects are followed. */
  public boolean isFollowRedirects() {
    return followRedirects;
  }

  /** Sets whether redirects are followed. */
  public void setFollowRedirects(boolean followRedirects) {
    this.followRedirects = followRedirects;
  }

  /** Returns whether https to http redirects are followed. */
  public boolean isFollowSslRedirects() {
    return followSslRedirects;
  }

  /** Sets whether https to http redirects are followed. */
  public void setFollowSslRedirects(boolean followSslRedirects) {
    this.followSslRedirects = followSslRedirects;
  }

  /** Returns whether failed connections are retried where safe. */
  public boolean isRetryOnConnectionFailure() {
    return retryOnConnectionFailure;
  }

  /** Sets whether failed connections are retried where safe. */
  public void setRetryOnConnectionFailure(boolean retryOnConnectionFailure) {
    this.retryOnConnectionFailure = retryOnConnectionFailure;
  }

  /** Returns whether connection attempts race addresses. */
  public boolean isFastFallback() {
    return fastFallback;
  }

  /** Sets whether connection attempts race addresses. */
  public void setFastFallback(boolean fastFallback) {
    this.fastFallback = fastFallback;
  }

  /** Returns the User-Agent, or null for the engine's default. */
  public @Nullable String getUserAgent() {
    return userAgent;
  }

  /** Sets the User-Agent; null keeps the engine's default. */
  public void setUserAgent(@Nullable String userAgent) {
    this.userAgent = userAgent;
  }

  /** Returns the protocols, most preferred first. */
  public List<Protocol> getProtocols() {
    return protocols;
  }

  /** Sets the protocols. */
  public void setProtocols(List<Protocol> protocols) {
    this.protocols = protocols;
  }

  /** Returns the HTTP/2 settings. */
  public Http2 getHttp2() {
    return http2;
  }

  /** Returns the connection pool settings. */
  public Pool getPool() {
    return pool;
  }

  /** Returns the dispatcher settings. */
  public Dispatcher getDispatcher() {
    return dispatcher;
  }

  /** Returns the cache settings. */
  public Cache getCache() {
    return cache;
  }

  /** Returns the logging settings. */
  public Logging getLogging() {
    return logging;
  }

  /** Returns the named services, in declaration order. */
  public Map<String, Service> getServices() {
    return services;
  }

  /** Sets the named services. */
  public void setServices(Map<String, Service> services) {
    this.services = services;
  }

  /** Settings of HTTP/2 connections ({@code courier.http2.*}). */
  public static class Http2 {

    /**
     * Interval of keep-alive PINGs on each HTTP/2 connection; a connection whose PING is still
     * unanswered when the next is due fails its calls and is never used again. 0 sends none.
     */
    private Duration pingInterval = Duration.ZERO;

    /** Returns the ping interval. */
    public Duration getPingInterval() {
      return pingInterval;
    }

    /** Sets the ping interval. */
    public void setPingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
    }
  }

  /** Settings of the shared connection pool ({@code courier.pool.*}). */
  public static class Pool {

    /** Most idle connections kept for reuse; 0 keeps none. */
    private int maxIdleConnections = 5;

    /** How long an idle connection is kept before it is closed. */
    private Duration keepAlive = Duration.ofMinutes(5);

    /** Returns the most idle connections kept. */
    public int getMaxIdleConnections() {
      return maxIdleConnections;
    }

    /** Sets the most idle connections kept. */
    public void setMaxIdleConnections(int maxIdleConnections) {
      this.maxIdleConnections = maxIdleConnections;
    }

    /** Returns how long an idle connection is kept. */
    public Duration getKeepAlive() {
      return keepAlive;
    }

    /** Sets how long an idle connection is kept. */
    public void setKeepAlive(Duration keepAlive) {
      this.keepAlive = keepAlive;
    }
  }

  /** Settings of the shared dispatcher ({@code courier.dispatcher.*}). */
  public static class Dispatcher {

    /** Most asynchronous calls that run at once. */
    private int maxRequests = 64;

    /** Most asynchronous calls to one host that run at once. */
    private int maxRequestsPerHost = 5;

    /** Whether asynchronous calls run on virtual threads (Java 21 or later). */
    private boolean virtualThreads = false;

    /** Returns the most asynchronous calls at once. */
    public int getMaxRequests() {
      return maxRequests;
    }

    /** Sets the most asynchronous calls at once. */
    public void setMaxRequests(int maxRequests) {
      this.maxRequests = maxRequests;
    }

    /** Returns the most asynchronous calls to one host at once. */
    public int getMaxRequestsPerHost() {
      return maxRequestsPerHost;
    }

    /** Sets the most asynchronous calls to one host at once. */
    public void setMaxRequestsPerHost(int maxRequestsPerHost) {
      this.maxRequestsPerHost = maxRequestsPerHost;
    }

    /** Returns whether calls run on virtual threads. */
    public boolean isVirtualThreads() {
      return virtualThreads;
    }

    /** Sets whether calls run on virtual threads. */
    public void setVirtualThreads(boolean virtualThreads) {
      this.virtualThreads = virtualThreads;
    }
  }

  /** Settings of the shared response cache ({@code courier.cache.*}). */
  public static class Cache {

    /** Whether responses are cached on disk. */
    private boolean enabled = false;

    /**
     * Directory holding the cache; created at start-up if missing, readable by its owner only.
     * Must belong to the user running the service. Required when enabled.
     */
    private @Nullable Path directory;

    /** Most bytes the cache holds before evicting entries. */
    private DataSize maxSize = DataSize.ofMegabytes(50);

    /**
     * Whether the cache is shared, serving every caller of the service (RFC 9111 shared-cache
     * rules: private responses, and responses to requests with Authorization or Cookie unless
     * the server marks them shareable, are not stored), or private, serving one user.
     */
    private Mode mode = Mode.SHARED;

    /** Returns whether the cache is on. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether the cache is on. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Returns the cache directory, or null if none is set. */
    public @Nullable Path getDirectory() {
      return directory;
    }

    /** Sets the cache directory. */
    public void setDirectory(@Nullable Path directory) {
      this.directory = directory;
    }

    /** Returns the most bytes cached. */
    public DataSize getMaxSize() {
      return maxSize;
    }

    /** Sets the most bytes cached. */
    public void setMaxSize(DataSize maxSize) {
      this.maxSize = maxSize;
    }

    /** Returns whether the cache is shared or private. */
    public Mode getMode() {
      return mode;
    }

    /** Sets whether the cache is shared or private. */
    public void setMode(Mode mode) {
      this.mode = mode;
    }

    /** Who a cache serves, which decides what it may store (RFC 9111 §3.5). */
    public enum Mode {
      /** Every caller of the service: the RFC's rules for shared caches apply. */
      SHARED,
      /** One user, as a browser's cache does. */
      PRIVATE
    }
  }

  /**
   * Settings of the logging network interceptor ({@code courier.logging.*}). Messages go to the
   * logger {@code dev.courier.logging.LoggingInterceptor} at INFO.
   */
  public static class Logging {

    /** How much of each request and response is logged: none, basic, headers or body. */
    private LoggingInterceptor.Level level = LoggingInterceptor.Level.NONE;

    /**
     * Headers whose values are masked, in addition to Authorization, Proxy-Authorization, Cookie
     * and Set-Cookie, which always are.
     */
    private List<String> redactHeaders = new ArrayList<>();

    /** Query parameters whose values are masked in logged URLs. */
    private List<String> redactQueryParameters = new ArrayList<>();

    /** Largest text body logged at level body; larger and binary bodies are left out. */
    private DataSize maxBodySize = DataSize.ofKilobytes(4);

    /** Returns the logging level. */
    public LoggingInterceptor.Level getLevel() {
      return level;
    }

    /** Sets the logging level. */
    public void setLevel(LoggingInterceptor.Level level) {
      this.level = level;
    }

    /** Returns the extra headers to mask. */
    public List<String> getRedactHeaders() {
      return redactHeaders;
    }

    /** Sets the extra headers to mask. */
    public void setRedactHeaders(List<String> redactHeaders) {
      this.redactHeaders = redactHeaders;
    }

    /** Returns the query parameters to mask. */
    public List<String> getRedactQueryParameters() {
      return redactQueryParameters;
    }

    /** Sets the query parameters to mask. */
    public void setRedactQueryParameters(List<String> redactQueryParameters) {
      this.redactQueryParameters = redactQueryParameters;
    }

    /** Returns the largest body logged. */
    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    /** Sets the largest body logged. */
    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }
  }

  /**
   * One named service ({@code courier.services.<name>.*}): where it is and how its client differs
   * from the shared one. Settings left unset are inherited from {@code courier.*}. The pool,
   * dispatcher and cache are always shared.
   */
  public static class Service {

    /** Absolute http(s) URL that relative request paths resolve against. */
    private @Nullable String baseUrl;

    /** Headers added to every request to this service that does not set them itself. */
    private Map<String, String> defaultHeaders = new LinkedHashMap<>();

    /** Connect timeout for this service; inherited when unset. */
    private @Nullable Duration connectTimeout;

    /** Read timeout for this service; inherited when unset. */
    private @Nullable Duration readTimeout;

    /** Write timeout for this service; inherited when unset. */
    private @Nullable Duration writeTimeout;

    /** Call timeout for this service; inherited when unset. */
    private @Nullable Duration callTimeout;

    /** Whether redirects are followed for this service; inherited when unset. */
    private @Nullable Boolean followRedirects;

    /** Whether https to http redirects are followed for this service; inherited when unset. */
    private @Nullable Boolean followSslRedirects;

    /** Whether failed connections are retried where safe; inherited when unset. */
    private @Nullable Boolean retryOnConnectionFailure;

    /** Whether connection attempts race addresses; inherited when unset. */
    private @Nullable Boolean fastFallback;

    /** User-Agent for this service; inherited when unset. */
    private @Nullable String userAgent;

    /**
     * Protocols for this service, such as h2_prior_knowledge for a cleartext HTTP/2 backend;
     * inherited when unset.
     */
    private @Nullable List<Protocol> protocols;

    /** Resilience4j circuit breaker, retry, rate limiter, bulkhead and time limiter. */
    private final ResilienceProperties resilience = new ResilienceProperties();

    /** Returns the base URL, or null if none is set. */
    public @Nullable String getBaseUrl() {
      return baseUrl;
    }

    /** Sets the base URL. */
    public void setBaseUrl(@Nullable String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** Returns the default headers, by name. */
    public Map<String, String> getDefaultHeaders() {
      return defaultHeaders;
    }

    /** Sets the default headers. */
    public void setDefaultHeaders(Map<String, String> defaultHeaders) {
      this.defaultHeaders = defaultHeaders;
    }

    /** Returns the connect timeout override, or null. */
    public @Nullable Duration getConnectTimeout() {
      return connectTimeout;
    }

    /** Sets the connect timeout override. */
    public void setConnectTimeout(@Nullable Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    /** Returns the read timeout override, or null. */
    public @Nullable Duration getReadTimeout() {
      return readTimeout;
    }

    /** Sets the read timeout override. */
    public void setReadTimeout(@Nullable Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    /** Returns the write timeout override, or null. */
    public @Nullable Duration getWriteTimeout() {
      return writeTimeout;
    }

    /** Sets the write timeout override. */
    public void setWriteTimeout(@Nullable Duration writeTimeout) {
      this.writeTimeout = writeTimeout;
    }

    /** Returns the call timeout override, or null. */
    public @Nullable Duration getCallTimeout() {
      return callTimeout;
    }

    /** Sets the call timeout override. */
    public void setCallTimeout(@Nullable Duration callTimeout) {
      this.callTimeout = callTimeout;
    }

    /** Returns the follow-redirects override, or null. */
    public @Nullable Boolean getFollowRedirects() {
      return followRedirects;
    }

    /** Sets the follow-redirects override. */
    public void setFollowRedirects(@Nullable Boolean followRedirects) {
      this.followRedirects = followRedirects;
    }

    /** Returns the follow-SSL-redirects override, or null. */
    public @Nullable Boolean getFollowSslRedirects() {
      return followSslRedirects;
    }

    /** Sets the follow-SSL-redirects override. */
    public void setFollowSslRedirects(@Nullable Boolean followSslRedirects) {
      this.followSslRedirects = followSslRedirects;
    }

    /** Returns the retry-on-connection-failure override, or null. */
    public @Nullable Boolean getRetryOnConnectionFailure() {
      return retryOnConnectionFailure;
    }

    /** Sets the retry-on-connection-failure override. */
    public void setRetryOnConnectionFailure(@Nullable Boolean retryOnConnectionFailure) {
      this.retryOnConnectionFailure = retryOnConnectionFailure;
    }

    /** Returns the fast-fallback override, or null. */
    public @Nullable Boolean getFastFallback() {
      return fastFallback;
    }

    /** Sets the fast-fallback override. */
    public void setFastFallback(@Nullable Boolean fastFallback) {
      this.fastFallback = fastFallback;
    }

    /** Returns the User-Agent override, or null. */
    public @Nullable String getUserAgent() {
      return userAgent;
    }

    /** Sets the User-Agent override. */
    public void setUserAgent(@Nullable String userAgent) {
      this.userAgent = userAgent;
    }

    /** Returns the protocols override, or null. */
    public @Nullable List<Protocol> getProtocols() {
      return protocols;
    }

    /** Sets the protocols override. */
    public void setProtocols(@Nullable List<Protocol> protocols) {
      this.protocols = protocols;
    }

    /** Returns the resilience settings of this service. */
    public ResilienceProperties getResilience() {
      return resilience;
    }
  }
}
