package dev.courier.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.jayway.jsonpath.JsonPath;

import dev.courier.Cache;
import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * Drives the demo's front endpoints over HTTP, as a user would, and checks what they report. The
 * app runs on a port chosen before start-up because its services call its own embedded upstream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class DemoApplicationTest {
  private static final int PORT = freePort();
  private static final List<Integer> FLEET_PORTS = List.of(freePort(), freePort(), freePort());
  /** A fresh owner-only temporary directory, not a predictable path in the shared /tmp. */
  private static final Path CACHE_DIRECTORY = newTempDirectory().resolve("http");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("courier.cache.directory", () -> CACHE_DIRECTORY);
    registry.add("demo.upstream.failure-rate", () -> "1.0");
    registry.add("demo.upstream.slow-delay", () -> "3s");
    for (int i = 0; i < FLEET_PORTS.size(); i++) {
      int port = FLEET_PORTS.get(i);
      registry.add("demo.fleet.ports[" + i + "]", () -> port);
    }
    // Short, so the test sees a revived instance return without waiting the demo's 10 s.
    registry.add("courier.services.fleet.outlier-detection.base-ejection-time", () -> "5s");
  }

  @Autowired
  CourierClient courier;

  @Autowired
  CircuitBreakerRegistry circuitBreakers;

  private final CourierClient browser = new CourierClient();

  private static Path newTempDirectory() {
    try {
      return Files.createTempDirectory("courier-demo-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String post(String path) throws IOException {
    try (Response response = browser.newCall(new Request.Builder()
        .url("http://localhost:" + PORT + path).post(RequestBody.create("", null)).build())
        .execute()) {
      assertThat(response.code()).as("POST %s", path).isEqualTo(200);
      return response.body().string();
    }
  }

  private String get(String path) throws IOException {
    try (Response response = browser.newCall(new Request.Builder()
        .url("http://localhost:" + PORT + path).build()).execute()) {
      return response.body().string();
    }
  }

  @Test
  void secondCatalogCallIsServedFromTheCache() throws IOException {
    Cache cache = courier.cache();
    int hitsBefore = cache.hitCount();
    assertThat(get("/api/catalog/7")).contains("\"source\":\"network\"", "Widget 7");
    assertThat(get("/api/catalog/7")).contains("\"source\":\"cache\"", "Widget 7");
    assertThat(cache.hitCount()).isEqualTo(hitsBefore + 1);
  }

  @Test
  void httpInterfaceAndRestClientRunOnCourier() throws IOException {
    assertThat(get("/api/interface/catalog/3")).contains("\"status\":200", "Widget 3");
    assertThat(get("/api/large")).contains("\"status\":200", "decoded 249");
  }

  @Test
  void slowUpstreamTimesOutNamingTheTimeout() throws IOException {
    assertThat(get("/api/slow")).contains("Read timed out after 1000 ms (readTimeout)");
  }

  @Test
  void redirectIsFollowed() throws IOException {
    assertThat(get("/api/redirect")).contains("\"status\":200", "Widget 1");
  }

  @Test
  void breakerOpensUnderTheFailingUpstreamAndCallsFailFast() throws IOException {
    // The test runs the upstream at a 100% failure rate.
    for (int i = 0; i < 4; i++) {
      assertThat(get("/api/flaky")).contains("\"status\":503");
    }
    assertThat(circuitBreakers.circuitBreaker("flaky").getState())
        .isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(get("/api/flaky")).contains("CircuitOpenException", "flaky");
  }

  @Test
  void actuatorShowsThePoolAndThePageIsServed() throws IOException {
    get("/api/catalog/21");
    String courier = get("/actuator/courier");
    assertThat(courier).contains("\"default\"", "\"catalog\"", "\"flaky\"", "\"connections\"",
        "\"origin\":\"http://localhost:" + PORT + "\"", "\"circuitBreaker\"");
    assertThat(get("/")).contains("<title>Courier demo</title>", "/actuator/courier");
  }

  @Test
  void everyUpstreamCallCarriesTheDemoRequestId() throws IOException {
    assertThat(get("/api/catalog/11")).containsPattern("\"requestId\":\"[0-9a-f-]{36}\"");
  }

  @Test
  void fleetCallsSpreadAndSurviveAKilledInstanceWhichIsEjectedAndReturns() throws IOException {
    Set<Integer> answered = new HashSet<>();
    for (int i = 0; i < 20; i++) answered.add(fleetCall());
    assertThat(answered).containsExactlyInAnyOrder(1, 2, 3);

    post("/upstream/fleet/2/kill");
    Set<Integer> answeredWhileDown = new HashSet<>();
    for (int i = 0; i < 20; i++) answeredWhileDown.add(fleetCall());
    assertThat(answeredWhileDown).containsExactlyInAnyOrder(1, 3);
    String down = get("/actuator/courier/fleet");
    assertThat(JsonPath.<String>read(down, "$.services[0].instances[1].url"))
        .isEqualTo("http://127.0.0.1:" + FLEET_PORTS.get(1));
    assertThat(JsonPath.<String>read(down, "$.services[0].instances[1].state"))
        .isEqualTo("EJECTED");
    assertThat(JsonPath.<String>read(down, "$.services[0].instances[1].ejectedUntil")).isNotNull();
    assertThat(JsonPath.<Integer>read(down, "$.services[0].instances[1].ejectionCount"))
        .isPositive();
    assertThat(JsonPath.<String>read(down, "$.services[0].instances[0].state"))
        .isEqualTo("HEALTHY");

    post("/upstream/fleet/2/revive");
    Await.until("instance 2 answers again", () -> fleetCall() == 2);
    assertThat(JsonPath.<String>read(get("/actuator/courier/fleet"),
        "$.services[0].instances[1].state")).isEqualTo("HEALTHY");
  }

  /** Calls the fleet through the demo, checks the caller saw no error, returns who answered. */
  private int fleetCall() {
    String report;
    try {
      report = get("/api/fleet");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(JsonPath.<Integer>read(report, "$.status")).as(report).isEqualTo(200);
    return JsonPath.<Integer>read(JsonPath.<String>read(report, "$.body"), "$.instance");
  }
}
