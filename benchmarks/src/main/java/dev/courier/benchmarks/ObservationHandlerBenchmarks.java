package dev.courier.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.micrometer.CourierMeterObservationHandler;
import dev.courier.micrometer.CourierObservationContext;
import dev.courier.micrometer.CourierObservationDocumentation;
import dev.courier.micrometer.DefaultCourierObservationConvention;

/**
 * The {@code http.client.requests} observation of one call alone, without the network: what the
 * meter handler costs on top of the observation, with Micrometer's default handler
 * ({@code default-meters}), with Courier's ahead of it ({@code courier-meters}) or with none
 * ({@code no-meters}). It isolates the part of workload 8 that the meter handler decides, where
 * the network's noise would hide it.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservationHandlerBenchmarks {
  private static final DefaultCourierObservationConvention CONVENTION =
      new DefaultCourierObservationConvention();

  /** Which meter handler records the observation. */
  @Param({"no-meters", "courier-meters", "default-meters"})
  public String handler;

  private ObservationRegistry observations;
  private Request request;
  private Response response;

  /** Builds the registries, a request and its response. */
  @Setup
  public void setUp() {
    observations = ObservationRegistry.create();
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationHandler<?> meterHandler = switch (handler) {
      case "no-meters" -> new ObservationHandler<>() {
        @Override
        public boolean supportsContext(Observation.Context context) {
          return true;
        }
      };
      case "courier-meters" -> new ObservationHandler.FirstMatchingCompositeObservationHandler(
          new CourierMeterObservationHandler(meters), new DefaultMeterObservationHandler(meters));
      case "default-meters" -> new DefaultMeterObservationHandler(meters);
      default -> throw new IllegalArgumentException("handler: " + handler);
    };
    observations.observationConfig().observationHandler(meterHandler);
    request = new Request.Builder().url("http://127.0.0.1:8080/1k.bin").build();
    response = new Response.Builder().request(request).code(200).message("OK").build();
  }

  /** Starts and stops the observation of a call that got a 200. */
  @Benchmark
  public Object observeCall() {
    CourierObservationContext context = new CourierObservationContext(request, "bench", null);
    Observation observation = CourierObservationDocumentation.HTTP_CLIENT_REQUESTS
        .observation(null, CONVENTION, () -> context, observations).start();
    context.setResponse(response);
    observation.stop();
    return context;
  }
}
