package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Balancing, ejection and hedging settings: Envoy-like defaults, checks, and copies. */
class ServiceSettingsTest {
  @Test
  void loadBalancingDefaults() {
    assertThat(LoadBalancing.DEFAULT.policy()).isEqualTo(LoadBalancing.Policy.LEAST_REQUEST);
    assertThat(LoadBalancing.DEFAULT.slowStartWindow()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void outlierDetectionDefaultsAreEnvoys() {
    OutlierDetection defaults = OutlierDetection.DEFAULT;
    assertThat(defaults.consecutive5xx()).isEqualTo(5);
    assertThat(defaults.consecutiveGatewayFailure()).isEqualTo(5);
    assertThat(defaults.consecutiveLocalOriginFailure()).isEqualTo(5);
    assertThat(defaults.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.baseEjectionTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.maxEjectionTime()).isEqualTo(Duration.ofSeconds(300));
    assertThat(defaults.maxEjectionPercent()).isEqualTo(10);
    assertThat(defaults.panicThresholdPercent()).isEqualTo(50);
    assertThat(defaults.isEnabled()).isTrue();
    assertThat(OutlierDetection.DISABLED.isEnabled()).isFalse();
    assertThat(defaults.newBuilder().maxEjectionPercent(0).build().isEnabled()).isFalse();
  }

  @Test
  void hedgingIsOffByDefault() {
    assertThat(Hedging.DISABLED.isEnabled()).isFalse();
    assertThat(new Hedging.Builder().build()).isEqualTo(Hedging.DISABLED);
    assertThat(Hedging.DISABLED.budgetPercent()).isEqualTo(10);
    assertThat(Hedging.DISABLED).hasToString("Hedging{disabled}");
  }

  @Test
  void hedgingTakesADelayOrAPercentileNotBoth() {
    Hedging fixed = new Hedging.Builder().percentile(99).delay(Duration.ofMillis(30)).build();
    assertThat(fixed.delay()).isEqualTo(Duration.ofMillis(30));
    assertThat(fixed.percentile()).isZero();
    Hedging percentile = fixed.newBuilder().percentile(95).build();
    assertThat(percentile.delay()).isNull();
    assertThat(percentile.percentile()).isEqualTo(95.0);
    assertThat(percentile).hasToString("Hedging{percentile=95.0, budgetPercent=10}");
  }

  @Test
  void theMaxEjectionTimeFollowsALongerBaseTimeUnlessSet() {
    OutlierDetection longBase = new OutlierDetection.Builder()
        .baseEjectionTime(Duration.ofMinutes(10))
        .build();
    assertThat(longBase.maxEjectionTime()).isEqualTo(Duration.ofMinutes(10));
    // A copy still follows the base time, since the maximum was never set.
    assertThat(longBase.newBuilder().baseEjectionTime(Duration.ofMinutes(20)).build()
        .maxEjectionTime()).isEqualTo(Duration.ofMinutes(20));
    assertThatThrownBy(() -> new OutlierDetection.Builder()
        .baseEjectionTime(Duration.ofMinutes(2))
        .maxEjectionTime(Duration.ofMinutes(1))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEjectionTime (PT1M) must be at least baseEjectionTime (PT2M)");
  }

  @Test
  void copiesAreEqual() {
    OutlierDetection outlier = new OutlierDetection.Builder().consecutive5xx(3).build();
    assertThat(outlier.newBuilder().build()).isEqualTo(outlier).hasSameHashCodeAs(outlier);
    LoadBalancing balancing = new LoadBalancing.Builder()
        .slowStartWindow(Duration.ofMinutes(1)).build();
    assertThat(balancing.newBuilder().build()).isEqualTo(balancing).hasSameHashCodeAs(balancing);
    Hedging hedging = new Hedging.Builder().delay(Duration.ofMillis(5)).budgetPercent(2).build();
    assertThat(hedging.newBuilder().build()).isEqualTo(hedging).hasSameHashCodeAs(hedging);
    assertThat(outlier).isNotEqualTo(OutlierDetection.DEFAULT);
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new LoadBalancing.Builder().slowStartWindow(Duration.ofSeconds(-1)))
        .hasMessage("slowStartWindow must be zero or positive: PT-1S");
    assertThatThrownBy(() -> new LoadBalancing.Builder().slowStartWindow(Duration.ofDays(2)))
        .hasMessage("slowStartWindow must be at most PT24H: PT48H");
    assertThatThrownBy(() -> new LoadBalancing.Builder().policy(null))
        .hasMessage("policy == null");
    assertThatThrownBy(() -> new OutlierDetection.Builder().consecutive5xx(-1))
        .hasMessage("consecutive5xx must be 0 (off) or more: -1");
    assertThatThrownBy(() -> new OutlierDetection.Builder().maxEjectionPercent(101))
        .hasMessage("maxEjectionPercent must be from 0 to 100: 101");
    assertThatThrownBy(() -> new OutlierDetection.Builder().panicThresholdPercent(-5))
        .hasMessage("panicThresholdPercent must be from 0 to 100: -5");
    assertThatThrownBy(() -> new OutlierDetection.Builder().interval(Duration.ZERO))
        .hasMessage("interval must be positive: PT0S");
    assertThatThrownBy(() -> new OutlierDetection.Builder().baseEjectionTime(null))
        .hasMessage("baseEjectionTime == null");
    assertThatThrownBy(() -> new Hedging.Builder().percentile(100))
        .hasMessage("percentile must be more than 0 and less than 100: 100.0");
    assertThatThrownBy(() -> new Hedging.Builder().percentile(Double.NaN))
        .hasMessage("percentile must be more than 0 and less than 100: NaN");
    assertThatThrownBy(() -> new Hedging.Builder().delay(Duration.ZERO))
        .hasMessage("delay must be positive: PT0S");
    assertThatThrownBy(() -> new Hedging.Builder().budgetPercent(0))
        .hasMessage("budgetPercent must be from 1 to 100: 0");
  }
}
