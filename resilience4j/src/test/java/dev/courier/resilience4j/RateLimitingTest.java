package dev.courier.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.Request;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** The rate limiter stage: calls beyond the limit are refused before they reach the server. */
class RateLimitingTest {
  private final MockWebServer server = new MockWebServer();
  // One call per hour, and no waiting for the next one.
  private final RateLimiter limiter = RateLimiter.of("catalog-quota", RateLimiterConfig.custom()
      .limitForPeriod(1)
      .limitRefreshPeriod(Duration.ofHours(1))
      .timeoutDuration(Duration.ZERO)
      .build());
  private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("catalog");
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    client = ResilienceInterceptor.builder("catalog").rateLimiter(limiter).circuitBreaker(breaker)
        .build().applyTo(new CourierClient.Builder()).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void whenLimitIsReachedThenCallIsRefusedWithAClearException() throws IOException {
    server.enqueue(new MockResponse.Builder().body("ok").build());

    assertThat(Calls.get(client, server, "/first")).isEqualTo(200);
    assertThatThrownBy(() -> Calls.get(client, server, "/second"))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.serviceName()).isEqualTo("catalog");
          assertThat(e.instanceName()).isEqualTo("catalog-quota");
          assertThat(e).hasMessageStartingWith("Rate limiter 'catalog-quota' of service 'catalog' "
              + "permits 1 calls per 3600000ms and had none left after waiting ");
        })
        .isInstanceOf(CallRejectedException.class);

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void whenLimitRefusesACallThenTheBreakerDoesNotCountIt() throws IOException {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    Calls.get(client, server, "/first");

    assertThatThrownBy(() -> Calls.get(client, server, "/second"))
        .isInstanceOf(RateLimitedException.class);

    assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
    assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
  }

  @Test
  void whenCallIsAsyncThenLimitRefusesItTheSameWay() throws Exception {
    limiter.drainPermissions();

    Throwable failure = Calls.failureOf(Calls.enqueue(client,
        new Request.Builder().url(server.url("/async").toString()).build()));

    assertThat(failure).isInstanceOf(RateLimitedException.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
