package dev.courier.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.Request;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;

/** The circuit breaker stage: what counts as a failure, fail-fast while open, half-open probes. */
class CircuitBreakingTest {
  private final MockWebServer server = new MockWebServer();
  // Opens once both of the last two calls failed, and stays open until the test moves it on.
  private final CircuitBreaker breaker = CircuitBreaker.of("catalog", CircuitBreakerConfig.custom()
      .slidingWindowSize(2)
      .minimumNumberOfCalls(2)
      .failureRateThreshold(100)
      .permittedNumberOfCallsInHalfOpenState(2)
      .waitDurationInOpenState(Duration.ofHours(1))
      .build());
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    client = ResilienceInterceptor.builder("catalog").circuitBreaker(breaker).build()
        .applyTo(new CourierClient.Builder()).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void whenConfiguredFailuresHappenThenCircuitOpensAndCallsFailFastWithoutReachingServer()
      throws IOException {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().code(503).build());

    assertThat(Calls.get(client, server, "/a")).isEqualTo(500);
    assertThat(Calls.get(client, server, "/b")).isEqualTo(503);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

    assertThatThrownBy(() -> Calls.get(client, server, "/c"))
        .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
          assertThat(e.serviceName()).isEqualTo("catalog");
          assertThat(e.instanceName()).isEqualTo("catalog");
          assertThat(e.state()).isEqualTo("OPEN");
          assertThat(e).hasMessage(
              "Circuit breaker 'catalog' of service 'catalog' is OPEN and does not permit calls");
          assertThat(e).hasCauseInstanceOf(CallNotPermittedException.class);
        })
        .isInstanceOf(CallRejectedException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
  }

  @Test
  void whenHalfOpenProbesSucceedThenCircuitCloses() throws IOException {
    breaker.transitionToOpenState();
    breaker.transitionToHalfOpenState(); // What waitDurationInOpenState would do, without waiting.
    server.enqueue(new MockResponse.Builder().body("ok").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    assertThat(Calls.get(client, server, "/probe1")).isEqualTo(200);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(Calls.get(client, server, "/probe2")).isEqualTo(200);

    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void whenHalfOpenProbeFailsThenCircuitOpensAgain() throws IOException {
    breaker.transitionToOpenState();
    breaker.transitionToHalfOpenState();
    server.enqueue(new MockResponse.Builder().code(502).build());
    server.enqueue(new MockResponse.Builder().code(502).build());

    Calls.get(client, server, "/probe1");
    Calls.get(client, server, "/probe2");

    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void whenResponsesAre4xxThenTheyAreSuccesses() throws IOException {
    for (int code : new int[] {400, 404, 409, 429}) {
      server.enqueue(new MockResponse.Builder().code(code).build());
      Calls.get(client, server, "/" + code);
    }

    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
  }

  @Test
  void whenConnectionsFailThenIoErrorsOpenTheCircuit() throws IOException {
    client.close();
    // The engine's own recovery would try a fresh connection; here every failure must surface.
    client = ResilienceInterceptor.builder("catalog").circuitBreaker(breaker).build()
        .applyTo(new CourierClient.Builder().retryOnConnectionFailure(false)).build();
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder()
          .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    }

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> Calls.get(client, server, "/drop"))
          .isInstanceOf(IOException.class).isNotInstanceOf(CallRejectedException.class);
    }

    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThatThrownBy(() -> Calls.get(client, server, "/drop"))
        .isInstanceOf(CircuitOpenException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void whenFailureStatusesAreConfiguredThenOnlyThoseAreFailures() throws IOException {
    client.close();
    client = ResilienceInterceptor.builder("catalog").circuitBreaker(breaker)
        .failureStatuses(Set.of(503)).build()
        .applyTo(new CourierClient.Builder()).build();
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().code(503).build());

    Calls.get(client, server, "/500");
    Calls.get(client, server, "/503");

    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void whenCallIsAsyncThenOpenCircuitFailsItTheSameWay() throws Exception {
    breaker.transitionToOpenState();

    Throwable failure = Calls.failureOf(Calls.enqueue(client,
        new Request.Builder().url(server.url("/async").toString()).build()));

    assertThat(failure).isInstanceOf(CircuitOpenException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void whenCallIsAsyncThenFailuresAreRecordedTheSameWay() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().code(500).build());
    Request request = new Request.Builder().url(server.url("/async").toString()).build();

    assertThat(Calls.enqueue(client, request).get()).isEqualTo(500);
    assertThat(Calls.enqueue(client, request).get()).isEqualTo(500);

    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }
}
