package dev.courier.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.courier.Cache;
import dev.courier.CourierClient;
import dev.courier.Request;
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
  /** A fresh owner-only temporary directory, not a predictable path in the shared /tmp. */
  private static final Path CACHE_DIRECTORY = newTempDirectory().resolve("http");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("courier.cache.directory", () -> CACHE_DIRECTORY);
    registry.add("demo.upstream.failure-rate", () -> "1.0");
    registry.add("demo.upstream.slow-delay", () -> "3s");
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
}
