package dev.courier.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import dev.courier.Request;

/**
 * {@link CourierObservationContext} keeps its key values its own way, and answers every question
 * about them as Micrometer's base context does; its carrier is a builder of the request.
 */
class CourierObservationContextTest {
  private final Request request = new Request.Builder()
      .url("http://user:secret@example.com/items/1?token=abc").header("Accept", "text/plain")
      .build();

  private CourierObservationContext context() {
    return new CourierObservationContext(request, "catalog", null);
  }

  @Test
  void keyValuesAnswerAsTheBaseContextsDo() {
    Observation.Context plain = new Observation.Context();
    CourierObservationContext courier = context();
    for (Observation.Context context : List.of(plain, courier)) {
      context.addLowCardinalityKeyValues(KeyValues.of("status", "CLIENT_ERROR", "method", "GET"));
      context.addLowCardinalityKeyValue(KeyValue.of("team", "checkout"));
      // As on stop: the convention's set again, with new values, over what filters added.
      context.addLowCardinalityKeyValues(KeyValues.of("status", "200", "method", "GET"));
      context.addLowCardinalityKeyValues(KeyValues.empty());
      context.addHighCardinalityKeyValue(KeyValue.of("http.url", "http://example.com/"));
      context.addHighCardinalityKeyValues(KeyValues.of("span", "1"));
      context.removeLowCardinalityKeyValue("absent");
      context.removeHighCardinalityKeyValues("span", "absent");
    }
    assertThat(courier.getLowCardinalityKeyValues())
        .isEqualTo(plain.getLowCardinalityKeyValues())
        .isEqualTo(KeyValues.of("method", "GET", "status", "200", "team", "checkout"));
    assertThat(courier.getHighCardinalityKeyValues())
        .isEqualTo(plain.getHighCardinalityKeyValues());
    assertThat(courier.getAllKeyValues()).isEqualTo(plain.getAllKeyValues());
    assertThat(courier.getLowCardinalityKeyValue("status")).isEqualTo(KeyValue.of("status", "200"));
    assertThat(courier.getLowCardinalityKeyValue("absent")).isNull();
    assertThat(courier.getHighCardinalityKeyValue("http.url"))
        .isEqualTo(plain.getHighCardinalityKeyValue("http.url"));

    for (Observation.Context context : List.of(plain, courier)) {
      context.removeLowCardinalityKeyValues("team", "method");
    }
    assertThat(courier.getLowCardinalityKeyValues())
        .isEqualTo(plain.getLowCardinalityKeyValues())
        .isEqualTo(KeyValues.of("status", "200"));
  }

  @Test
  void carrierIsABuilderOfTheRequestThatSendsWhatTheSetterWrote() {
    CourierObservationContext context = context();
    assertThat(context.hasPropagationHeaders()).isFalse();
    context.getSetter().set(context.getCarrier(), "traceparent", "00-trace-span-01");
    assertThat(context.hasPropagationHeaders()).isTrue();
    Request sent = context.getCarrier().build();
    assertThat(sent.url()).isEqualTo(request.url());
    assertThat(sent.header("Accept")).isEqualTo("text/plain");
    assertThat(sent.header("traceparent")).isEqualTo("00-trace-span-01");
    assertThat(request.header("traceparent")).isNull();
  }

  @Test
  void redactedUrlHasNeitherCredentialsNorQueryValues() {
    assertThat(context().getRedactedUrl()).doesNotContain("secret").doesNotContain("abc")
        .startsWith("http://").contains("example.com/items/1?token=");
  }
}
