package dev.courier.autoconfigure.cloud.gateway;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Gives {@code courier.pool.max-idle-connections} a default suited to a gateway when Gateway
 * Server MVC is on the class path and enabled: as many idle connections as the server has worker
 * threads ({@code server.tomcat.threads.max}, 200 unless set), instead of the engine's 5. A
 * gateway proxies as many calls at once as it has workers; with 5 idle connections kept, all but
 * 5 of the connections a burst opened would be closed and opened again for the next burst.
 *
 * <p>The default is added as the property source of lowest precedence, so a value the
 * application sets anywhere wins, and idle connections still close after
 * {@code courier.pool.keep-alive}.
 */
public final class GatewayConnectionPoolDefaults implements EnvironmentPostProcessor {
  static final String PROPERTY = "courier.pool.max-idle-connections";
  static final String SOURCE_NAME = "courierGatewayDefaults";
  private static final String GATEWAY =
      "org.springframework.cloud.gateway.server.mvc.GatewayServerMvcAutoConfiguration";
  private static final String WORKERS = "server.tomcat.threads.max";
  private static final int DEFAULT_WORKERS = 200;

  /** Creates the post-processor; Spring Boot does, from {@code META-INF/spring.factories}. */
  public GatewayConnectionPoolDefaults() {
  }

  /** Adds the gateway's default when Gateway Server MVC is present and enabled. */
  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment,
      SpringApplication application) {
    if (!ClassUtils.isPresent(GATEWAY, application.getClassLoader())) return;
    if ("false".equalsIgnoreCase(
        environment.getProperty("spring.cloud.gateway.server.webmvc.enabled"))) {
      return;
    }
    environment.getPropertySources().addLast(
        new MapPropertySource(SOURCE_NAME, Map.of(PROPERTY, workers(environment))));
  }

  private static int workers(ConfigurableEnvironment environment) {
    try {
      Integer workers = environment.getProperty(WORKERS, Integer.class);
      return workers != null && workers > 0 ? workers : DEFAULT_WORKERS;
    } catch (ConversionException | IllegalArgumentException e) {
      return DEFAULT_WORKERS; // Boot reports the bad value itself when it binds the server.
    }
  }
}
