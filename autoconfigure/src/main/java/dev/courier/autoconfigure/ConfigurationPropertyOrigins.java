package dev.courier.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Finds a property as the user wrote it: its value before conversion ({@code -1s}, not
 * {@code PT-1S}) and where it came from (file and line), for start-up failure reports.
 */
final class ConfigurationPropertyOrigins {

  private ConfigurationPropertyOrigins() {
  }

  /** Returns the property named {@code name} in {@code environment}, or null if it is not set. */
  static @Nullable ConfigurationProperty find(@Nullable Environment environment, String name) {
    if (environment == null) return null;
    ConfigurationPropertyName propertyName = ConfigurationPropertyName.adapt(name, '.');
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      ConfigurationProperty property = source.getConfigurationProperty(propertyName);
      if (property != null) return property;
    }
    return null;
  }

  /** Returns {@code origin} as a phrase such as {@code class path resource [a.yml] - 3:17}. */
  static @Nullable String describe(@Nullable Origin origin) {
    return origin == null ? null : origin.toString();
  }
}
