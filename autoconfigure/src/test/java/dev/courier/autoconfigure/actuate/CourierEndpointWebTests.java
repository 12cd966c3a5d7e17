package dev.courier.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * The {@code courier} endpoint and health contributor over real HTTP, in a whole Boot application:
 * what an operator sees, and that no secret a call carried shows up in it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "management.endpoints.web.exposure.include=courier,health",
    "management.endpoint.courier.access=unrestricted",
    "management.endpoint.health.show-details=always"})
class CourierEndpointWebTests {
  private static final String HEADER_SECRET = "header-secret-4f1c";
  private static final String AUTHORIZATION_SECRET = "authorization-secret-9d2e";
  private static final String QUERY_SECRET = "query-secret-7a3b";

  private static final MockWebServer DOWNSTREAM = new MockWebServer();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Calls the actuator; its own pool, so its connection does not show in what it inspects. */
  private final CourierClient operator = new CourierClient();

  @Autowired
  @Qualifier("catalog")
  private CourierClient catalog;

  @Value("${local.server.port}")
  private int port;

  @DynamicPropertySource
  static void downstream(DynamicPropertyRegistry registry) throws IOException {
    DOWNSTREAM.start();
    registry.add("courier.services.catalog.base-url", () -> DOWNSTREAM.url("/api/").toString());
  }

  @AfterEach
  void closeOperator() {
    operator.close();
  }

  @AfterAll
  static void stopDownstream() {
    DOWNSTREAM.close();
  }

  @Test
  void endpointShowsTheConnectionUntilEvictedAndNoSecret() throws Exception {
    DOWNSTREAM.enqueue(new MockResponse.Builder().body("[]").build());
    Request call = new Request.Builder()
        .url(DOWNSTREAM.url("/api/items?token=" + QUERY_SECRET).toString())
        .header("X-Api-Key", HEADER_SECRET)
        .header("Authorization", "Bearer " + AUTHORIZATION_SECRET)
        .build();
    try (Response response = catalog.newCall(call).execute()) {
      assertThat(response.body().string()).isEqualTo("[]");
    }

    String all = get("/actuator/courier", 200);
    assertThat(all).doesNotContain(HEADER_SECRET, AUTHORIZATION_SECRET, QUERY_SECRET, "token");
    JsonNode connections = JSON.readTree(all).path("clients").path("catalog").path("pool")
        .path("connections");
    assertThat(connections.size()).isEqualTo(1);
    assertThat(connections.get(0).path("inUse").asBoolean()).isFalse();
    assertThat(connections.get(0).path("origin").asString())
        .isEqualTo("http://" + DOWNSTREAM.getHostName() + ":" + DOWNSTREAM.getPort());
    assertThat(JSON.readTree(all).path("clients").path("catalog").path("baseUrl").asString())
        .isEqualTo(DOWNSTREAM.url("/api/").toString());

    String evicted = post("/actuator/courier/catalog/evict-idle");
    assertThat(JSON.readTree(evicted).path("pool").path("connections").size()).isZero();
    String one = get("/actuator/courier/catalog", 200);
    assertThat(JSON.readTree(one).path("pool").path("connections").size()).isZero();
    assertThat(JSON.readTree(one).path("pool").path("connectionCount").asInt()).isZero();
    assertThat(one).doesNotContain(HEADER_SECRET, AUTHORIZATION_SECRET, QUERY_SECRET);
  }

  @Test
  void unknownClientsAreNotFoundOnReadsAndWritesWithABody() throws Exception {
    assertThat(JSON.readTree(get("/actuator/courier/nonexistent", 404)).path("message")
        .asString()).isEqualTo("No Courier client named 'nonexistent'");
    try (Response response = operator.newCall(new Request.Builder()
        .url(actuator("/actuator/courier/nonexistent/evict-idle"))
        .post(RequestBody.create(new byte[0], null)).build()).execute()) {
      assertThat(response.code()).isEqualTo(404);
      JsonNode body = JSON.readTree(response.body().string());
      assertThat(body.path("message").asString())
          .isEqualTo("No Courier client named 'nonexistent'");
      assertThat(body.path("clients").toString()).contains("default", "catalog");
    }
    try (Response response = operator.newCall(new Request.Builder()
        .url(actuator("/actuator/courier/nonexistent")).delete().build()).execute()) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(response.body().string()).contains("No Courier client named 'nonexistent'");
    }
  }

  @Test
  void unknownActionsAreBadRequestsWithABody() throws Exception {
    try (Response response = operator.newCall(new Request.Builder()
        .url(actuator("/actuator/courier/catalog/restart"))
        .post(RequestBody.create(new byte[0], null)).build()).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.body().string()).contains("Unknown action 'restart'");
    }
  }

  @Test
  void deleteClearsTheCacheOfAClientWithoutOne() throws Exception {
    try (Response response = operator.newCall(new Request.Builder()
        .url(actuator("/actuator/courier/default")).delete().build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      JsonNode cache = JSON.readTree(response.body().string()).path("cache");
      assertThat(cache.isMissingNode() || cache.isNull()).as("no cache: %s", cache).isTrue();
    }
  }

  @Test
  void healthShowsCourierUpWithDetails() throws Exception {
    JsonNode courier = JSON.readTree(get("/actuator/health", 200))
        .path("components").path("courier");
    assertThat(courier.path("status").asString()).isEqualTo("UP");
    assertThat(courier.path("details").path("clients").path("catalog").path("dispatcher")
        .asString()).isEqualTo("running");
  }

  private String actuator(String path) {
    return "http://localhost:" + port + path;
  }

  private String get(String path, int expectedCode) throws IOException {
    try (Response response = operator.newCall(new Request.Builder().url(actuator(path)).build())
        .execute()) {
      assertThat(response.code()).as(path).isEqualTo(expectedCode);
      return response.body().string();
    }
  }

  private String post(String path) throws IOException {
    try (Response response = operator.newCall(new Request.Builder().url(actuator(path))
        .post(RequestBody.create(new byte[0], null)).build()).execute()) {
      assertThat(response.code()).as(path).isEqualTo(200);
      return response.body().string();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {
  }
}
