package dev.courier.autoconfigure.http.service;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientProperties;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.Ordered;
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
 * sets one.
 *
 * <p>Runs after Boot's properties configurer (which sets the group's base URL, headers and a
 * request factory from {@code spring.http.serviceclient.*}) and before {@code RestClientCustomizer}
 * beans and the application's own configurers, which may still override it. Precedence for a
 * service group: {@code spring.http.serviceclient.<group>.*}, then
 * {@code courier.services.<group>.*}, then {@code courier.*}.
 */
public final class CourierRestClientHttpServiceGroupConfigurer
    implements RestClientHttpServiceGroupConfigurer {
  /** Just after Boot's {@code PropertiesRestClientHttpServiceGroupConfigurer} (+10). */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

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

  /** Returns an order just after Boot's properties configurer; see the class description. */
  @Override
  public int getOrder() {
    return ORDER;
  }

  /** Configures the groups named like a Courier service; leaves the others alone. */
  @Override
  public void configureGroups(Groups<RestClient.Builder> groups) {
    groups.filter(group -> services.contains(group.name())).forEachClient(this::configure);
  }

  private void configure(HttpServiceGroup group, RestClient.Builder builder) {
    String name = group.name();
    HttpClientProperties groupProperties = properties.get(name);
    HttpClientSettings settings = settingsMapper.map(groupProperties);
    builder.requestFactory(
        new CourierClientHttpRequestFactoryBuilder(services.client(name)).build(settings));
    HttpUrl baseUrl = services.baseUrl(name);
    boolean springBaseUrl = groupProperties != null
        && StringUtils.hasText(groupProperties.getBaseUrl());
    if (baseUrl != null && !springBaseUrl) builder.baseUrl(baseUrl.toString());
  }
}
