package dev.courier.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names the {@code http.client.requests} observation of a Courier call and its key values.
 * Implement it, or extend {@link DefaultCourierObservationConvention}, and declare it as a bean to
 * change the name or the tags:
 *
 * <pre>{@code
 * @Bean
 * CourierObservationConvention courierConvention() {
 *   return new DefaultCourierObservationConvention() {
 *     @Override
 *     public KeyValues getLowCardinalityKeyValues(CourierObservationContext context) {
 *       return super.getLowCardinalityKeyValues(context).and("team", "checkout");
 *     }
 *   };
 * }
 * }</pre>
 */
public interface CourierObservationConvention extends ObservationConvention<CourierObservationContext> {

  /** Returns true for {@link CourierObservationContext}s, the contexts this convention reads. */
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof CourierObservationContext;
  }
}
