package dev.courier;

import java.io.Closeable;
import java.net.Proxy;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.SocketFactory;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

import dev.courier.internal.Version;
import dev.courier.internal.balance.RealServiceInstances;
import dev.courier.internal.balance.ServiceRegistry;
import dev.courier.internal.chain.BridgeInterceptor;
import dev.courier.internal.chain.CacheInterceptor;
import dev.courier.internal.chain.CallServerInterceptor;
import dev.courier.internal.chain.ClientInternals;
import dev.courier.internal.chain.ConnectInterceptor;
import dev.courier.internal.chain.HedgingInterceptor;
import dev.courier.internal.chain.RealCall;
import dev.courier.internal.chain.RetryAndFollowUpInterceptor;
import dev.courier.internal.chain.TimeoutMillis;
import dev.courier.internal.connection.AddressCache;
import dev.courier.internal.tls.DefaultTls;
import dev.courier.internal.tls.CertificateChainCleaner;
import org.jspecify.annotations.Nullable;

/**
 * Creates calls and holds what they share: the connection pool, the dispatcher, the cache and the
 * settings. Create one client and share it; each client has its own pool and threads.
 *
 * <pre>{@code
 * CourierClient client = new CourierClient.Builder()
 *     .readTimeout(Duration.ofSeconds(5))
 *     .build();
 * Request request = new Request.Builder().url("http://127.0.0.1:8080/items/1").build();
 * try (Response response = client.newCall(request).execute()) {
 *   String body = response.body().string();
 * }
 * }</pre>
 *
 * <p>Use {@link #newBuilder()} to derive a client with different settings that shares this one's
 * pool, dispatcher and cache. Immutable and thread-safe.
 *
 * <p>Defaults: connect, read and write timeouts 10 s, no call timeout; redirects followed, but not
 * from https to http; retries on connection failure for requests that are safe to repeat; fast
 * fallback between IPv6 and IPv4 addresses; TLS 1.3 and 1.2 ({@link ConnectionSpec#MODERN_TLS})
 * with host names verified and no certificate pins; HTTP/2 where the server chooses it with ALPN,
 * HTTP/1.1 otherwise, and no keep-alive PINGs; no proxy unless the JVM's proxy selector
 * names one; no authenticators; no cache, no cookies; gzip bodies decompressed transparently,
 * failing one that inflates past 1 MiB to more than 100 times its compressed size.
 */
public final class CourierClient implements Call.Factory, Closeable {
  private final Dispatcher dispatcher;
  private final ConnectionPool connectionPool;
  private final List<Interceptor> interceptors;
  private final List<Interceptor> networkInterceptors;
  private final EventListener.Factory eventListenerFactory;
  private final boolean retryOnConnectionFailure;
  private final boolean retryNonIdempotentRequests;
  private final Authenticator authenticator;
  private final boolean followRedirects;
  private final boolean followSslRedirects;
  private final CookieJar cookieJar;
  private final @Nullable Cache cache;
  private final Dns dns;
  private final @Nullable Proxy proxy;
  private final ProxySelector proxySelector;
  private final Authenticator proxyAuthenticator;
  private final SocketFactory socketFactory;
  private final @Nullable SSLSocketFactory sslSocketFactoryOrNull;
  private final @Nullable X509TrustManager x509TrustManagerOrNull;
  private final @Nullable HostnameVerifier hostnameVerifier;
  private final CertificatePinner certificatePinner;
  private final List<ConnectionSpec> connectionSpecs;
  private final List<Protocol> protocols;
  private final int pingIntervalMillis;
  private final int callTimeoutMillis;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final int writeTimeoutMillis;
  private final boolean fastFallback;
  private final String userAgent;
  private final long maxDecompressedSize;
  private final int maxDecompressionRatio;
  private final List<String> sensitiveHeaders;
  private final List<ServiceInstances> services;
  private final ClientInternals internals;

  /** Creates a client with the default settings. */
  public CourierClient() {
    this(new Builder());
  }

  private CourierClient(Builder builder) {
    this.dispatcher = builder.dispatcher;
    this.connectionPool = builder.connectionPool;
    this.interceptors = List.copyOf(builder.interceptors);
    this.networkInterceptors = List.copyOf(builder.networkInterceptors);
    this.eventListenerFactory = builder.eventListenerFactory;
    this.retryOnConnectionFailure = builder.retryOnConnectionFailure;
    this.retryNonIdempotentRequests = builder.retryNonIdempotentRequests;
    this.authenticator = builder.authenticator;
    this.followRedirects = builder.followRedirects;
    this.followSslRedirects = builder.followSslRedirects;
    this.cookieJar = builder.cookieJar;
    this.cache = builder.cache;
    this.dns = builder.dns;
    this.proxy = builder.proxy;
    this.proxySelector = builder.proxySelector != null ? builder.proxySelector
        : defaultProxySelector();
    this.proxyAuthenticator = builder.proxyAuthenticator;
    this.socketFactory = builder.socketFactory;
    this.sslSocketFactoryOrNull = builder.sslSocketFactoryOrNull;
    this.x509TrustManagerOrNull = builder.x509TrustManagerOrNull;
    this.hostnameVerifier = builder.hostnameVerifier;
    this.connectionSpecs = builder.connectionSpecs;
    this.protocols = List.copyOf(builder.protocols);
    this.pingIntervalMillis = builder.pingIntervalMillis;
    this.callTimeoutMillis = builder.callTimeoutMillis;
    this.connectTimeoutMillis = builder.connectTimeoutMillis;
    this.readTimeoutMillis = builder.readTimeoutMillis;
    this.writeTimeoutMillis = builder.writeTimeoutMillis;
    this.fastFallback = builder.fastFallback;
    this.userAgent = builder.userAgent;
    this.maxDecompressedSize = builder.maxDecompressedSize;
    this.maxDecompressionRatio = builder.maxDecompressionRatio;
    this.sensitiveHeaders = List.copyOf(builder.sensitiveHeaders);
    this.services = List.copyOf(builder.services.values());
    // Pins are checked against the chain rebuilt from the trust manager's roots; only clients
    // that pin pay for loading the trust store here rather than on the first https call.
    this.certificatePinner = builder.certificatePinner.isEmpty()
        ? builder.certificatePinner.withCertificateChainCleaner(null)
        : builder.certificatePinner.withCertificateChainCleaner(
            CertificateChainCleaner.get(x509TrustManager()));

    // What follows is built from the settings alone, never from this client: it must not see a
    // client that is still under construction.
    List<RealServiceInstances> realServices = new ArrayList<>(services.size());
    for (ServiceInstances service : services) realServices.add(service.delegate);
    ServiceRegistry serviceRegistry = ServiceRegistry.of(realServices);
    // Only a client with a service that hedges has the step, so no other call pays for it.
    List<Interceptor> chain = new ArrayList<>(interceptors.size() + networkInterceptors.size() + 6);
    chain.addAll(interceptors);
    if (serviceRegistry.anyHedges()) chain.add(new HedgingInterceptor(serviceRegistry));
    int belowHedging = chain.size();
    chain.add(new RetryAndFollowUpInterceptor(retryOnConnectionFailure,
        retryNonIdempotentRequests, followRedirects, followSslRedirects, authenticator,
        proxyAuthenticator, sensitiveHeaders));
    chain.add(new BridgeInterceptor(cookieJar, userAgent, maxDecompressedSize,
        maxDecompressionRatio));
    chain.add(new CacheInterceptor(cache != null ? cache.delegate : null));
    chain.add(new ConnectInterceptor());
    chain.addAll(networkInterceptors);
    chain.add(new CallServerInterceptor());
    AddressCache addresses = new AddressCache(addressFactory(dns, socketFactory,
        sslSocketFactoryOrNull, hostnameVerifier, certificatePinner, proxyAuthenticator, proxy,
        proxySelector, protocols, connectionSpecs));
    this.internals = new ClientInternals(dispatcher.delegate, connectionPool.delegate,
        List.copyOf(chain), List.copyOf(chain.subList(belowHedging, chain.size())),
        addresses, serviceRegistry);
  }

  /** Returns how to make the address of an origin, with these connection settings. */
  private static Function<HttpUrl, Address> addressFactory(Dns dns, SocketFactory socketFactory,
      SSLSocketFactory sslSocketFactoryOrNull, HostnameVerifier hostnameVerifier,
      CertificatePinner certificatePinner, Authenticator proxyAuthenticator, Proxy proxy,
      ProxySelector proxySelector, List<Protocol> protocols,
      List<ConnectionSpec> connectionSpecs) {
    return url -> {
      boolean https = url.isHttps();
      return new Address(url.host(), url.port(), dns, socketFactory,
          https ? sslSocketFactory(sslSocketFactoryOrNull) : null, https ? hostnameVerifier : null,
          https ? certificatePinner : CertificatePinner.DEFAULT, proxyAuthenticator, proxy,
          proxySelector, protocols, connectionSpecs);
    };
  }

  private static ProxySelector defaultProxySelector() {
    ProxySelector system = ProxySelector.getDefault();
    return system != null ? system : ProxySelector.of(null);
  }

  /** Prepares {@code request} to be executed. */
  @Override
  public Call newCall(Request request) {
    if (request == null) throw new IllegalArgumentException("request == null");
    return new RealCall(this, internals, request);
  }

  /**
   * Returns a builder with this client's settings, sharing its connection pool, dispatcher and
   * cache.
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Shuts the client's resources down: the dispatcher stops accepting calls (waiting calls fail;
   * running ones finish), idle connections are closed, and the cache is closed. Clients derived
   * with {@link #newBuilder()} share these and are closed too. Once no call is running, no
   * {@code courier-} thread is left when this returns.
   */
  @Override
  public void close() {
    try {
      dispatcher.delegate.shutdown(1, TimeUnit.SECONDS);
      connectionPool.delegate.close(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (cache != null) cache.close();
  }

  /**
   * Returns the services this client routes to, in the order they were given: a request whose
   * host is one of their names goes to one of that service's instances. Empty by default.
   */
  public List<ServiceInstances> services() {
    return services;
  }

  /** Returns the dispatcher that runs asynchronous calls. */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** Returns the pool of connections. */
  public ConnectionPool connectionPool() {
    return connectionPool;
  }

  /** Returns the application interceptors, in order. */
  public List<Interceptor> interceptors() {
    return interceptors;
  }

  /** Returns the network interceptors, in order. */
  public List<Interceptor> networkInterceptors() {
    return networkInterceptors;
  }

  /** Returns the factory of per-call event listeners. */
  public EventListener.Factory eventListenerFactory() {
    return eventListenerFactory;
  }

  /** Returns true if failed connections are retried where safe. */
  public boolean retryOnConnectionFailure() {
    return retryOnConnectionFailure;
  }

  /**
   * Returns true if a request that may have reached the server is retried whatever its method
   * (false by default: only idempotent methods are).
   */
  public boolean retryNonIdempotentRequests() {
    return retryNonIdempotentRequests;
  }

  /** Returns the authenticator answering 401 challenges. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** Returns true if redirects are followed. */
  public boolean followRedirects() {
    return followRedirects;
  }

  /** Returns true if redirects from https to http are followed (false by default). */
  public boolean followSslRedirects() {
    return followSslRedirects;
  }

  /** Returns the cookie jar. */
  public CookieJar cookieJar() {
    return cookieJar;
  }

  /** Returns the response cache, or null if there is none. */
  public @Nullable Cache cache() {
    return cache;
  }

  /** Returns the DNS resolver. */
  public Dns dns() {
    return dns;
  }

  /** Returns the proxy, or null when the {@link #proxySelector()} chooses one per URL. */
  public @Nullable Proxy proxy() {
    return proxy;
  }

  /** Returns the proxy selector used when no proxy is set. */
  public ProxySelector proxySelector() {
    return proxySelector;
  }

  /** Returns the authenticator answering 407 challenges from proxies. */
  public Authenticator proxyAuthenticator() {
    return proxyAuthenticator;
  }

  /** Returns the factory for TCP sockets. */
  public SocketFactory socketFactory() {
    return socketFactory;
  }

  /** Returns the factory for TLS sockets: the one configured, or the JDK's default. */
  public SSLSocketFactory sslSocketFactory() {
    return sslSocketFactory(sslSocketFactoryOrNull);
  }

  /** Returns {@code configured}, or the JDK's default factory when it is null. */
  private static SSLSocketFactory sslSocketFactory(SSLSocketFactory configured) {
    return configured != null ? configured : DefaultTls.get().socketFactory();
  }

  /** Returns the trust manager that checks server certificates. */
  public X509TrustManager x509TrustManager() {
    return x509TrustManagerOrNull != null ? x509TrustManagerOrNull : DefaultTls.get().trustManager();
  }

  /**
   * Returns the custom hostname verifier, or null when the JDK verifies host names during the
   * handshake (the default, per RFC 2818).
   */
  public @Nullable HostnameVerifier hostnameVerifier() {
    return hostnameVerifier;
  }

  /** Returns the certificate pinner; {@link CertificatePinner#DEFAULT} pins nothing. */
  public CertificatePinner certificatePinner() {
    return certificatePinner;
  }

  /** Returns the allowed kinds of connection: TLS specs in order of preference, and cleartext. */
  public List<ConnectionSpec> connectionSpecs() {
    return connectionSpecs;
  }

  /** Returns the protocols offered, most preferred first. */
  public List<Protocol> protocols() {
    return protocols;
  }

  /** Returns the interval of HTTP/2 keep-alive PINGs in milliseconds; 0 means none. */
  public int pingIntervalMillis() {
    return pingIntervalMillis;
  }

  /** Returns the whole-call timeout in milliseconds; 0 means none. */
  public int callTimeoutMillis() {
    return callTimeoutMillis;
  }

  /** Returns the connect timeout in milliseconds; 0 means none. */
  public int connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  /** Returns the read timeout in milliseconds; 0 means none. */
  public int readTimeoutMillis() {
    return readTimeoutMillis;
  }

  /** Returns the write timeout in milliseconds; 0 means none. */
  public int writeTimeoutMillis() {
    return writeTimeoutMillis;
  }

  /** Returns true if connections race IPv6 and IPv4 addresses (happy eyeballs). */
  public boolean fastFallback() {
    return fastFallback;
  }

  /** Returns the {@code User-Agent} sent when a request sets none. */
  public String userAgent() {
    return userAgent;
  }

  /**
   * Returns the most bytes a transparently decompressed (gzip) response body may inflate to, or 0
   * for no limit (the default).
   */
  public long maxDecompressedSize() {
    return maxDecompressedSize;
  }

  /**
   * Returns how many times its compressed size a transparently decompressed (gzip) response body
   * may inflate to once past 1 MiB, or 0 for no limit. Default 100.
   */
  public int maxDecompressionRatio() {
    return maxDecompressionRatio;
  }
  /**
   * Returns the headers removed, besides {@code Authorization}, {@code Cookie} and
   * {@code Proxy-Authorization}, when a redirect takes a request to another origin.
   */
  public List<String> sensitiveHeaders() {
    return sensitiveHeaders;
  }


  /** Configures a {@link CourierClient}. Not thread-safe. */
  public static final class Builder {
    Dispatcher dispatcher = new Dispatcher();
    ConnectionPool connectionPool = new ConnectionPool();
    final List<Interceptor> interceptors = new ArrayList<>();
    final List<Interceptor> networkInterceptors = new ArrayList<>();
    EventListener.Factory eventListenerFactory = call -> EventListener.NONE;
    boolean retryOnConnectionFailure = true;
    boolean retryNonIdempotentRequests = false;
    Authenticator authenticator = Authenticator.NONE;
    boolean followRedirects = true;
    boolean followSslRedirects = false;
    CookieJar cookieJar = CookieJar.NO_COOKIES;
    @Nullable Cache cache;
    Dns dns = Dns.SYSTEM;
    @Nullable Proxy proxy;
    @Nullable ProxySelector proxySelector;
    Authenticator proxyAuthenticator = Authenticator.NONE;
    SocketFactory socketFactory = SocketFactory.getDefault();
    @Nullable SSLSocketFactory sslSocketFactoryOrNull;
    @Nullable X509TrustManager x509TrustManagerOrNull;
    @Nullable HostnameVerifier hostnameVerifier;
    CertificatePinner certificatePinner = CertificatePinner.DEFAULT;
    List<ConnectionSpec> connectionSpecs =
        List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);
    List<Protocol> protocols = List.of(Protocol.HTTP_2, Protocol.HTTP_1_1);
    int pingIntervalMillis = 0;
    int callTimeoutMillis = 0;
    int connectTimeoutMillis = 10_000;
    int readTimeoutMillis = 10_000;
    int writeTimeoutMillis = 10_000;
    boolean fastFallback = true;
    String userAgent = Version.USER_AGENT;
    long maxDecompressedSize = 0;
    int maxDecompressionRatio = 100;
    List<String> sensitiveHeaders = List.of();
    final Map<String, ServiceInstances> services = new LinkedHashMap<>();

    /** Creates a builder with the default settings. */
    public Builder() {
    }

    Builder(CourierClient client) {
      this.dispatcher = client.dispatcher;
      this.connectionPool = client.connectionPool;
      this.interceptors.addAll(client.interceptors);
      this.networkInterceptors.addAll(client.networkInterceptors);
      this.eventListenerFactory = client.eventListenerFactory;
      this.retryOnConnectionFailure = client.retryOnConnectionFailure;
      this.retryNonIdempotentRequests = client.retryNonIdempotentRequests;
      this.authenticator = client.authenticator;
      this.followRedirects = client.followRedirects;
      this.followSslRedirects = client.followSslRedirects;
      this.cookieJar = client.cookieJar;
      this.cache = client.cache;
      this.dns = client.dns;
      this.proxy = client.proxy;
      this.proxySelector = client.proxySelector;
      this.proxyAuthenticator = client.proxyAuthenticator;
      this.socketFactory = client.socketFactory;
      this.sslSocketFactoryOrNull = client.sslSocketFactoryOrNull;
      this.x509TrustManagerOrNull = client.x509TrustManagerOrNull;
      this.hostnameVerifier = client.hostnameVerifier;
      this.certificatePinner = client.certificatePinner;
      this.connectionSpecs = client.connectionSpecs;
      this.protocols = client.protocols;
      this.pingIntervalMillis = client.pingIntervalMillis;
      this.callTimeoutMillis = client.callTimeoutMillis;
      this.connectTimeoutMillis = client.connectTimeoutMillis;
      this.readTimeoutMillis = client.readTimeoutMillis;
      this.writeTimeoutMillis = client.writeTimeoutMillis;
      this.fastFallback = client.fastFallback;
      this.userAgent = client.userAgent;
      this.maxDecompressedSize = client.maxDecompressedSize;
      this.maxDecompressionRatio = client.maxDecompressionRatio;
      this.sensitiveHeaders = client.sensitiveHeaders;
      for (ServiceInstances service : client.services) service(service);
    }

    /**
     * Sets the timeout for opening a TCP connection and completing the TLS handshake; 0 means
     * none. Default 10 s.
     *
     * @throws IllegalArgumentException if negative, below 1 ms, or above {@code Integer.MAX_VALUE} ms
     */
    public Builder connectTimeout(Duration duration) {
      connectTimeoutMillis = TimeoutMillis.check("connectTimeout", duration);
      return this;
    }

    /** Sets the connect timeout; see {@link #connectTimeout(Duration)}. */
    public Builder connectTimeout(long timeout, TimeUnit unit) {
      connectTimeoutMillis = TimeoutMillis.check("connectTimeout", timeout, unit);
      return this;
    }

    /**
     * Sets how long a read may wait for data, on the connection and on the response body; 0
     * means none. Default 10 s.
     *
     * @throws IllegalArgumentException if negative, below 1 ms, or above {@code Integer.MAX_VALUE} ms
     */
    public Builder readTimeout(Duration duration) {
      readTimeoutMillis = TimeoutMillis.check("readTimeout", duration);
      return this;
    }

    /** Sets the read timeout; see {@link #readTimeout(Duration)}. */
    public Builder readTimeout(long timeout, TimeUnit unit) {
      readTimeoutMillis = TimeoutMillis.check("readTimeout", timeout, unit);
      return this;
    }

    /**
     * Sets how long one write may block; 0 means none. Default 10 s.
     *
     * @throws IllegalArgumentException if negative, below 1 ms, or above {@code Integer.MAX_VALUE} ms
     */
    public Builder writeTimeout(Duration duration) {
      writeTimeoutMillis = TimeoutMillis.check("writeTimeout", duration);
      return this;
    }

    /** Sets the write timeout; see {@link #writeTimeout(Duration)}. */
    public Builder writeTimeout(long timeout, TimeUnit unit) {
      writeTimeoutMillis = TimeoutMillis.check("writeTimeout", timeout, unit);
      return this;
    }

    /**
     * Sets a limit on the whole call: DNS, connecting, writing, waiting and reading the body,
     * across redirects and retries; 0 means none (the default).
     *
     * @throws IllegalArgumentException if negative, below 1 ms, or above {@code Integer.MAX_VALUE} ms
     */
    public Builder callTimeout(Duration duration) {
      callTimeoutMillis = TimeoutMillis.check("callTimeout", duration);
      return this;
    }

    /** Sets the call timeout; see {@link #callTimeout(Duration)}. */
    public Builder callTimeout(long timeout, TimeUnit unit) {
      callTimeoutMillis = TimeoutMillis.check("callTimeout", timeout, unit);
      return this;
    }

    /** Adds an application interceptor, which sees each call once. */
    public Builder addInterceptor(Interceptor interceptor) {
      if (interceptor == null) throw new IllegalArgumentException("interceptor == null");
      interceptors.add(interceptor);
      return this;
    }

    /** Adds a network interceptor, which sees each request put on the wire. */
    public Builder addNetworkInterceptor(Interceptor interceptor) {
      if (interceptor == null) throw new IllegalArgumentException("interceptor == null");
      networkInterceptors.add(interceptor);
      return this;
    }

    /** Returns the application interceptors, modifiable, to remove or reorder them. */
    public List<Interceptor> interceptors() {
      return interceptors;
    }

    /** Returns the network interceptors, modifiable, to remove or reorder them. */
    public List<Interceptor> networkInterceptors() {
      return networkInterceptors;
    }

    /** Sets a factory creating an event listener per call. */
    public Builder eventListenerFactory(EventListener.Factory eventListenerFactory) {
      if (eventListenerFactory == null) {
        throw new IllegalArgumentException("eventListenerFactory == null");
      }
      this.eventListenerFactory = eventListenerFactory;
      return this;
    }

    /** Sets one event listener for every call. */
    public Builder eventListener(EventListener eventListener) {
      if (eventListener == null) throw new IllegalArgumentException("eventListener == null");
      this.eventListenerFactory = call -> eventListener;
      return this;
    }

    /** Sets the dispatcher running asynchronous calls; share one to share its limits. */
    public Builder dispatcher(Dispatcher dispatcher) {
      if (dispatcher == null) throw new IllegalArgumentException("dispatcher == null");
      this.dispatcher = dispatcher;
      return this;
    }

    /**
     * Runs asynchronous calls on virtual threads ({@code true}) or a pool of platform threads
     * ({@code false}, the default), replacing any dispatcher set before.
     *
     * @throws IllegalStateException if {@code true} on Java versions before 21
     */
    public Builder virtualThreads(boolean virtualThreads) {
      this.dispatcher = virtualThreads ? Dispatcher.ofVirtualThreads() : new Dispatcher();
      return this;
    }

    /** Sets the connection pool; share one between clients to share connections. */
    public Builder connectionPool(ConnectionPool connectionPool) {
      if (connectionPool == null) throw new IllegalArgumentException("connectionPool == null");
      this.connectionPool = connectionPool;
      return this;
    }

    /** Sets the response cache, or null for none (the default). */
    public Builder cache(@Nullable Cache cache) {
      this.cache = cache;
      return this;
    }

    /** Sets the cookie jar; by default cookies are neither sent nor stored. */
    public Builder cookieJar(CookieJar cookieJar) {
      if (cookieJar == null) throw new IllegalArgumentException("cookieJar == null");
      this.cookieJar = cookieJar;
      return this;
    }

    /** Sets the DNS resolver; by default the operating system's. */
    public Builder dns(Dns dns) {
      if (dns == null) throw new IllegalArgumentException("dns == null");
      this.dns = dns;
      return this;
    }

    /**
     * Sets the proxy for every connection; {@link Proxy#NO_PROXY} connects directly. By default
     * (null) the {@link #proxySelector} chooses.
     */
    public Builder proxy(@Nullable Proxy proxy) {
      this.proxy = proxy;
      return this;
    }

    /** Sets the proxy selector used when no proxy is set; by default the JVM's. */
    public Builder proxySelector(ProxySelector proxySelector) {
      if (proxySelector == null) throw new IllegalArgumentException("proxySelector == null");
      this.proxySelector = proxySelector;
      return this;
    }

    /**
     * Sets the authenticator answering 401 challenges; none by default. It is asked at most 3
     * times per call; the 401 after that is returned as it is.
     */
    public Builder authenticator(Authenticator authenticator) {
      if (authenticator == null) throw new IllegalArgumentException("authenticator == null");
      this.authenticator = authenticator;
      return this;
    }

    /**
     * Sets the authenticator answering 407 challenges from proxies, including the proxy's answer
     * to the {@code CONNECT} that tunnels https; none by default. It is asked at most 3 times per
     * call, and per tunnel.
     */
    public Builder proxyAuthenticator(Authenticator proxyAuthenticator) {
      if (proxyAuthenticator == null) {
        throw new IllegalArgumentException("proxyAuthenticator == null");
      }
      this.proxyAuthenticator = proxyAuthenticator;
      return this;
    }

    /** Sets the factory for TCP sockets. */
    public Builder socketFactory(SocketFactory socketFactory) {
      if (socketFactory == null) throw new IllegalArgumentException("socketFactory == null");
      if (socketFactory instanceof SSLSocketFactory) {
        throw new IllegalArgumentException("socketFactory must not be an SSLSocketFactory; use "
            + "sslSocketFactory(SSLSocketFactory, X509TrustManager)");
      }
      this.socketFactory = socketFactory;
      return this;
    }

    /**
     * Sets the TLS socket factory and the trust manager it uses, for custom trust stores or
     * client certificates.
     */
    public Builder sslSocketFactory(SSLSocketFactory sslSocketFactory,
        X509TrustManager trustManager) {
      if (sslSocketFactory == null) throw new IllegalArgumentException("sslSocketFactory == null");
      if (trustManager == null) throw new IllegalArgumentException("trustManager == null");
      this.sslSocketFactoryOrNull = sslSocketFactory;
      this.x509TrustManagerOrNull = trustManager;
      return this;
    }

    /**
     * Sets a hostname verifier to use instead of the JDK's built-in check (RFC 2818), or null to
     * restore the built-in one.
     */
    public Builder hostnameVerifier(@Nullable HostnameVerifier hostnameVerifier) {
      this.hostnameVerifier = hostnameVerifier;
      return this;
    }

    /**
     * Sets the certificate pins https servers must match; {@link CertificatePinner#DEFAULT} (the
     * default) pins nothing.
     */
    public Builder certificatePinner(CertificatePinner certificatePinner) {
      if (certificatePinner == null) {
        throw new IllegalArgumentException("certificatePinner == null");
      }
      this.certificatePinner = certificatePinner;
      return this;
    }

    /**
     * Sets the allowed kinds of connection: TLS specs for https, tried in order when a handshake
     * fails, and {@link ConnectionSpec#CLEARTEXT} to allow http at all. Default
     * {@link ConnectionSpec#MODERN_TLS} and {@link ConnectionSpec#CLEARTEXT}; use
     * {@code List.of(ConnectionSpec.RESTRICTED_TLS)} for https-only with AEAD suites only.
     *
     * @throws IllegalArgumentException if the list is null or empty, or holds null or a spec
     *     twice
     */
    public Builder connectionSpecs(List<ConnectionSpec> connectionSpecs) {
      if (connectionSpecs == null) throw new IllegalArgumentException("connectionSpecs == null");
      if (connectionSpecs.isEmpty()) {
        throw new IllegalArgumentException("connectionSpecs must not be empty: " + connectionSpecs);
      }
      List<ConnectionSpec> seen = new ArrayList<>(connectionSpecs.size());
      for (ConnectionSpec spec : connectionSpecs) {
        if (spec == null) {
          throw new IllegalArgumentException("connectionSpecs must not hold null: "
              + connectionSpecs);
        }
        if (seen.contains(spec)) {
          throw new IllegalArgumentException("connectionSpecs holds " + spec + " twice: "
              + connectionSpecs);
        }
        seen.add(spec);
      }
      this.connectionSpecs = List.copyOf(seen);
      return this;
    }

    /**
     * Sets the protocols the client speaks, most preferred first. Default
     * {@code [HTTP_2, HTTP_1_1]}: over TLS the server chooses one with ALPN (a server that
     * doesn't answer ALPN gets HTTP/1.1); in cleartext the client speaks HTTP/1.1. An HTTP/2
     * connection carries many calls to its origin at once, up to the server's
     * {@code SETTINGS_MAX_CONCURRENT_STREAMS}.
     *
     * <p>{@code List.of(Protocol.H2_PRIOR_KNOWLEDGE)} speaks HTTP/2 in cleartext without an
     * upgrade (h2c) to every http URL, for servers known to speak it; it must be alone in the
     * list. Over TLS such a client offers only {@code h2} with ALPN.
     *
     * <pre>{@code
     * new CourierClient.Builder().protocols(List.of(Protocol.HTTP_1_1)).build(); // no HTTP/2
     * }</pre>
     *
     * @throws IllegalArgumentException naming the list if it holds null, HTTP/1.0 or a protocol
     *     twice, lacks HTTP/1.1 (unless it is {@code [H2_PRIOR_KNOWLEDGE]}), or holds
     *     {@code H2_PRIOR_KNOWLEDGE} with other protocols
     */
    public Builder protocols(List<Protocol> protocols) {
      if (protocols == null) throw new IllegalArgumentException("protocols == null");
      List<Protocol> seen = new ArrayList<>(protocols.size());
      for (Protocol protocol : protocols) {
        if (protocol == null) {
          throw new IllegalArgumentException("protocols must not contain null: " + protocols);
        }
        if (seen.contains(protocol)) {
          throw new IllegalArgumentException("protocols holds " + protocol + " twice: "
              + protocols);
        }
        seen.add(protocol);
      }
      if (seen.contains(Protocol.H2_PRIOR_KNOWLEDGE) && seen.size() > 1) {
        throw new IllegalArgumentException("protocols containing h2_prior_knowledge cannot use "
            + "other protocols: " + protocols);
      }
      if (!seen.contains(Protocol.H2_PRIOR_KNOWLEDGE) && !seen.contains(Protocol.HTTP_1_1)) {
        throw new IllegalArgumentException("protocols must contain h2_prior_knowledge or "
            + "http/1.1: " + protocols);
      }
      if (seen.contains(Protocol.HTTP_1_0)) {
        throw new IllegalArgumentException("protocols must not contain http/1.0: " + protocols);
      }
      this.protocols = List.copyOf(seen);
      return this;
    }

    /**
     * Sets how often an HTTP/2 connection sends a PING to keep itself alive and to find out
     * whether the server still answers; 0, the default, sends none. A connection whose PING is
     * still unanswered when the next is due has failed: its calls fail and it is never used
     * again. HTTP/1.1 connections are not affected.
     *
     * @throws IllegalArgumentException if negative, below 1 ms, or above {@code Integer.MAX_VALUE} ms
     */
    public Builder pingInterval(Duration interval) {
      pingIntervalMillis = TimeoutMillis.check("pingInterval", interval);
      return this;
    }

    /** Sets the ping interval; see {@link #pingInterval(Duration)}. */
    public Builder pingInterval(long interval, TimeUnit unit) {
      pingIntervalMillis = TimeoutMillis.check("pingInterval", interval, unit);
      return this;
    }

    /** Sets whether redirects are followed (default true). */
    public Builder followRedirects(boolean followRedirects) {
      this.followRedirects = followRedirects;
      return this;
    }

    /**
     * Sets whether a redirect from https to http is followed. Default false: unlike OkHttp,
     * Courier does not downgrade a secure request to cleartext unless asked.
     */
    public Builder followSslRedirects(boolean followSslRedirects) {
      this.followSslRedirects = followSslRedirects;
      return this;
    }

    /**
     * Sets whether a failed connection is retried where safe (default true): over another route,
     * or on a fresh connection when a pooled one went stale; a request that may have reached the
     * server is retried only if its method is idempotent (see
     * {@link #retryNonIdempotentRequests}) and its body can be sent again, and after a failure on
     * a fresh connection at most once. Failures that another attempt can't fix are never retried:
     * a rejected certificate or pin, a protocol error, a read or write timeout. When false, a
     * failed connect is not followed by another route either.
     *
     * <p>A call to a {@linkplain #service service} retries on another instance, one it has not
     * tried while there is one, under the same rules, at most 3 times (fewer if the service has
     * no instance or route left to try).
     */
    public Builder retryOnConnectionFailure(boolean retryOnConnectionFailure) {
      this.retryOnConnectionFailure = retryOnConnectionFailure;
      return this;
    }

    /**
     * Sets whether a request that may already have reached the server is retried after a
     * connection failure even if its method is not idempotent, as OkHttp does. Default false:
     * only GET, HEAD, OPTIONS, PUT, DELETE and TRACE are, because repeating a POST the server
     * already acted on may, say, place an order twice. Either way a one-shot body is never sent
     * twice, and nothing is retried when {@link #retryOnConnectionFailure} is off.
     */
    public Builder retryNonIdempotentRequests(boolean retryNonIdempotentRequests) {
      this.retryNonIdempotentRequests = retryNonIdempotentRequests;
      return this;
    }

    /**
     * Sets whether connection attempts race a host's addresses, starting another every 250 ms
     * (default true), or try them one after another.
     */
    public Builder fastFallback(boolean fastFallback) {
      this.fastFallback = fastFallback;
      return this;
    }

    /**
     * Sets the {@code User-Agent} sent when a request sets none; default {@code courier/<version>}.
     *
     * @throws IllegalArgumentException if the value holds control characters
     */
    public Builder userAgent(String userAgent) {
      if (userAgent == null) throw new IllegalArgumentException("userAgent == null");
      Headers.checkValue(userAgent, "User-Agent");
      this.userAgent = userAgent;
      return this;
    }

    /**
     * Sets the most bytes a response body that the client decompresses transparently (it asked
     * for gzip because the request named no {@code Accept-Encoding}) may inflate to; 0, the
     * default, means no limit. Reading past it fails the body with a {@code ProtocolException}.
     * Bodies the caller asked to be encoded are returned compressed and never limited.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxDecompressedSize(long bytes) {
      if (bytes < 0) throw new IllegalArgumentException("maxDecompressedSize < 0: " + bytes);
      this.maxDecompressedSize = bytes;
      return this;
    }

    /**
     * Sets how many times its compressed size a transparently decompressed (gzip) response body
     * may inflate to; 0 means no limit. Default 100: ordinary text and JSON compress 5 to 20
     * times, while a decompression bomb inflates about 1,000 times. The ratio applies only once
     * a body has inflated past 1 MiB, so small repetitive bodies always pass. Reading past it
     * fails the body with a {@code ProtocolException} naming the setting.
     *
     * <pre>{@code
     * new CourierClient.Builder()
     *     .maxDecompressionRatio(1_000)           // a service sending very sparse data
     *     .maxDecompressedSize(512L * 1024 * 1024) // and never more than 512 MiB
     *     .build();
     * }</pre>
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxDecompressionRatio(int ratio) {
      if (ratio < 0) throw new IllegalArgumentException("maxDecompressionRatio < 0: " + ratio);
      this.maxDecompressionRatio = ratio;
      return this;
    }

    /**
     * Names headers that, like {@code Authorization}, {@code Cookie} and
     * {@code Proxy-Authorization} (always removed), are removed from a request when a redirect
     * takes it to another origin (scheme, host or port): an API key or a tenant header meant for
     * one service must not follow a redirect to another. Replaces the names set before; none by
     * default.
     *
     * @throws IllegalArgumentException if the list is null or holds an invalid header name
     */
    public Builder sensitiveHeaders(List<String> sensitiveHeaders) {
      if (sensitiveHeaders == null) {
        throw new IllegalArgumentException("sensitiveHeaders == null");
      }
      for (String name : sensitiveHeaders) {
        if (name == null) throw new IllegalArgumentException("sensitiveHeaders holds null");
        Headers.checkName(name);
      }
      this.sensitiveHeaders = List.copyOf(sensitiveHeaders);
      return this;
    }

    /**
     * Routes calls to {@code service}: a request whose host is the service's name (in any case),
     * such as {@code http://catalog/items/42} for a service named {@code catalog}, goes to one of
     * its instances, with the request's path and query. Each attempt picks an instance: the first,
     * each retry, each follow-up to the service (a relative redirect stays in it) and each hedge.
     * The URL's port plays no part; an https request only goes to https instances.
     *
     * <pre>{@code
     * ServiceInstances catalog = ServiceInstances.of("catalog",
     *     "http://10.0.0.1:8080", "http://10.0.0.2:8080", "http://10.0.0.3:8080");
     * CourierClient client = new CourierClient.Builder().service(catalog).build();
     * client.newCall(new Request.Builder().url("http://catalog/items/42").build()).execute();
     * }</pre>
     *
     * <p>Calls and the rest of the engine see the service's URL: the cache keys on it, cookies
     * are for it, redirects resolve against it, and the response's {@link Response#request()}
     * names it. Network interceptors and the server see the instance's: the {@code Host} header
     * names the instance, unless the request sets one that is not the service's name. Retries,
     * ejection and hedging follow the service's settings; see {@link ServiceInstances}. The
     * {@linkplain Dispatcher#setMaxRequestsPerHost per-host limit} of asynchronous calls applies
     * per instance.
     *
     * <p>Add each service once; a service with the name of one added before replaces it. Clients
     * made with {@link CourierClient#newBuilder()} route to the same services, sharing their
     * state: instances, latencies and ejections are the service's, whatever client calls it.
     *
     * @throws IllegalArgumentException if {@code service} is null
     */
    public Builder service(ServiceInstances service) {
      if (service == null) throw new IllegalArgumentException("service == null");
      services.put(service.name().toLowerCase(Locale.ROOT), service);
      return this;
    }

    /** Returns a client with these settings. */
    public CourierClient build() {
      return new CourierClient(this);
    }
  }
}
