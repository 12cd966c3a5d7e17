package dev.courier.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.courier.logging.LoggingInterceptor;

/**
 * Configuration of the shared Courier client and its named services, bound from
 * {@code courier.*}. The shared client's settings are those of {@link ClientProperties}, with the
 * engine's defaults, so an empty configuration gives the same client as
 * {@code new CourierClient()}; each {@code courier.services.<name>} has the same settings (a
 * {@link CourierServiceProperties}), inherited from here where unset.
 *
 * <pre>{@code
 * courier:
 *   read-timeout: 5s
 *   services:
 *     catalog:
 *       base-url: http://catalog:8080/api/
 *       read-timeout: 2s
 *       default-headers: { X-Client: my-service }
 * }</pre>
 *
 * <p>A key under {@code courier.} that none of these classes declares stops start-up, naming it
 * and the nearest known key. Values are checked when the clients are built; a bad one stops
 * start-up with a {@link CourierConfigurationException} naming the property.
 */
@ConfigurationProperties(prefix = "courier", ignoreUnknownFields = false)
public class CourierProperties extends ClientProperties {

  /** Logging of requests and responses, shared by the client and every service client. */
  private final Logging logging = new Logging();

  /** Named services, each with its own client derived from the shared one. */
  private Map<String, CourierServiceProperties> services = new LinkedHashMap<>();

  /** Creates the properties with the engine's defaults. */
  public CourierProperties() {
    setConnectTimeout(Duration.ofSeconds(10));
    setReadTimeout(Duration.ofSeconds(10));
    setWriteTimeout(Duration.ofSeconds(10));
    setCallTimeout(Duration.ZERO);
    setFollowRedirects(true);
    setFollowSslRedirects(false);
    setRetryOnConnectionFailure(true);
    setFastFallback(true);
    setProtocols(new ArrayList<>(List.of("h2", "http/1.1")));
    getHttp2().setPingInterval(Duration.ZERO);
    getPool().setMaxIdleConnections(5);
    getPool().setKeepAlive(Duration.ofMinutes(5));
    getDispatcher().setMaxRequests(64);
    getDispatcher().setMaxRequestsPerHost(5);
    getCache().setEnabled(false);
    getCache().setMaxSize(DataSize.ofMegabytes(50));
    getCache().setMode(ClientProperties.Cache.Mode.SHARED);
  }

  public Logging getLogging() {
    return logging;
  }

  public Map<String, CourierServiceProperties> getServices() {
    return services;
  }

  public void setServices(Map<String, CourierServiceProperties> services) {
    this.services = services;
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

    public LoggingInterceptor.Level getLevel() {
      return level;
    }

    public void setLevel(LoggingInterceptor.Level level) {
      this.level = level;
    }

    public List<String> getRedactHeaders() {
      return redactHeaders;
    }

    public void setRedactHeaders(List<String> redactHeaders) {
      this.redactHeaders = redactHeaders;
    }

    public List<String> getRedactQueryParameters() {
      return redactQueryParameters;
    }

    public void setRedactQueryParameters(List<String> redactQueryParameters) {
      this.redactQueryParameters = redactQueryParameters;
    }

    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }
  }
}
