package dev.courier.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.courier.CourierClient;
import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Protocol;

/**
 * Checks {@link CourierProperties} before any client is built, so that a bad value fails start-up
 * with the property's name and a fix rather than with the engine's {@code IllegalArgumentException}
 * deep inside bean creation.
 */
final class CourierPropertiesValidator {
  private static final String PREFIX = "courier.";

  private CourierPropertiesValidator() {
  }

  /** Checks the shared client's settings. */
  static void validateClient(CourierProperties properties) {
    checkTimeout(PREFIX + "connect-timeout", properties.getConnectTimeout());
    checkTimeout(PREFIX + "read-timeout", properties.getReadTimeout());
    checkTimeout(PREFIX + "write-timeout", properties.getWriteTimeout());
    checkTimeout(PREFIX + "call-timeout", properties.getCallTimeout());
    checkUserAgent(PREFIX + "user-agent", properties.getUserAgent());
    checkProtocols(PREFIX + "protocols", properties.getProtocols());
    checkPingInterval(properties.getHttp2().getPingInterval());
    checkPool(properties.getPool());
    checkDispatcher(properties.getDispatcher());
    checkCache(properties.getCache());
  }

  /** Checks every service's settings. */
  static void validateServices(CourierProperties properties) {
    properties.getServices().forEach(CourierPropertiesValidator::checkService);
  }

  private static void checkService(String name, CourierProperties.Service service) {
    if (name.equals(CourierServices.SHARED_CLIENT_NAME)) {
      throw new CourierConfigurationException(PREFIX + "services." + name, name,
          "The name '" + name + "' is reserved for the shared client in metrics, health and the "
              + "courier endpoint.",
          "Give the service another name under courier.services.");
    }
    String prefix = PREFIX + "services." + name + ".";
    checkBaseUrl(prefix + "base-url", service.getBaseUrl());
    checkOptionalTimeout(prefix + "connect-timeout", service.getConnectTimeout());
    checkOptionalTimeout(prefix + "read-timeout", service.getReadTimeout());
    checkOptionalTimeout(prefix + "write-timeout", service.getWriteTimeout());
    checkOptionalTimeout(prefix + "call-timeout", service.getCallTimeout());
    checkUserAgent(prefix + "user-agent", service.getUserAgent());
    if (service.getProtocols() != null) checkProtocols(prefix + "protocols", service.getProtocols());
    checkHeaders(prefix + "default-headers", service.getDefaultHeaders());
  }

  private static void checkOptionalTimeout(String property, @Nullable Duration timeout) {
    if (timeout != null) checkTimeout(property, timeout);
  }

  private static void checkTimeout(String property, @Nullable Duration timeout) {
    String fix = "Set " + property + " to 0 (no timeout) or a positive duration such as 10s.";
    if (timeout == null) {
      throw new CourierConfigurationException(property, null, "A timeout is required.", fix);
    }
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

  private static void checkProtocols(String property, @Nullable List<Protocol> protocols) {
    try {
      new CourierClient.Builder().protocols(protocols);
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, protocols,
          "It is not a list of protocols a client can speak: " + e.getMessage(),
          "Set " + property + " to http_2, http_1_1 (the default; either order, or http_1_1 "
              + "alone), or to h2_prior_knowledge alone for cleartext HTTP/2.", e);
    }
  }

  private static void checkPingInterval(@Nullable Duration interval) {
    String property = PREFIX + "http2.ping-interval";
    String fix = "Set " + property + " to 0 (no PINGs) or a positive duration such as 30s.";
    if (interval == null) {
      throw new CourierConfigurationException(property, null, "An interval is required.", fix);
    }
    try {
      new CourierClient.Builder().pingInterval(interval);
    } catch (IllegalArgumentException e) {
      throw new CourierConfigurationException(property, interval,
          "It is not a usable interval: " + e.getMessage(), fix, e);
    }
  }

  private static void checkBaseUrl(String property, @Nullable String baseUrl) {
    if (baseUrl == null) return;
    HttpUrl url = HttpUrl.parse(baseUrl);
    if (url == null) {
      throw new CourierConfigurationException(property, baseUrl,
          "A base URL must be an absolute http or https URL.",
          "Set " + property + " to a URL such as http://catalog:8080/api.");
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

  private static void checkPool(CourierProperties.Pool pool) {
    if (pool.getMaxIdleConnections() < 0) {
      throw new CourierConfigurationException(PREFIX + "pool.max-idle-connections",
          pool.getMaxIdleConnections(), "The number of idle connections must not be negative.",
          "Set courier.pool.max-idle-connections to 0 (keep none) or more.");
    }
    Duration keepAlive = pool.getKeepAlive();
    if (keepAlive == null || keepAlive.isNegative() || keepAlive.isZero()) {
      throw new CourierConfigurationException(PREFIX + "pool.keep-alive", keepAlive,
          "The keep-alive must be positive.",
          "Set courier.pool.keep-alive to a positive duration such as 5m, or "
              + "courier.pool.max-idle-connections to 0 to keep no idle connections.");
    }
  }

  private static void checkDispatcher(CourierProperties.Dispatcher dispatcher) {
    if (dispatcher.getMaxRequests() < 1) {
      throw new CourierConfigurationException(PREFIX + "dispatcher.max-requests",
          dispatcher.getMaxRequests(), "At least one call must be able to run.",
          "Set courier.dispatcher.max-requests to 1 or more (default 64).");
    }
    if (dispatcher.getMaxRequestsPerHost() < 1) {
      throw new CourierConfigurationException(PREFIX + "dispatcher.max-requests-per-host",
          dispatcher.getMaxRequestsPerHost(), "At least one call per host must be able to run.",
          "Set courier.dispatcher.max-requests-per-host to 1 or more (default 5).");
    }
    if (dispatcher.isVirtualThreads() && Runtime.version().feature() < 21) {
      throw new CourierConfigurationException(PREFIX + "dispatcher.virtual-threads", true,
          "Virtual threads need Java 21 or later, but this is Java "
              + Runtime.version().feature() + ".",
          "Run on Java 21 or later, or set courier.dispatcher.virtual-threads to false.");
    }
  }

  private static void checkCache(CourierProperties.Cache cache) {
    if (!cache.isEnabled()) return;
    if (cache.getDirectory() == null) {
      throw new CourierConfigurationException(PREFIX + "cache.directory", null,
          "The cache is enabled but has no directory.",
          "Set courier.cache.directory to a writable directory, or courier.cache.enabled to false.");
    }
    if (cache.getMaxSize() == null || cache.getMaxSize().toBytes() <= 0) {
      throw new CourierConfigurationException(PREFIX + "cache.max-size", cache.getMaxSize(),
          "The cache size must be positive.",
          "Set courier.cache.max-size to a size such as 50MB.");
    }
  }
}
