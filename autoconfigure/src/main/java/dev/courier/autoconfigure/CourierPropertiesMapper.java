package dev.courier.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.unit.DataSize;

import dev.courier.Cache;
import dev.courier.ConnectionPool;
import dev.courier.CourierClient;
import dev.courier.Dispatcher;
import dev.courier.Headers;
import dev.courier.Protocol;

/**
 * Maps validated {@link ClientProperties} onto a {@link CourierClient.Builder}: the one mapper for
 * the shared client ({@code courier.*}) and every service ({@code courier.services.<name>.*}). A
 * value left unset keeps what the builder has, which for a service is the shared client's, since
 * its builder comes from {@link CourierClient#newBuilder()}. Where a service sets a pool,
 * dispatcher or cache key, it gets a resource of its own, completed from {@code courier.*}.
 */
final class CourierPropertiesMapper {
  private final CourierProperties root;
  private final @Nullable SslBundles sslBundles;
  private final @Nullable UnaryOperator<Runnable> taskDecorator;
  private final boolean virtualThreadsByDefault;

  /**
   * Creates a mapper.
   *
   * @param root {@code courier.*}, which services inherit from
   * @param sslBundles the bundles {@code ssl.bundle} names, if Boot's SSL support is present
   * @param taskDecorator applied to every dispatcher made here, to carry the caller's context
   * @param virtualThreadsByDefault whether dispatchers use virtual threads when
   *     {@code dispatcher.virtual-threads} is unset ({@code spring.threads.virtual.enabled})
   */
  CourierPropertiesMapper(CourierProperties root, @Nullable SslBundles sslBundles,
      @Nullable UnaryOperator<Runnable> taskDecorator, boolean virtualThreadsByDefault) {
    this.root = root;
    this.sslBundles = sslBundles;
    this.taskDecorator = taskDecorator;
    this.virtualThreadsByDefault = virtualThreadsByDefault;
  }

  /** Returns a builder for the shared client: its settings, dispatcher, pool and cache. */
  CourierClient.Builder sharedBuilder() {
    CourierClient.Builder builder = new CourierClient.Builder()
        .dispatcher(dispatcher(root.getDispatcher()))
        .connectionPool(pool(root.getPool()));
    if (Boolean.TRUE.equals(root.getCache().getEnabled())) {
      builder.cache(cache("courier.cache.directory", root.getCache()));
    }
    applySettings(root, builder);
    builder.sensitiveHeaders(List.copyOf(sensitiveHeaders(root)));
    return builder;
  }

  /**
   * Applies a service's settings to {@code builder}, which was derived from the shared client.
   * Returns the resources the service owns (its own pool, dispatcher or cache), which its owner
   * must close, as a client holding them, or null if it owns none.
   */
  @Nullable CourierClient applyService(String name, CourierServiceProperties service,
      CourierClient.Builder builder) {
    CourierClient.Builder owned = null;
    if (service.getPool().anySet()) {
      ConnectionPool pool = pool(service.getPool());
      builder.connectionPool(pool);
      owned = new CourierClient.Builder().connectionPool(pool);
    }
    if (service.getDispatcher().anySet()) {
      Dispatcher dispatcher = dispatcher(service.getDispatcher());
      builder.dispatcher(dispatcher);
      owned = (owned != null ? owned : new CourierClient.Builder()).dispatcher(dispatcher);
    }
    ClientProperties.Cache cache = service.getCache();
    if (Boolean.FALSE.equals(cache.getEnabled())) {
      builder.cache(null);
    } else if (cache.getDirectory() != null) {
      Cache own = cache("courier.services." + name + ".cache.directory", cache);
      builder.cache(own);
      owned = (owned != null ? owned : new CourierClient.Builder()).cache(own);
    }
    applySettings(service, builder);
    Set<String> sensitive = sensitiveHeaders(root);
    sensitive.addAll(sensitiveHeaders(service));
    builder.sensitiveHeaders(List.copyOf(sensitive));
    return owned == null ? null : owned.build();
  }

  private void applySettings(ClientProperties settings, CourierClient.Builder builder) {
    PropertyMapper map = PropertyMapper.get();
    map.from(settings::getConnectTimeout).to(builder::connectTimeout);
    map.from(settings::getReadTimeout).to(builder::readTimeout);
    map.from(settings::getWriteTimeout).to(builder::writeTimeout);
    map.from(settings::getCallTimeout).to(builder::callTimeout);
    map.from(settings::getFollowRedirects).to(builder::followRedirects);
    map.from(settings::getFollowSslRedirects).to(builder::followSslRedirects);
    map.from(settings::getRetryOnConnectionFailure).to(builder::retryOnConnectionFailure);
    map.from(settings::getFastFallback).to(builder::fastFallback);
    map.from(settings::getUserAgent).to(builder::userAgent);
    map.from(settings::getProtocols).as(CourierPropertiesMapper::protocols).to(builder::protocols);
    map.from(settings.getHttp2()::getPingInterval).to(builder::pingInterval);
    String bundle = settings.getSsl().getBundle();
    if (bundle != null) {
      SslBundleSettings.apply(Objects.requireNonNull(sslBundles, "sslBundles").getBundle(bundle),
          builder);
    }
    ClientProperties.Proxy proxy = settings.getProxy();
    if (proxy.getType() != null) builder.proxy(proxy(proxy));
    if (!settings.getDefaultHeaders().isEmpty()) {
      builder.interceptors().add(0,
          new DefaultHeadersInterceptor(Headers.of(settings.getDefaultHeaders())));
    }
  }

  /** Returns {@code ids} as protocols; validated before, so each is known. */
  static List<Protocol> protocols(List<String> ids) {
    List<Protocol> result = new ArrayList<>(ids.size());
    for (String id : ids) {
      Protocol protocol = protocol(id);
      if (protocol == null) throw new IllegalArgumentException("Unknown protocol: " + id);
      result.add(protocol);
    }
    return result;
  }

  /**
   * Returns the protocol {@code id} names, by its identifier ({@code h2}, {@code http/1.1},
   * {@code h2_prior_knowledge}) or its enum name ({@code http_2}, {@code http_1_1}), in any case;
   * or null if it names none.
   */
  static @Nullable Protocol protocol(@Nullable String id) {
    if (id == null) return null;
    String trimmed = id.trim();
    try {
      return Protocol.get(trimmed);
    } catch (IOException e) {
      for (Protocol protocol : Protocol.values()) {
        if (protocol.name().equalsIgnoreCase(trimmed.replace('-', '_'))) return protocol;
      }
      return null;
    }
  }

  private static java.net.Proxy proxy(ClientProperties.Proxy proxy) {
    java.net.Proxy.Type type = Objects.requireNonNull(proxy.getType(), "type");
    if (type == java.net.Proxy.Type.DIRECT) return java.net.Proxy.NO_PROXY;
    return new java.net.Proxy(type, InetSocketAddress.createUnresolved(
        Objects.requireNonNull(proxy.getHost(), "host"),
        Objects.requireNonNull(proxy.getPort(), "port")));
  }

  private static Set<String> sensitiveHeaders(ClientProperties settings) {
    Set<String> names = new LinkedHashSet<>(settings.getSensitiveHeaders());
    names.addAll(settings.getDefaultHeaders().keySet());
    return names;
  }

  private ConnectionPool pool(ClientProperties.Pool pool) {
    int maxIdle = orElse(pool.getMaxIdleConnections(), root.getPool().getMaxIdleConnections(), 5);
    Duration keepAlive = orElse(pool.getKeepAlive(), root.getPool().getKeepAlive(),
        Duration.ofMinutes(5));
    return new ConnectionPool(maxIdle, keepAlive);
  }

  private Dispatcher dispatcher(ClientProperties.Dispatcher settings) {
    ClientProperties.Dispatcher shared = root.getDispatcher();
    boolean virtual = orElse(settings.getVirtualThreads(), shared.getVirtualThreads(),
        virtualThreadsByDefault);
    Dispatcher dispatcher = virtual ? Dispatcher.ofVirtualThreads() : new Dispatcher();
    dispatcher.setMaxRequests(orElse(settings.getMaxRequests(), shared.getMaxRequests(), 64));
    dispatcher.setMaxRequestsPerHost(
        orElse(settings.getMaxRequestsPerHost(), shared.getMaxRequestsPerHost(), 5));
    if (taskDecorator != null) dispatcher.setTaskDecorator(taskDecorator);
    return dispatcher;
  }

  private Cache cache(String property, ClientProperties.Cache settings) {
    Path directory = Objects.requireNonNull(settings.getDirectory(), "validated: directory");
    DataSize maxSize = orElse(settings.getMaxSize(), root.getCache().getMaxSize(),
        DataSize.ofMegabytes(50));
    ClientProperties.Cache.Mode mode = orElse(settings.getMode(), root.getCache().getMode(),
        ClientProperties.Cache.Mode.SHARED);
    Cache cache = new Cache.Builder(directory, maxSize.toBytes())
        .shared(mode == ClientProperties.Cache.Mode.SHARED)
        .build();
    try {
      // Opening it now creates the directory owner-only and checks who owns it.
      cache.initialize();
    } catch (IOException | RuntimeException e) {
      cache.close();
      throw new CourierConfigurationException(property, directory,
          "The directory cannot be created or used as a cache: " + e.getMessage(),
          "Point " + property + " at a directory this process owns, or at a path where it can "
              + "create one (Courier makes it readable by its owner only), or set "
              + enabled(property) + " to false.", e);
    }
    return cache;
  }

  /** Returns the {@code cache.enabled} property beside the {@code cache.directory} one. */
  private static String enabled(String directoryProperty) {
    return directoryProperty.substring(0, directoryProperty.lastIndexOf('.')) + ".enabled";
  }

  private static <T> T orElse(@Nullable T value, @Nullable T inherited, T engineDefault) {
    if (value != null) return value;
    return inherited != null ? inherited : engineDefault;
  }
}
