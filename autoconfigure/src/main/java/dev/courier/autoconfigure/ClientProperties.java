package dev.courier.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The settings of one Courier client, shared by {@code courier.*} (the shared client) and
 * {@code courier.services.<name>.*} (a service's client): one type, one mapper
 * ({@link CourierPropertiesMapper}) and one validator ({@link CourierPropertiesValidator}).
 *
 * <p>A value left unset (null) is inherited: a service takes the shared client's value, and the
 * shared client the engine's default, which {@link CourierProperties} sets. The pool, dispatcher
 * and cache are the shared client's unless a service sets one of their keys, which gives it its
 * own. A mutable holder for binding only.
 */
public class ClientProperties {

  /**
   * Timeout for opening a TCP connection and completing the TLS handshake; 0 means none. A
   * service inherits courier.connect-timeout.
   */
  private @Nullable Duration connectTimeout;

  /**
   * Timeout for each read, on the connection and on the response body; 0 means none. A service
   * inherits courier.read-timeout.
   */
  private @Nullable Duration readTimeout;

  /** Timeout for each write; 0 means none. A service inherits courier.write-timeout. */
  private @Nullable Duration writeTimeout;

  /**
   * Limit on a whole call, across redirects and retries; 0 means none. A service inherits
   * courier.call-timeout.
   */
  private @Nullable Duration callTimeout;

  /** Whether redirects are followed. A service inherits courier.follow-redirects. */
  private @Nullable Boolean followRedirects;

  /**
   * Whether a redirect from https to http is followed. A service inherits
   * courier.follow-ssl-redirects.
   */
  private @Nullable Boolean followSslRedirects;

  /**
   * Whether a failed connection is retried where safe (another route, or a stale connection). A
   * service inherits courier.retry-on-connection-failure.
   */
  private @Nullable Boolean retryOnConnectionFailure;

  /**
   * Whether connection attempts race a host's IPv6 and IPv4 addresses (happy eyeballs). A service
   * inherits courier.fast-fallback.
   */
  private @Nullable Boolean fastFallback;

  /**
   * User-Agent sent when a request sets none; the engine's is courier/<version>. A service
   * inherits courier.user-agent.
   */
  private @Nullable String userAgent;

  /**
   * Protocols spoken, most preferred first: h2 and http/1.1 (over TLS the server chooses with
   * ALPN; in cleartext HTTP/1.1 is spoken), or h2_prior_knowledge alone for cleartext HTTP/2 to a
   * server known to speak it. Enum names (http_2, http_1_1) are accepted too. A service inherits
   * courier.protocols.
   */
  private @Nullable List<String> protocols;

  /** HTTP/2 connections. */
  private final Http2 http2 = new Http2();

  /**
   * Headers added to each request that does not set them itself. They are removed when a
   * redirect leads to another origin, like Authorization. A service adds its own to those of
   * courier.default-headers.
   */
  private Map<String, String> defaultHeaders = new LinkedHashMap<>();

  /**
   * Headers removed from a request when a redirect takes it to another origin, besides
   * Authorization, Cookie, Proxy-Authorization and the default headers, which always are. A
   * service adds its own to those of courier.sensitive-headers.
   */
  private List<String> sensitiveHeaders = new ArrayList<>();

  /** TLS through a Spring Boot SSL bundle (spring.ssl.bundle.*). */
  private final Ssl ssl = new Ssl();

  /** Proxy for every connection. By default the JVM's proxy selector chooses. */
  private final Proxy proxy = new Proxy();

  /**
   * Connection pool. The shared pool serves every client; a service that sets a pool key gets a
   * pool of its own.
   */
  private final Pool pool = new Pool();

  /**
   * Dispatcher running asynchronous calls. The shared dispatcher serves every client; a service
   * that sets a dispatcher key gets one of its own, with its own threads and limits.
   */
  private final Dispatcher dispatcher = new Dispatcher();

  /**
   * HTTP response cache on disk. The shared cache serves every client; a service can turn it off
   * for itself, or get a cache of its own by naming another directory.
   */
  private final Cache cache = new Cache();

  public @Nullable Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(@Nullable Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public @Nullable Duration getReadTimeout() {
    return readTimeout;
  }

  public void setReadTimeout(@Nullable Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

  public @Nullable Duration getWriteTimeout() {
    return writeTimeout;
  }

  public void setWriteTimeout(@Nullable Duration writeTimeout) {
    this.writeTimeout = writeTimeout;
  }

  public @Nullable Duration getCallTimeout() {
    return callTimeout;
  }

  public void setCallTimeout(@Nullable Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  public @Nullable Boolean getFollowRedirects() {
    return followRedirects;
  }

  public void setFollowRedirects(@Nullable Boolean followRedirects) {
    this.followRedirects = followRedirects;
  }

  public @Nullable Boolean getFollowSslRedirects() {
    return followSslRedirects;
  }

  public void setFollowSslRedirects(@Nullable Boolean followSslRedirects) {
    this.followSslRedirects = followSslRedirects;
  }

  public @Nullable Boolean getRetryOnConnectionFailure() {
    return retryOnConnectionFailure;
  }

  public void setRetryOnConnectionFailure(@Nullable Boolean retryOnConnectionFailure) {
    this.retryOnConnectionFailure = retryOnConnectionFailure;
  }

  public @Nullable Boolean getFastFallback() {
    return fastFallback;
  }

  public void setFastFallback(@Nullable Boolean fastFallback) {
    this.fastFallback = fastFallback;
  }

  public @Nullable String getUserAgent() {
    return userAgent;
  }

  public void setUserAgent(@Nullable String userAgent) {
    this.userAgent = userAgent;
  }

  public @Nullable List<String> getProtocols() {
    return protocols;
  }

  public void setProtocols(@Nullable List<String> protocols) {
    this.protocols = protocols;
  }

  public Map<String, String> getDefaultHeaders() {
    return defaultHeaders;
  }

  public void setDefaultHeaders(Map<String, String> defaultHeaders) {
    this.defaultHeaders = defaultHeaders;
  }

  public List<String> getSensitiveHeaders() {
    return sensitiveHeaders;
  }

  public void setSensitiveHeaders(List<String> sensitiveHeaders) {
    this.sensitiveHeaders = sensitiveHeaders;
  }

  public Http2 getHttp2() {
    return http2;
  }

  public Ssl getSsl() {
    return ssl;
  }

  public Proxy getProxy() {
    return proxy;
  }

  public Pool getPool() {
    return pool;
  }

  public Dispatcher getDispatcher() {
    return dispatcher;
  }

  public Cache getCache() {
    return cache;
  }

  /** TLS settings ({@code ssl.*}). */
  public static class Ssl {

    /**
     * Name of the SSL bundle (spring.ssl.bundle.*) whose trust material, key material, protocols
     * and ciphers the client uses for https. A service inherits courier.ssl.bundle.
     */
    private @Nullable String bundle;

    public @Nullable String getBundle() {
      return bundle;
    }

    public void setBundle(@Nullable String bundle) {
      this.bundle = bundle;
    }
  }

  /** Proxy settings ({@code proxy.*}). */
  public static class Proxy {

    /**
     * Kind of proxy: http, socks, or direct for none (even if the JVM names one). Unset: the JVM's
     * proxy selector chooses. A service inherits courier.proxy.*.
     */
    private java.net.Proxy.@Nullable Type type;

    /** Host name or IP address of the proxy; required for http and socks. */
    private @Nullable String host;

    /** Port of the proxy; required for http and socks. */
    private @Nullable Integer port;

    public java.net.Proxy.@Nullable Type getType() {
      return type;
    }

    public void setType(java.net.Proxy.@Nullable Type type) {
      this.type = type;
    }

    public @Nullable String getHost() {
      return host;
    }

    public void setHost(@Nullable String host) {
      this.host = host;
    }

    public @Nullable Integer getPort() {
      return port;
    }

    public void setPort(@Nullable Integer port) {
      this.port = port;
    }

    /** Returns true if any proxy key is set. */
    public boolean anySet() {
      return type != null || host != null || port != null;
    }
  }

  /** HTTP/2 connection settings ({@code http2.*}). */
  public static class Http2 {

    /**
     * Interval of keep-alive PINGs on each HTTP/2 connection; a connection whose PING is still
     * unanswered when the next is due fails its calls and is never used again. 0 sends none. A
     * service inherits courier.http2.ping-interval.
     */
    private @Nullable Duration pingInterval;

    public @Nullable Duration getPingInterval() {
      return pingInterval;
    }

    public void setPingInterval(@Nullable Duration pingInterval) {
      this.pingInterval = pingInterval;
    }
  }

  /** Connection pool settings ({@code pool.*}). */
  public static class Pool {

    /** Most idle connections kept for reuse; 0 keeps none. */
    private @Nullable Integer maxIdleConnections;

    /** How long an idle connection is kept before it is closed. */
    private @Nullable Duration keepAlive;

    public @Nullable Integer getMaxIdleConnections() {
      return maxIdleConnections;
    }

    public void setMaxIdleConnections(@Nullable Integer maxIdleConnections) {
      this.maxIdleConnections = maxIdleConnections;
    }

    public @Nullable Duration getKeepAlive() {
      return keepAlive;
    }

    public void setKeepAlive(@Nullable Duration keepAlive) {
      this.keepAlive = keepAlive;
    }

    /** Returns true if any pool key is set. */
    public boolean anySet() {
      return maxIdleConnections != null || keepAlive != null;
    }
  }

  /** Dispatcher settings ({@code dispatcher.*}). */
  public static class Dispatcher {

    /** Most asynchronous calls that run at once. */
    private @Nullable Integer maxRequests;

    /** Most asynchronous calls to one host that run at once. */
    private @Nullable Integer maxRequestsPerHost;

    /**
     * Whether asynchronous calls run on virtual threads (Java 21 or later). Unset: as
     * spring.threads.virtual.enabled says.
     */
    private @Nullable Boolean virtualThreads;

    public @Nullable Integer getMaxRequests() {
      return maxRequests;
    }

    public void setMaxRequests(@Nullable Integer maxRequests) {
      this.maxRequests = maxRequests;
    }

    public @Nullable Integer getMaxRequestsPerHost() {
      return maxRequestsPerHost;
    }

    public void setMaxRequestsPerHost(@Nullable Integer maxRequestsPerHost) {
      this.maxRequestsPerHost = maxRequestsPerHost;
    }

    public @Nullable Boolean getVirtualThreads() {
      return virtualThreads;
    }

    public void setVirtualThreads(@Nullable Boolean virtualThreads) {
      this.virtualThreads = virtualThreads;
    }

    /** Returns true if any dispatcher key is set. */
    public boolean anySet() {
      return maxRequests != null || maxRequestsPerHost != null || virtualThreads != null;
    }
  }

  /** Response cache settings ({@code cache.*}). */
  public static class Cache {

    /** Whether responses are cached on disk. */
    private @Nullable Boolean enabled;

    /** Directory holding the cache, created at start-up if missing; required when enabled. */
    private @Nullable Path directory;

    /** Most bytes the cache holds before evicting entries. */
    private @Nullable DataSize maxSize;

    /**
     * Whom the cache serves: shared (every caller of the service; RFC 9111 shared-cache rules:
     * private responses, and responses to requests with Authorization or Cookie unless the server
     * marks them shareable, are not stored) or private (one user, as a browser's cache).
     */
    private @Nullable Mode mode;

    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Path getDirectory() {
      return directory;
    }

    public void setDirectory(@Nullable Path directory) {
      this.directory = directory;
    }

    public @Nullable DataSize getMaxSize() {
      return maxSize;
    }

    public void setMaxSize(@Nullable DataSize maxSize) {
      this.maxSize = maxSize;
    }

    public @Nullable Mode getMode() {
      return mode;
    }

    public void setMode(@Nullable Mode mode) {
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
}
