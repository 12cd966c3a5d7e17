package dev.courier.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.Request;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The bulkhead stage: a call beyond the concurrency limit fails fast, in or out of the queue. */
class BulkheadTest {
  private final MockWebServer server = new MockWebServer();
  private final CountDownLatch release = new CountDownLatch(1);
  private final Bulkhead bulkhead = Bulkhead.of("catalog", BulkheadConfig.custom()
      .maxConcurrentCalls(1)
      .maxWaitDuration(Duration.ZERO)
      .build());
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    // Every request is answered only once the test releases it, so a call can be held in flight.
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        release.await(10, TimeUnit.SECONDS);
        return new MockResponse.Builder().body("done").build();
      }
    });
    server.start();
    client = ResilienceInterceptor.builder("catalog").bulkhead(bulkhead).build()
        .applyTo(new CourierClient.Builder()).build();
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    client.close();
    server.close();
  }

  @Test
  void whenBulkheadIsFullThenCallIsRejectedWithAClearExceptionUntilAPlaceFrees() throws Exception {
    Request request = new Request.Builder().url(server.url("/slow").toString()).build();
    CompletableFuture<Integer> inFlight = Calls.enqueue(client, request);
    server.takeRequest(10, TimeUnit.SECONDS); // The first call holds the only place now.

    assertThatThrownBy(() -> Calls.execute(client, request))
        .isInstanceOfSatisfying(BulkheadRejectedException.class, e -> {
          assertThat(e.serviceName()).isEqualTo("catalog");
          assertThat(e).hasMessage("Bulkhead 'catalog' of service 'catalog' is full: "
              + "1 concurrent calls allowed, none finished within 0ms");
        })
        .isInstanceOf(CallRejectedException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);

    release.countDown();
    assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    assertThat(Calls.execute(client, request)).isEqualTo(200);
    assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
  }

  @Test
  void whenCallIsAsyncThenFullBulkheadFailsItWithoutWaiting() throws Exception {
    Request request = new Request.Builder().url(server.url("/slow").toString()).build();
    CompletableFuture<Integer> inFlight = Calls.enqueue(client, request);
    server.takeRequest(10, TimeUnit.SECONDS);

    Throwable failure = Calls.failureOf(Calls.enqueue(client, request));

    assertThat(failure).isInstanceOf(BulkheadRejectedException.class);
    release.countDown();
    assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(200);
  }
}
