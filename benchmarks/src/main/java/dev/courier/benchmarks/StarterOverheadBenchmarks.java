package dev.courier.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.courier.ConnectionPool;
import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.micrometer.CourierMeterObservationHandler;
import dev.courier.micrometer.CourierObservationInterceptor;
import dev.courier.resilience4j.ResilienceInterceptor;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 8: what the starter's interceptors cost per call. The same 1 KiB GET through a bare
 * Courier client and through one carrying what the starter adds for a service with resilience
 * on, built without Spring: the {@code http.client.requests} observation (recorded as a timer and a
 * long task timer by the meter handlers the starter installs: Courier's ahead of Boot's default
 * one), a circuit breaker and a retry.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StarterOverheadBenchmarks {
  private static final String SMALL = Target.url("/1k.bin");

  /**
   * {@code bare}, or {@code starter} with the interceptors; {@code default-meters} is
   * {@code starter} with Micrometer's default meter handler alone, as before Courier had its own.
   */
  @Param({"bare", "starter", "default-meters"})
  public String variant;

  private CourierClient client;

  /** Builds the client for this variant. */
  @Setup(Level.Trial)
  public void setUp() {
    CourierClient.Builder builder = new CourierClient.Builder()
        .connectionPool(new ConnectionPool(PeerState.MAX_CONNECTIONS, Duration.ofMinutes(5)));
    if (!variant.equals("bare")) {
      ObservationRegistry observations = ObservationRegistry.create();
      MeterRegistry meters = new SimpleMeterRegistry();
      observations.observationConfig().observationHandler(variant.equals("default-meters")
          ? new DefaultMeterObservationHandler(meters)
          : new ObservationHandler.FirstMatchingCompositeObservationHandler(
              new CourierMeterObservationHandler(meters),
              new DefaultMeterObservationHandler(meters)));
      builder.addInterceptor(CourierObservationInterceptor.builder(observations)
          .serviceName("bench")
          .build());
      ResilienceInterceptor.builder("bench")
          .circuitBreaker(CircuitBreakerRegistry.ofDefaults().circuitBreaker("bench"))
          .retry(RetryRegistry.ofDefaults().retry("bench"))
          .build()
          .applyTo(builder);
    }
    client = builder.build();
  }

  /** Closes the client. */
  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
  }

  /** A 1 KiB GET on a kept-alive connection. */
  @Benchmark
  public long get1k() throws Exception {
    try (Response response = client.newCall(new Request.Builder().url(SMALL).build()).execute()) {
      return response.body().bytes().length;
    }
  }
}
