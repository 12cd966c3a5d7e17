package dev.courier.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** The README's "Without Spring" example, as written there: Courier and Resilience4j alone. */
class WithoutSpringTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() throws IOException {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void theReadmeExampleProtectsTheClient() throws IOException {
    ResilienceInterceptor resilience = ResilienceInterceptor.builder("catalog")
        .circuitBreaker(CircuitBreaker.ofDefaults("catalog"))
        .retry(Retry.ofDefaults("catalog"))           // plus .retryPolicy(...), .retryBudget(...)
        .build();
    CourierClient catalog = resilience.applyTo(new CourierClient.Builder()).build();
    try {
      server.enqueue(new MockResponse.Builder().body("ok").build());
      assertThat(Calls.get(catalog, server, "/items")).isEqualTo(200);

      resilience.circuitBreaker().transitionToOpenState();
      assertThatThrownBy(() -> Calls.get(catalog, server, "/items"))
          .isInstanceOf(CircuitOpenException.class)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("'catalog'");
      assertThat(server.getRequestCount()).isEqualTo(1);
    } finally {
      catalog.close();
    }
  }
}
