package dev.courier.autoconfigure.http.service;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientProperties;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

import dev.courier.HttpUrl;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.http.CourierClientHttpRequestFactoryBuilder;

/**
 * Points each HTTP service group that has a Courier service of the same name at that service's
 * client, and gives it the service's base URL unless {@code spring.http.serviceclient.<group>}
 * sets one of its own ({@code lb://<group>} counts as none: it names the service too).
 *
 * <p>Runs after the framework's configurers and before the application's own, which may still
 * override it: after Boot's properties configurer (which sets the group's base URL, headers and a
 * request factory from {@code spring.http.serviceclient.*}), after Boot's configurer that applies
 * {@code RestClientCustomizer} beans (order 0; Spring Cloud Gateway's customizer swaps in the
 * application's shared request factory there) and after Spring Cloud LoadBalancer's (order 10,
 * which points a group without {@code spring.http.serviceclient.<group>.base-url} at
 * {@code http://<group>}). Their order is fixed by {@link #getOrder()}, not by the order of the
 * beans, so the result is the same whichever is declared first. Precedence for a service group:
 * {@code spring.http.serviceclient.<group>.*}, then {@code courier.services.<group>.*}, then
 * {@code courier.*}.
 */
public final class CourierRestClientHttpServiceGroupConfigurer
    implements RestClientHttpServiceGroupConfigurer {
  /**
   * After Boot's {@code RestClientCustomizerHttpServiceGroupConfigurer} (0) and Spring Cloud's
   * {@code LoadBalancerRestClientHttpServiceGroupConfigurer} (10); before configurers of the
   * application that declare no order.
   */
  public static final int ORDER = 20;

  private final CourierServices services;
  private final HttpServiceClientProperties properties;
  private final HttpClientSettingsPropertyMapper settingsMapper;

  /**
   * Creates a configurer.
   *
   * @param services the Courier services
   * @param properties Boot's {@code spring.http.serviceclient.*} properties
   * @param sslBundles the SSL bundles that {@code ssl.bundle} properties name, if any
   */
  public CourierRestClientHttpServiceGroupConfigurer(CourierServices services,
      HttpServiceClientProperties properties, @Nullable SslBundles sslBundles) {
    this.services = services;
    this.properties = properties;
    // No shared defaults: for a Courier service, courier.services.<name>.* is more specific than
    // spring.http.clients.*, so only the group's own spring.http.serviceclient.* settings apply.
    this.settingsMapper = new HttpClientSettingsPropertyMapper(sslBundles, null);
  }

  /** Returns an order after the framework's configurers; see the class description. */
  @Override
  public int getOrder() {
    return ORDER;
  }

  /** Configures the groups named like a Courier service; leaves the others alone. */
  @Override
  public void configureGroups(Groups<RestClient.Builder> groups) {
    groups.filter(group -> services.contains(group.name())).forEachClient(this::configure);
  }

  /**
   * Returns true if the group {@code group} gets the base URL of the Courier service of its name:
   * the service has one, and {@code spring.http.serviceclient.<group>.base-url} is unset or
   * {@code lb://<group>}.
   */
  public boolean setsBaseUrl(String group) {
    if (!services.contains(group) || services.baseUrl(group) == null) return false;
    HttpClientProperties groupProperties = properties.get(group);
    String springBaseUrl = groupProperties == null ? null : groupProperties.getBaseUrl();
    return !StringUtils.hasText(springBaseUrl) || isServiceIdUrl(springBaseUrl, group);
  }

  private void configure(HttpServiceGroup group, RestClient.Builder builder) {
    String name = group.name();
    HttpClientSettings settings = settingsMapper.map(properties.get(name));
    builder.requestFactory(
        new CourierClientHttpRequestFactoryBuilder(services.client(name)).build(settings));
    HttpUrl baseUrl = services.baseUrl(name);
    if (baseUrl != null && setsBaseUrl(name)) builder.baseUrl(baseUrl.toString());
  }

  /** Returns true for {@code lb://<group>}, Spring Cloud's way of naming a group's service. */
  private static boolean isServiceIdUrl(String url, String group) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return "lb".equalsIgnoreCase(uri.getScheme()) && group.equals(uri.getHost());
  }
}
