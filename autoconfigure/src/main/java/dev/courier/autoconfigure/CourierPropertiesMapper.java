package dev.courier.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.boot.context.properties.PropertyMapper;

import dev.courier.Cache;
import dev.courier.ConnectionPool;
import dev.courier.CourierClient;
import dev.courier.Dispatcher;

/**
 * Maps validated {@link CourierProperties} onto {@link CourierClient.Builder}s: the shared
 * client's settings and resources, and each service's overrides. Unset optional values leave the
 * engine's defaults (or the inherited setting) alone.
 */
final class CourierPropertiesMapper {

  private CourierPropertiesMapper() {
  }

  /**
   * Returns a builder with the shared settings, a new dispatcher and pool, and the cache if
   * enabled (opened, so its directory is created and checked).
   *
   * @throws CourierConfigurationException if the cache directory cannot be created or used
   */
  static CourierClient.Builder newClientBuilder(CourierProperties properties) {
    CourierClient.Builder builder = new CourierClient.Builder()
        .connectTimeout(properties.getConnectTimeout())
        .readTimeout(properties.getReadTimeout())
        .writeTimeout(properties.getWriteTimeout())
        .callTimeout(properties.getCallTimeout())
        .followRedirects(properties.isFollowRedirects())
        .followSslRedirects(properties.isFollowSslRedirects())
        .retryOnConnectionFailure(properties.isRetryOnConnectionFailure())
        .fastFallback(properties.isFastFallback())
        .protocols(properties.getProtocols())
        .pingInterval(properties.getHttp2().getPingInterval())
        .dispatcher(dispatcher(properties.getDispatcher()))
        .connectionPool(new ConnectionPool(properties.getPool().getMaxIdleConnections(),
            properties.getPool().getKeepAlive()));
    PropertyMapper map = PropertyMapper.get();
    map.from(properties::getUserAgent).to(builder::userAgent);
    if (properties.getCache().isEnabled()) builder.cache(cache(properties.getCache()));
    return builder;
  }

  /** Applies the overrides a service sets; unset ones keep what {@code builder} has. */
  static void applyServiceOverrides(CourierProperties.Service service,
      CourierClient.Builder builder) {
    PropertyMapper map = PropertyMapper.get();
    map.from(service::getConnectTimeout).to(builder::connectTimeout);
    map.from(service::getReadTimeout).to(builder::readTimeout);
    map.from(service::getWriteTimeout).to(builder::writeTimeout);
    map.from(service::getCallTimeout).to(builder::callTimeout);
    map.from(service::getFollowRedirects).to(builder::followRedirects);
    map.from(service::getFollowSslRedirects).to(builder::followSslRedirects);
    map.from(service::getRetryOnConnectionFailure).to(builder::retryOnConnectionFailure);
    map.from(service::getFastFallback).to(builder::fastFallback);
    map.from(service::getUserAgent).to(builder::userAgent);
    map.from(service::getProtocols).to(builder::protocols);
  }

  private static Dispatcher dispatcher(CourierProperties.Dispatcher properties) {
    Dispatcher dispatcher = properties.isVirtualThreads()
        ? Dispatcher.ofVirtualThreads()
        : new Dispatcher();
    dispatcher.setMaxRequests(properties.getMaxRequests());
    dispatcher.setMaxRequestsPerHost(properties.getMaxRequestsPerHost());
    return dispatcher;
  }

  private static Cache cache(CourierProperties.Cache properties) {
    Path directory = properties.getDirectory();
    if (directory == null) throw new IllegalStateException("validated before: no directory");
    Cache cache = new Cache.Builder(directory, properties.getMaxSize().toBytes())
        .shared(properties.getMode() == CourierProperties.Cache.Mode.SHARED)
        .build();
    try {
      // Opening it now creates the directory owner-only and checks who owns it.
      cache.initialize();
    } catch (IOException | RuntimeException e) {
      cache.close();
      throw new CourierConfigurationException("courier.cache.directory", directory,
          "The directory cannot be created or used as a cache: " + e.getMessage(),
          "Point courier.cache.directory at a directory this process owns, or at a path where "
              + "it can create one (Courier makes it readable by its owner only), or set "
              + "courier.cache.enabled to false.", e);
    }
    return cache;
  }
}
