package dev.courier.internal.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The recent response times hedging reads its percentile delay from. */
class LatencyHistogramTest {
  private final FakeClock clock = new FakeClock();
  private final LatencyHistogram histogram = new LatencyHistogram(clock.getAsLong());

  @Test
  void bucketsAreAtMostAnEighthWide() {
    for (long micros = 0; micros < 5_000_000; micros += Math.max(1, micros / 100)) {
      int bucket = LatencyHistogram.bucket(micros);
      long upper = LatencyHistogram.upperBoundMicros(bucket);
      assertThat(upper).as("%s µs", micros).isGreaterThan(micros);
      assertThat(upper).as("%s µs", micros).isLessThanOrEqualTo(micros + micros / 8 + 1);
      if (bucket > 0) {
        assertThat(LatencyHistogram.upperBoundMicros(bucket - 1)).isLessThanOrEqualTo(micros);
      }
    }
    long hours = TimeUnit.HOURS.toMicros(40);
    assertThat(LatencyHistogram.bucket(hours)).isLessThan(LatencyHistogram.BUCKETS);
  }

  @Test
  void readsPercentilesOfRecentResponses() {
    for (int millis = 1; millis <= 1000; millis++) record(Duration.ofMillis(millis));
    assertThat(percentile(50)).isBetween(Duration.ofMillis(500), Duration.ofMillis(563));
    assertThat(percentile(95)).isBetween(Duration.ofMillis(950), Duration.ofMillis(1069));
    assertThat(percentile(99.9)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1124));
  }

  @Test
  void knowsNothingUntilEnoughResponses() {
    for (int i = 0; i < LatencyHistogram.MIN_SAMPLES - 1; i++) record(Duration.ofMillis(5));
    assertThat(histogram.percentileNanos(95, clock.getAsLong())).isEqualTo(-1);
    record(Duration.ofMillis(5));
    assertThat(percentile(95)).isBetween(Duration.ofMillis(5), Duration.ofMillis(6));
  }

  @Test
  void responsesExpireAfterTwoPeriods() {
    for (int i = 0; i < 100; i++) record(Duration.ofMillis(200));
    clock.advance(Duration.ofSeconds(LatencyHistogram.PERIOD_SECONDS));
    assertThat(percentile(50)).isBetween(Duration.ofMillis(200), Duration.ofMillis(225));

    // Service got faster: new responses, and the old ones expire.
    for (int i = 0; i < 100; i++) record(Duration.ofMillis(10));
    clock.advance(Duration.ofSeconds(LatencyHistogram.PERIOD_SECONDS));
    assertThat(percentile(90)).isBetween(Duration.ofMillis(10), Duration.ofMillis(12));

    clock.advance(Duration.ofSeconds(LatencyHistogram.PERIOD_SECONDS));
    assertThat(histogram.percentileNanos(50, clock.getAsLong())).isEqualTo(-1);
  }

  @Test
  void aLongSilenceClearsEverything() {
    for (int i = 0; i < 100; i++) record(Duration.ofMillis(200));
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 60; i++) record(Duration.ofMillis(3));
    assertThat(percentile(99)).isBetween(Duration.ofMillis(3), Duration.ofMillis(4));
  }

  private void record(Duration latency) {
    histogram.record(latency.toNanos(), clock.getAsLong());
  }

  private Duration percentile(double percentile) {
    long nanos = histogram.percentileNanos(percentile, clock.getAsLong());
    assertThat(nanos).as("percentile %s", percentile).isPositive();
    return Duration.ofNanos(nanos);
  }
}
