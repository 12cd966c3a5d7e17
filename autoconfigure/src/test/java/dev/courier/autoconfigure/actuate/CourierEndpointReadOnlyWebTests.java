package dev.courier.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;

/**
 * Exposing the {@code courier} endpoint exposes its reads only: evicting connections and clearing
 * caches act on the running application, so they need the application to opt in with
 * {@code management.endpoint.courier.access=unrestricted}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties =
    "management.endpoints.web.exposure.include=courier")
class CourierEndpointReadOnlyWebTests {
  private final CourierClient operator = new CourierClient();

  @Value("${local.server.port}")
  private int port;

  @AfterEach
  void closeOperator() {
    operator.close();
  }

  @Test
  void whenExposedWithoutOptingInThenReadsWorkAndWritesAreNotThere() throws Exception {
    assertThat(status(new Request.Builder().url(url("/actuator/courier")))).isEqualTo(200);
    assertThat(status(new Request.Builder().url(url("/actuator/courier/default")))).isEqualTo(200);
    assertThat(status(new Request.Builder().url(url("/actuator/courier/default/evict-idle"))
        .post(RequestBody.create(new byte[0], null)))).isIn(404, 405);
    assertThat(status(new Request.Builder().url(url("/actuator/courier/default")).delete()))
        .isIn(404, 405);
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  private int status(Request.Builder request) throws Exception {
    try (Response response = operator.newCall(request.build()).execute()) {
      return response.code();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {
  }
}
