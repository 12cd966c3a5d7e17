package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.UriTemplate;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/** {@link CourierObservationInterceptor} records each call with Spring's keys, then rethrows. */
class CourierObservationInterceptorTest {
  private final MockWebServer server = new MockWebServer();
  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    client = new CourierClient.Builder()
        .retryOnConnectionFailure(false)
        .addInterceptor(CourierObservationInterceptor.builder(registry).build())
        .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private Request.Builder request(String path) {
    return new Request.Builder().url(server.url(path).toString());
  }

  @Test
  void okResponseIsRecordedWithTemplateAndRedactedUrl() throws Exception {
    server.enqueue(new MockResponse.Builder().body("item").build());
    Request request = request("/items/42?token=query-secret")
        .tag(UriTemplate.class, UriTemplate.of("/items/{id}"))
        .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("item");
    }

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasNameEqualTo("http.client.requests")
        .hasContextualNameEqualTo("http get")
        .hasLowCardinalityKeyValue("method", "GET")
        .hasLowCardinalityKeyValue("uri", "/items/{id}")
        .hasLowCardinalityKeyValue("status", "200")
        .hasLowCardinalityKeyValue("outcome", "SUCCESS")
        .hasLowCardinalityKeyValue("exception", "none")
        .hasLowCardinalityKeyValue("client.name", server.getHostName())
        .hasHighCardinalityKeyValue("http.url",
            "http://" + server.getHostName() + ":" + server.getPort() + "/items/42?token=██")
        .doesNotHaveError()
        .hasBeenStarted()
        .hasBeenStopped();
  }

  @Test
  void notFoundIsAClientErrorOutcomeAndTheRawPathNeverATag() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());
    client.newCall(request("/items/missing-42").build()).execute().close();

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasLowCardinalityKeyValue("status", "404")
        .hasLowCardinalityKeyValue("outcome", "CLIENT_ERROR")
        .hasLowCardinalityKeyValue("uri", "none")
        .hasLowCardinalityKeyValue("exception", "none");
  }

  @Test
  void refusalBeforeSendingIsRecordedAsRefusedNotAsANetworkError() {
    /** What a resilience interceptor throws when it turns a call away unsent. */
    final class Refused extends IOException {
      Refused() {
        super("circuit open");
      }
    }
    CourierClient refusing = new CourierClient.Builder()
        .addInterceptor(CourierObservationInterceptor.builder(registry)
            .refusedWhen(failure -> failure instanceof Refused).build())
        .addInterceptor(chain -> {
          throw new Refused();
        })
        .build();
    Throwable thrown = catchThrowable(refusing.newCall(request("/refused").build())::execute);
    assertThat(thrown).isInstanceOf(Refused.class);
    assertThat(server.getRequestCount()).isZero();

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasError(thrown)
        .hasLowCardinalityKeyValue("status", "REFUSED")
        .hasLowCardinalityKeyValue("outcome", "UNKNOWN")
        .hasLowCardinalityKeyValue("exception", "Refused");
  }

  @Test
  void networkFailureIsRecordedAsIoErrorAndRethrownUnchanged() {
    server.enqueue(new MockResponse.Builder()
        .onRequestStart(new SocketEffect.CloseSocket(true, false, false)).build());
    Call call = client.newCall(request("/fails").build());

    Throwable thrown = catchThrowable(call::execute);
    assertThat(thrown).isInstanceOf(IOException.class);

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasError(thrown)
        .hasLowCardinalityKeyValue("status", "IO_ERROR")
        .hasLowCardinalityKeyValue("outcome", "UNKNOWN")
        .hasLowCardinalityKeyValue("exception", thrown.getClass().getSimpleName())
        .hasBeenStopped();
  }

  @Test
  void canceledCallIsAClientError() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
        .build());
    Call call = client.newCall(request("/slow").build());
    CompletableFuture<IOException> failure = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        failure.complete(e);
      }

      @Override
      public void onResponse(Call c, Response response) {
        response.close();
        failure.completeExceptionally(new AssertionError("expected a failure"));
      }
    });
    server.takeRequest(); // The request reached the server: the call is in flight.
    call.cancel();

    assertThat(failure.get(10, TimeUnit.SECONDS)).hasMessage("Canceled");
    // The observation records what the chain threw where it runs: the engine may report the
    // cancel to the caller differently (as "Canceled") from how the socket failed underneath.
    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasLowCardinalityKeyValue("status", "CLIENT_ERROR")
        .hasLowCardinalityKeyValue("outcome", "UNKNOWN")
        .doesNotHaveLowCardinalityKeyValue("exception", "none")
        .hasBeenStopped()
        .assertThatError().isInstanceOf(IOException.class);
  }

  @Test
  void serviceNameIsTheClientName() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    CourierClient catalog = new CourierClient.Builder()
        .addInterceptor(CourierObservationInterceptor.builder(registry).build()
            .withServiceName("catalog"))
        .build();
    try {
      catalog.newCall(request("/").build()).execute().close();
    } finally {
      catalog.close();
    }
    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasLowCardinalityKeyValue("client.name", "catalog");
  }

  @Test
  void absoluteTemplatesAreReducedToTheirPath() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    client.newCall(request("/a/1").tag(UriTemplate.class,
        UriTemplate.of("http://catalog:8080/a/{id}")).build()).execute().close();
    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasLowCardinalityKeyValue("uri", "/a/{id}");
  }

  @Test
  void propagationHandlerWritesTraceContextIntoTheRequestHeaders() throws Exception {
    registry.observationConfig().observationHandler(new FakePropagatingHandler());
    server.enqueue(new MockResponse.Builder().build());
    Request request = request("/traced").build();
    client.newCall(request).execute().close();

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("traceparent")).isEqualTo("00-trace-span-01");
    assertThat(request.header("traceparent")).as("the caller's request is unchanged").isNull();
  }

  @Test
  void aParentObservationCanBeGivenAsATag() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    Observation parent = Observation.start("parent", registry);
    client.newCall(request("/").tag(Observation.class, parent).build()).execute().close();
    parent.stop();

    TestObservationRegistryAssert.assertThat(registry)
        .hasObservationWithNameEqualTo("http.client.requests").that()
        .hasParentObservationEqualTo(parent);
  }

  @Test
  void skippedRequestsAreNotObserved() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    CourierClient skipping = new CourierClient.Builder()
        .addInterceptor(CourierObservationInterceptor.builder(registry)
            .skipWhen(request -> true).build())
        .build();
    try {
      skipping.newCall(request("/").build()).execute().close();
    } finally {
      skipping.close();
    }
    TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
  }

  @Test
  void meterHandlerTurnsTheObservationIntoATaggedTimer() throws Exception {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    CourierClient metered = new CourierClient.Builder()
        .addInterceptor(CourierObservationInterceptor.builder(observations).build())
        .build();
    server.enqueue(new MockResponse.Builder().code(404).build());
    try {
      metered.newCall(request("/x").build()).execute().close();
    } finally {
      metered.close();
    }
    Timer timer = meters.get("http.client.requests")
        .tags("method", "GET", "uri", "none", "status", "404", "outcome", "CLIENT_ERROR",
            "exception", "none", "client.name", server.getHostName())
        .timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(meters.getMeters()).allSatisfy(meter ->
        assertThat(meter.getId().getTag("http.url")).isNull());
  }

  @Test
  void aQueryTokenWithoutAValueIsMaskedInTheUrl() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    client.newCall(request("/hook?bare-token-secret&page=2").build()).execute().close();

    TestObservationRegistryAssert.assertThat(registry).hasSingleObservationThat()
        .hasHighCardinalityKeyValue("http.url",
            "http://" + server.getHostName() + ":" + server.getPort() + "/hook?██&page=██");
  }

  @Test
  void builderRejectsNullArguments() {
    assertThatThrownBy(() -> CourierObservationInterceptor.builder(null))
        .isInstanceOf(NullPointerException.class);
  }

  /** Stands in for a tracer: writes a trace header through the context's setter on start. */
  private static final class FakePropagatingHandler
      implements ObservationHandler<SenderContext<Object>> {
    @Override
    public void onStart(SenderContext<Object> context) {
      context.getSetter().set(context.getCarrier(), "traceparent", "00-trace-span-01");
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return context instanceof SenderContext;
    }
  }
}
