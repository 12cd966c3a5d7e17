package dev.courier.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** The time limiter: the call timeout of the service's client, reported to Resilience4j. */
class TimeLimitingTest {
  private final MockWebServer server = new MockWebServer();
  private final TimeLimiter limiter = TimeLimiter.of("catalog", TimeLimiterConfig.custom()
      .timeoutDuration(Duration.ofMillis(200))
      .build());
  private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("catalog");
  private final AtomicInteger timeouts = new AtomicInteger();
  private final AtomicInteger successes = new AtomicInteger();
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    limiter.getEventPublisher().onTimeout(event -> timeouts.incrementAndGet());
    limiter.getEventPublisher().onSuccess(event -> successes.incrementAndGet());
    client = ResilienceInterceptor.builder("catalog").timeLimiter(limiter).circuitBreaker(breaker)
        .build().applyTo(new CourierClient.Builder()).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void whenTimeLimiterIsAppliedThenItsTimeoutIsTheCallTimeout() {
    assertThat(client.callTimeoutMillis()).isEqualTo(200);
  }

  @Test
  void whenCallOutlastsTheTimeoutThenItFailsAndIsRecordedAsATimeout() {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).build());

    assertThatThrownBy(() -> Calls.get(client, server, "/slow"))
        .isInstanceOf(InterruptedIOException.class);

    assertThat(timeouts).hasValue(1);
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
  }

  @Test
  void whenCallIsInTimeThenItIsRecordedAsASuccess() throws IOException {
    server.enqueue(new MockResponse.Builder().body("quick").build());

    assertThat(Calls.get(client, server, "/quick")).isEqualTo(200);

    assertThat(successes).hasValue(1);
    assertThat(timeouts).hasValue(0);
  }
}
