package dev.courier.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

/**
 * The retry stage: what is retried, how long it waits, the budget, and that every discarded
 * response is closed. The waits are recorded rather than taken, so the tests do not sleep.
 */
class RetryingTest {
  private static final MediaType TEXT = MediaType.get("text/plain");

  private final MockWebServer server = new MockWebServer();
  private final List<Long> waits = new CopyOnWriteArrayList<>();
  private final Instant now = Instant.parse("2025-06-01T12:00:00Z");
  private final Retry retry = Retry.of("catalog", RetryConfig.custom()
      .maxAttempts(3)
      .waitDuration(Duration.ofMillis(10))
      .build());
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    client = client(ResilienceInterceptor.builder("catalog").retry(retry));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private CourierClient client(ResilienceInterceptor.Builder resilience) {
    // The engine's own connection retries are off, so that every retry seen here is this one's.
    return resilience.sleeper(waits::add).clock(Clock.fixed(now, ZoneOffset.UTC)).build()
        .applyTo(new CourierClient.Builder().retryOnConnectionFailure(false)).build();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("status " + code).build();
  }

  @Test
  void whenGetGets503WithRetryAfterThenItIsRetriedAfterThatWait() throws IOException {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "2").build());
    server.enqueue(new MockResponse.Builder().body("fine").build());

    try (Response response = client.newCall(
        new Request.Builder().url(server.url("/items").toString()).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("fine");
    }

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).containsExactly(2_000L);
    assertThat(retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
  }

  @Test
  void whenRetryAfterIsAnHttpDateThenItIsWaitedUntil() throws IOException {
    String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
        .format(now.plusSeconds(3).atOffset(ZoneOffset.UTC));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", inThreeSeconds)
        .build());
    server.enqueue(status(200));

    assertThat(Calls.get(client, server, "/items")).isEqualTo(200);

    assertThat(waits).containsExactly(3_000L);
  }

  @Test
  void whenRetryAfterExceedsTheCapThenTheResponseIsReturnedWithoutRetry() throws IOException {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "120").build());

    assertThat(Calls.get(client, server, "/items")).isEqualTo(503);

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void whenNoRetryAfterThenTheRetrysBackoffIsUsed() throws IOException {
    server.enqueue(status(502));
    server.enqueue(status(504));
    server.enqueue(status(200));

    assertThat(Calls.get(client, server, "/items")).isEqualTo(200);

    assertThat(waits).containsExactly(10L, 10L);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void whenAttemptsRunOutThenTheLastResponseIsReturned() throws IOException {
    for (int i = 0; i < 3; i++) server.enqueue(status(503));

    assertThat(Calls.get(client, server, "/items")).isEqualTo(503);

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(retry.getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(1);
  }

  @Test
  void whenPostGets503ThenItIsNotRetried() throws IOException {
    server.enqueue(status(503));

    int code = Calls.execute(client, new Request.Builder().url(server.url("/orders").toString())
        .post(RequestBody.create("order", TEXT)).build());

    assertThat(code).isEqualTo(503);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void whenBodyIsOneShotThenEvenAPutIsNotRetried() throws IOException {
    server.enqueue(status(503));
    RequestBody oneShot = new RequestBody() {
      @Override
      public MediaType contentType() {
        return TEXT;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("streamed");
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };

    int code = Calls.execute(client, new Request.Builder().url(server.url("/items/1").toString())
        .put(oneShot).build());

    assertThat(code).isEqualTo(503);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void whenPutWithReplayableBodyGets503ThenItIsRetriedWithTheSameBody() throws Exception {
    server.enqueue(status(503));
    server.enqueue(status(200));

    int code = Calls.execute(client, new Request.Builder().url(server.url("/items/1").toString())
        .put(RequestBody.create("v2", TEXT)).build());

    assertThat(code).isEqualTo(200);
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("v2");
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("v2");
  }

  @Test
  void whenConnectionDropsOnGetThenItIsRetried() throws IOException {
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    server.enqueue(status(200));

    assertThat(Calls.get(client, server, "/items")).isEqualTo(200);

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).containsExactly(10L);
  }

  @Test
  void whenStatusIsNotRetryableThenItIsReturnedAtOnce() throws IOException {
    server.enqueue(status(500));
    server.enqueue(status(404));

    assertThat(Calls.get(client, server, "/a")).isEqualTo(500);
    assertThat(Calls.get(client, server, "/b")).isEqualTo(404);

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(retry.getMetrics().getNumberOfSuccessfulCallsWithoutRetryAttempt()).isEqualTo(2);
  }

  @Test
  void whenRetriedThenEachDiscardedResponseWasClosedAndItsConnectionReused() throws Exception {
    server.enqueue(status(503));
    server.enqueue(status(503));
    server.enqueue(status(200));

    assertThat(Calls.get(client, server, "/items")).isEqualTo(200);

    // The engine refuses a new exchange while a response is open, and a response closed after
    // its body was read gives its connection back: all three ran on one connection.
    assertThat(server.takeRequest().getConnectionIndex()).isZero();
    assertThat(server.takeRequest().getConnectionIndex()).isZero();
    assertThat(server.takeRequest().getConnectionIndex()).isZero();
    assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
  }

  @Test
  void whenBudgetIsSpentThenCallsAreNotRetriedUntilTheWindowMovesOn() throws IOException {
    AtomicLong nanos = new AtomicLong();
    // No retries per request; one retry per minute whatever the traffic.
    RetryBudget budget = new RetryBudget(0, Duration.ofMinutes(1), 1, nanos::get);
    client.close();
    client = client(ResilienceInterceptor.builder("catalog").retry(retry).retryBudget(budget));
    server.enqueue(status(503));
    server.enqueue(status(200));
    server.enqueue(status(503));
    server.enqueue(status(503));
    server.enqueue(status(200));

    assertThat(Calls.get(client, server, "/first")).isEqualTo(200); // Retried once.
    assertThat(Calls.get(client, server, "/second")).isEqualTo(503); // Budget spent.
    assertThat(server.getRequestCount()).isEqualTo(3);

    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    assertThat(Calls.get(client, server, "/third")).isEqualTo(200); // A new window.
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void whenBudgetIsSpentOnAnIoErrorThenTheErrorSaysSo() throws IOException {
    RetryBudget budget = new RetryBudget(0, Duration.ofMinutes(1), 0, () -> 0L);
    client.close();
    client = client(ResilienceInterceptor.builder("catalog").retry(retry).retryBudget(budget));
    server.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());

    assertThatThrownBy(() -> Calls.get(client, server, "/items"))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).anySatisfy(suppressed ->
            assertThat(suppressed).hasMessageContaining("retry budget of service 'catalog'")));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void whenBreakerIsAlsoOnThenItRecordsOneOutcomePerCall() throws IOException {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("catalog");
    client.close();
    client = client(ResilienceInterceptor.builder("catalog").circuitBreaker(breaker).retry(retry));
    server.enqueue(status(503));
    server.enqueue(status(503));
    server.enqueue(status(200));

    assertThat(Calls.get(client, server, "/items")).isEqualTo(200);

    assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
  }

  @Test
  void whenMethodsAreConfiguredThenPostCanBeRetried() throws IOException {
    client.close();
    client = client(ResilienceInterceptor.builder("catalog").retry(retry)
        .retryPolicy(RetryPolicy.builder().methods(List.of("GET", "POST")).build()));
    server.enqueue(status(503));
    server.enqueue(status(201));

    int code = Calls.execute(client, new Request.Builder().url(server.url("/orders").toString())
        .post(RequestBody.create("order", TEXT)).build());

    assertThat(code).isEqualTo(201);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void whenCallIsAsyncThenItIsRetriedTheSameWay() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "1").build());
    server.enqueue(status(200));

    int code = Calls.enqueue(client, new Request.Builder().url(server.url("/a").toString())
        .build()).get();

    assertThat(code).isEqualTo(200);
    assertThat(waits).containsExactly(1_000L);
  }
}
