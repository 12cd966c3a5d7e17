package dev.courier.autoconfigure.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The default of {@code courier.pool.max-idle-connections} with Gateway Server MVC on the class
 * path (as it is for these tests): the server's worker count, unless the application sets it.
 */
class GatewayConnectionPoolDefaultsTest {
  private final StandardEnvironment environment = new StandardEnvironment();

  private String maxIdleAfterPostProcessing(Map<String, Object> applicationProperties) {
    environment.getPropertySources().addFirst(
        new MapPropertySource("application", applicationProperties));
    new GatewayConnectionPoolDefaults().postProcessEnvironment(environment,
        new SpringApplication());
    return environment.getProperty(GatewayConnectionPoolDefaults.PROPERTY);
  }

  @Test
  void withoutSettingsItIsTomcatsDefaultWorkerCount() {
    assertThat(maxIdleAfterPostProcessing(Map.of())).isEqualTo("200");
  }

  @Test
  void itFollowsTheServersWorkerCount() {
    assertThat(maxIdleAfterPostProcessing(Map.of("server.tomcat.threads.max", "64")))
        .isEqualTo("64");
  }

  @Test
  void aValueTheApplicationSetsWins() {
    assertThat(maxIdleAfterPostProcessing(Map.of(GatewayConnectionPoolDefaults.PROPERTY, "7")))
        .isEqualTo("7");
  }

  @Test
  void withTheGatewayDisabledTheEnginesDefaultStays() {
    assertThat(maxIdleAfterPostProcessing(
        Map.of("spring.cloud.gateway.server.webmvc.enabled", "false"))).isNull();
  }
}
