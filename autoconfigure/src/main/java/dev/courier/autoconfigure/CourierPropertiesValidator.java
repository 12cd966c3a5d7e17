package dev.courier.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.unit.DataSize;

import dev.courier.CourierClient;
import dev.courier.Headers;

/**
 * Checks {@link ClientProperties} before any client is built, so that a bad value fails start-up
 * with the property's name and a fix rather than with the engine's
 * {@code IllegalArgumentException} deep inside bean creation. One validator for {@code courier.*}
 * and every {@code courier.services.<name>.*}: only values that are set are checked, since the
 * others are inherited and were checked where they were set.
 */
final class CourierPropertiesValidator {
  private final CourierProperties root;
  private final @Nullable SslBundles sslBundles;

  CourierPropertiesValidator(CourierProperties root, @Nullable SslBundles sslBundles) {
    this.root = root;
    this.sslBundles = sslBundles;
  }

  /** Checks the shared client's settings, {@code courier.*}. */
  void validateShared() {
    validate("courier.", root);
  }

  /** Checks every service's settings, {@code courier.services.<name>.*}. */
  void validateServices() {
    root.getServices().forEach(this::validateService);
  }

  private void validateService(String name, CourierServiceProperties service) {
    String prefix = "courier.services." + name + ".";
    if (name.equals(CourierServices.SHARED_CLIENT_NAME)) {
      throw new CourierConfigurationException("courier.services." + name, name,
          "The name '" + name + "' is reserved for the shared client in metrics, health and the "
              + "courier endpoint.",
          "Give the service another name under courier.services.");
    }
    InstancesPropertiesValidator.checkInstances(name, service);
    InstancesPropertiesValidator.checkBaseUrl(name, service);
    InstancesPropertiesValidator.checkSettings(name, service);
    validate(prefix, service);
    ClientProperties.Cache cache = service.getCache();
    boolean sharedCache = Boolean.TRUE.equals(root.getCache().getEnabled());
    if (Boolean.TRUE.equals(cache.getEnabled()) && cache.getDirectory() == null && !sharedCache) {
      throw new CourierConfigurationException(prefix + "cache.directory", null,
          "The service turns the cache on, but there is no shared cache (courier.cache.enabled) "
              + "and the service names no directory of its own.",
          "Set " + prefix + "cache.directory, or turn the shared cache on with "
              + "courier.cache.enabled and courier.cache.directory.");
    }
  }

  private void validate(String prefix, ClientProperties settings) {
    checkTimeout(prefix + "connect-timeout", settings.getConnectTimeout());
    checkTimeout(prefix + "read-timeout", settings.getReadTimeout());
    checkTimeout(prefix + "write-timeout", settings.getWriteTimeout());
    checkTimeout(prefix + "call-timeout", settings.getCallTimeout());
    checkUserAgent(prefix + "user-agent", settings.getUserAgent());
    checkProtocols(prefix + "protocols", settings.getProtocols());
    checkPingInterval(prefix + "http2.ping-interval", settings.getHttp2().getPingInterval());
    checkHeaders(prefix + "default-headers", settings.getDefaultHeaders());
    checkHeaderNames(prefix + "sensitive-headers", settings.getSensitiveHeaders());
    checkSslBundle(prefix + "ssl.bundle", settings.getSsl().getBundle());
    checkProxy(prefix + "proxy.", settings.getProxy());
    checkPool(prefix + "pool.", settings.getPool());
    checkDispatcher(prefix + "dispatcher.", settings.getDispatcher());
    checkCache(prefix + "cache.", settings.getCache(), settings == root);
  }

  private static void checkTimeout(String property, @Nullable Duration timeout) {
    if (timeout == null) return;
    String fix = "Set " + property + " to 0 (no timeout) or a positive duration such as 10s.";
    if (timeout.isNegative()) {
      throw new CourierConfigurationException(property, timeout,
          "A timeout must not be negative.", fix);
    }
    if (!timeout.isZero() && timeout.compareTo(Duration.ofMillis(1)) < 0) {
      throw new CourierConfigurationException(property, timeout,
          "Timeouts are measured in milliseconds; a non-zero timeout below 1ms would mean none.",
          fix);
    }
    if (timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new CourierConfigurationException(property, timeout,
          "A timeout may be at most " + Integer.MAX_VALUE + "ms (about 24 days).", fix);
    }
  }

  private static void checkUserAgent(String property, @Nullable String userAgent) {
    if (userAgent == null) return;
    try {
      new CourierClient.Builder().userAgent(userAgent);
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, userAgent,
          "It is not a valid header value: " + e.getMessage(),
          "Remove control characters and line breaks from " + property + ".", e);
    }
  }

  private static void checkProtocols(String property, @Nullable List<String> ids) {
    if (ids == null) return;
    String fix = "Set " + property + " to h2, http/1.1 (the default; either order, or http/1.1 "
        + "alone), or to h2_prior_knowledge alone for cleartext HTTP/2.";
    for (String id : ids) {
      if (CourierPropertiesMapper.protocol(id) == null) {
        throw new CourierConfigurationException(property, ids,
            "'" + id + "' is not a protocol Courier speaks (h2, http/1.1, h2_prior_knowledge).",
            fix);
      }
    }
    try {
      new CourierClient.Builder().protocols(CourierPropertiesMapper.protocols(ids));
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, ids,
          "It is not a list of protocols a client can speak: " + e.getMessage(), fix, e);
    }
  }

  private static void checkPingInterval(String property, @Nullable Duration interval) {
    if (interval == null) return;
    try {
      new CourierClient.Builder().pingInterval(interval);
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, interval,
          "It is not a usable interval: " + e.getMessage(),
          "Set " + property + " to 0 (no PINGs) or a positive duration such as 30s.", e);
    }
  }

  private static void checkHeaders(String property, Map<String, String> headers) {
    try {
      Headers.of(headers);
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, headers.keySet(),
          "A header name or value is not valid: " + e.getMessage(),
          "Use header names made of token characters and values without line breaks in "
              + property + ".", e);
    }
  }

  private static void checkHeaderNames(String property, List<String> names) {
    try {
      new CourierClient.Builder().sensitiveHeaders(names);
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, names,
          "A header name is not valid: " + e.getMessage(),
          "List header names made of token characters in " + property + ".", e);
    }
  }

  private void checkSslBundle(String property, @Nullable String bundle) {
    if (bundle == null) return;
    if (sslBundles == null) {
      throw new CourierConfigurationException(property, bundle,
          "Spring Boot's SSL bundles are not available in this application.",
          "Define the bundle under spring.ssl.bundle (Boot's SslAutoConfiguration provides "
              + "them), or remove " + property + ".");
    }
    try {
      sslBundles.getBundle(bundle);
    } catch (NoSuchSslBundleException e) {
      throw new CourierConfigurationException(property, bundle,
          "There is no SSL bundle named '" + bundle + "'; defined bundles: "
              + sslBundles.getBundleNames() + ".",
          "Define it under spring.ssl.bundle.pem." + bundle + " or spring.ssl.bundle.jks."
              + bundle + ", or correct " + property + ".", e);
    }
  }

  private static void checkProxy(String prefix, ClientProperties.Proxy proxy) {
    if (!proxy.anySet()) return;
    java.net.Proxy.Type type = proxy.getType();
    if (type == null) {
      throw new CourierConfigurationException(prefix + "type", null,
          "A proxy host or port is set, but not the kind of proxy.",
          "Set " + prefix + "type to http or socks (or direct for none).");
    }
    if (type == java.net.Proxy.Type.DIRECT) return;
    if (proxy.getHost() == null || proxy.getHost().isBlank()) {
      throw new CourierConfigurationException(prefix + "host", proxy.getHost(),
          "An " + type + " proxy needs a host.", "Set " + prefix + "host.");
    }
    Integer port = proxy.getPort();
    if (port == null || port < 1 || port > 65535) {
      throw new CourierConfigurationException(prefix + "port", port,
          "An " + type + " proxy needs a port from 1 to 65535.", "Set " + prefix + "port.");
    }
  }

  private static void checkPool(String prefix, ClientProperties.Pool pool) {
    Integer maxIdle = pool.getMaxIdleConnections();
    if (maxIdle != null && maxIdle < 0) {
      throw new CourierConfigurationException(prefix + "max-idle-connections", maxIdle,
          "The number of idle connections must not be negative.",
          "Set " + prefix + "max-idle-connections to 0 (keep none) or more.");
    }
    Duration keepAlive = pool.getKeepAlive();
    if (keepAlive != null && (keepAlive.isNegative() || keepAlive.isZero())) {
      throw new CourierConfigurationException(prefix + "keep-alive", keepAlive,
          "The keep-alive must be positive.",
          "Set " + prefix + "keep-alive to a positive duration such as 5m, or "
              + prefix + "max-idle-connections to 0 to keep no idle connections.");
    }
  }

  private static void checkDispatcher(String prefix, ClientProperties.Dispatcher dispatcher) {
    Integer maxRequests = dispatcher.getMaxRequests();
    if (maxRequests != null && maxRequests < 1) {
      throw new CourierConfigurationException(prefix + "max-requests", maxRequests,
          "At least one call must be able to run.",
          "Set " + prefix + "max-requests to 1 or more (default 64).");
    }
    Integer perHost = dispatcher.getMaxRequestsPerHost();
    if (perHost != null && perHost < 1) {
      throw new CourierConfigurationException(prefix + "max-requests-per-host", perHost,
          "At least one call per host must be able to run.",
          "Set " + prefix + "max-requests-per-host to 1 or more (default 5).");
    }
    if (Boolean.TRUE.equals(dispatcher.getVirtualThreads()) && Runtime.version().feature() < 21) {
      throw new CourierConfigurationException(prefix + "virtual-threads", true,
          "Virtual threads need Java 21 or later, but this is Java "
              + Runtime.version().feature() + ".",
          "Run on Java 21 or later, or set " + prefix + "virtual-threads to false.");
    }
  }

  private static void checkCache(String prefix, ClientProperties.Cache cache, boolean shared) {
    DataSize maxSize = cache.getMaxSize();
    if (maxSize != null && maxSize.toBytes() <= 0) {
      throw new CourierConfigurationException(prefix + "max-size", maxSize,
          "The cache size must be positive.",
          "Set " + prefix + "max-size to a size such as 50MB.");
    }
    if (shared && Boolean.TRUE.equals(cache.getEnabled()) && cache.getDirectory() == null) {
      throw new CourierConfigurationException(prefix + "directory", null,
          "The cache is enabled but has no directory.",
          "Set " + prefix + "directory to a writable directory, or " + prefix
              + "enabled to false.");
    }
  }
}
