package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.UriTemplate;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * {@link CourierMeterObservationHandler} makes the meters Micrometer's default handler makes, with
 * the same names, tags and counts, keeps the long task timer while a call runs, and finds a
 * removed meter again.
 */
class CourierMeterObservationHandlerTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() throws IOException {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  /** An observation registry whose meter handlers are those the starter installs. */
  private static ObservationRegistry observedBy(ObservationHandler<?> meterHandler) {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(meterHandler);
    return observations;
  }

  private static ObservationHandler<?> courierFirst(MeterRegistry meters,
      IgnoredMeters... ignored) {
    return new ObservationHandler.FirstMatchingCompositeObservationHandler(
        new CourierMeterObservationHandler(meters, ignored),
        new DefaultMeterObservationHandler(meters, ignored));
  }

  private CourierClient client(ObservationRegistry observations, Interceptor... more) {
    CourierClient.Builder builder = new CourierClient.Builder().retryOnConnectionFailure(false)
        .addInterceptor(CourierObservationInterceptor.builder(observations)
            .serviceName("catalog").build());
    for (Interceptor interceptor : more) builder.addInterceptor(interceptor);
    return builder.build();
  }

  /** Makes one of each kind of call: found, not found, server error, templated, failed. */
  private void makeCalls(ObservationRegistry observations) throws IOException {
    try (CourierClient client = client(observations)) {
      server.enqueue(new MockResponse.Builder().build());
      server.enqueue(new MockResponse.Builder().code(404).build());
      server.enqueue(new MockResponse.Builder().code(503).build());
      server.enqueue(new MockResponse.Builder().build());
      for (String path : new String[] {"/a", "/b", "/c"}) {
        client.newCall(new Request.Builder().url(server.url(path).toString()).build())
            .execute().close();
      }
      client.newCall(new Request.Builder().url(server.url("/items/7").toString())
          .tag(UriTemplate.class, UriTemplate.of("/items/{id}")).build()).execute().close();
      assertThat(catchThrowable(() -> client.newCall(new Request.Builder()
          .url("http://127.0.0.1:" + closedPort() + "/fails").build()).execute()))
          .isInstanceOf(IOException.class);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** Returns each meter by its type, name and tags, with what it counted. */
  private static Map<String, Long> describe(MeterRegistry meters) {
    Map<String, Long> result = new TreeMap<>();
    for (Meter meter : meters.getMeters()) {
      long count = meter instanceof Timer timer ? timer.count()
          : meter instanceof LongTaskTimer active ? active.activeTasks()
          : meter instanceof Counter counter ? (long) counter.count()
          : meter instanceof FunctionCounter counter ? (long) counter.count() : -1;
      result.put(meter.getId().getType() + " " + meter.getId().getName() + " "
          + meter.getId().getTags(), count);
    }
    return result;
  }

  @Test
  void makesTheMetersTheDefaultHandlerMakes() throws IOException {
    MeterRegistry byDefault = new SimpleMeterRegistry();
    makeCalls(observedBy(new DefaultMeterObservationHandler(byDefault)));
    MeterRegistry byCourier = new SimpleMeterRegistry();
    makeCalls(observedBy(courierFirst(byCourier)));

    assertThat(describe(byCourier)).isEqualTo(describe(byDefault))
        .containsEntry("TIMER http.client.requests [tag(client.name=catalog), tag(error=none), "
            + "tag(exception=none), tag(method=GET), tag(outcome=SUCCESS), tag(status=200), "
            + "tag(uri=none)]", 1L)
        .containsEntry("LONG_TASK_TIMER http.client.requests.active [tag(client.name=catalog), "
            + "tag(exception=none), tag(method=GET), tag(outcome=UNKNOWN), "
            + "tag(status=CLIENT_ERROR), tag(uri=none)]", 0L);
    assertThat(describe(byCourier).keySet())
        .anyMatch(meter -> meter.contains("uri=/items/{id}"))
        .anyMatch(meter -> meter.contains("status=IO_ERROR") && meter.contains("error="));
  }

  @Test
  void longTaskTimerCountsTheCallWhileItRuns() throws IOException {
    MeterRegistry meters = new SimpleMeterRegistry();
    AtomicInteger activeDuringCall = new AtomicInteger(-1);
    Interceptor peek = chain -> {
      activeDuringCall.set(meters.get("http.client.requests.active").longTaskTimer()
          .activeTasks());
      return chain.proceed(chain.request());
    };
    server.enqueue(new MockResponse.Builder().build());
    try (CourierClient client = client(observedBy(courierFirst(meters)), peek)) {
      client.newCall(new Request.Builder().url(server.url("/").toString()).build())
          .execute().close();
    }
    assertThat(activeDuringCall).hasValue(1);
    assertThat(meters.get("http.client.requests.active").longTaskTimer().activeTasks()).isZero();
  }

  @Test
  void ignoredLongTaskTimerIsNeverMade() throws IOException {
    MeterRegistry meters = new SimpleMeterRegistry();
    server.enqueue(new MockResponse.Builder().build());
    try (CourierClient client = client(observedBy(courierFirst(meters,
        IgnoredMeters.LONG_TASK_TIMER)))) {
      client.newCall(new Request.Builder().url(server.url("/").toString()).build())
          .execute().close();
    }
    assertThat(meters.find("http.client.requests").timer()).isNotNull();
    assertThat(meters.find("http.client.requests.active").meter()).isNull();
  }

  @Test
  void removedMeterIsMadeAgainOnTheNextCall() throws IOException {
    MeterRegistry meters = new SimpleMeterRegistry();
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().build());
    try (CourierClient client = client(observedBy(courierFirst(meters)))) {
      Request request = new Request.Builder().url(server.url("/").toString()).build();
      client.newCall(request).execute().close();
      meters.remove(meters.get("http.client.requests").timer());
      client.newCall(request).execute().close();
    }
    assertThat(meters.get("http.client.requests").timer().count()).isEqualTo(1);
  }

  @Test
  void tagSetsAreKeptOnceWhateverTheKeyValueTypeIsEqualBy() throws IOException {
    // KeyValue.of with a validator makes key values that are equal only to themselves.
    CourierObservationConvention validated = new DefaultCourierObservationConvention() {
      @Override
      protected KeyValue uri(CourierObservationContext context) {
        return KeyValue.of("uri", "/items", value -> !value.isEmpty());
      }
    };
    MeterRegistry meters = new SimpleMeterRegistry();
    CourierMeterObservationHandler handler = new CourierMeterObservationHandler(meters);
    ObservationRegistry observations = observedBy(handler);
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().build());
    try (CourierClient client = new CourierClient.Builder()
        .addInterceptor(CourierObservationInterceptor.builder(observations)
            .convention(validated).serviceName("catalog").build())
        .build()) {
      Request request = new Request.Builder().url(server.url("/items").toString()).build();
      client.newCall(request).execute().close();
      client.newCall(request).execute().close();
    }
    assertThat(meters.get("http.client.requests").tag("uri", "/items").timer().count())
        .isEqualTo(2);
    // One long task timer and one timer, not one of each per call.
    assertThat(handler.keptMeters()).isEqualTo(2);
  }

  @Test
  void eventsAreCountedAndOtherContextsLeftToOtherHandlers() {
    MeterRegistry meters = new SimpleMeterRegistry();
    CourierMeterObservationHandler handler = new CourierMeterObservationHandler(meters);
    assertThat(handler.supportsContext(new Observation.Context())).isFalse();

    ObservationRegistry observations = observedBy(courierFirst(meters));
    CourierObservationContext context = new CourierObservationContext(
        new Request.Builder().url(server.url("/").toString()).build(), "catalog", null);
    Observation observation = CourierObservationDocumentation.HTTP_CLIENT_REQUESTS
        .observation(null, new DefaultCourierObservationConvention(), () -> context,
            observations).start();
    observation.event(Observation.Event.of("retry"));
    observation.stop();
    Observation.createNotStarted("checkout", observations).start().stop();

    assertThat(meters.get("http.client.requests.retry").counter().count()).isEqualTo(1);
    assertThat(meters.get("checkout").timer().count()).isEqualTo(1);
  }
}
