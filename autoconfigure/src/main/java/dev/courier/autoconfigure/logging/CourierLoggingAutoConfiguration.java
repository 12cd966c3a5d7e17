package dev.courier.autoconfigure.logging;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.courier.autoconfigure.CourierConfigurationException;
import dev.courier.autoconfigure.CourierProperties;
import dev.courier.autoconfigure.NetworkInterceptor;
import dev.courier.logging.LoggingInterceptor;

/**
 * Logs the traffic of every Courier client when {@code courier.logging.level} is {@code basic},
 * {@code headers} or {@code body}: a {@link LoggingInterceptor} bean, a network interceptor placed
 * last (nearest the wire), so it logs each request as sent, redirects and retries included, with
 * the headers the engine adds. Messages go to the application's logging (see
 * {@link CommonsLoggingLogger}). A {@code LoggingInterceptor} bean of the application's own
 * replaces it.
 */
@AutoConfiguration
@ConditionalOnClass(LoggingInterceptor.class)
@EnableConfigurationProperties(CourierProperties.class)
public final class CourierLoggingAutoConfiguration {

  CourierLoggingAutoConfiguration() {
  }

  @Bean
  @NetworkInterceptor
  @Order(Ordered.LOWEST_PRECEDENCE)
  @ConditionalOnMissingBean
  @Conditional(OnLoggingEnabledCondition.class)
  LoggingInterceptor courierLoggingInterceptor(CourierProperties properties) {
    CourierProperties.Logging logging = properties.getLogging();
    LoggingInterceptor.Builder builder = new LoggingInterceptor.Builder()
        .level(logging.getLevel())
        .logger(new CommonsLoggingLogger());
    for (String header : logging.getRedactHeaders()) {
      builder.redactHeader(checkName("courier.logging.redact-headers", header));
    }
    for (String parameter : logging.getRedactQueryParameters()) {
      builder.redactQueryParameter(checkName("courier.logging.redact-query-parameters", parameter));
    }
    long maxBodySize = logging.getMaxBodySize().toBytes();
    if (maxBodySize < 0) {
      throw new CourierConfigurationException("courier.logging.max-body-size",
          logging.getMaxBodySize(), "The size is negative.",
          "Set courier.logging.max-body-size to 0 or more, such as 4KB.");
    }
    return builder.maxBodySize(maxBodySize).build();
  }

  private static String checkName(String property, String name) {
    if (name.isBlank()) {
      throw new CourierConfigurationException(property, name, "A name is blank.",
          "Remove the blank entry from " + property + ".");
    }
    return name;
  }
}
