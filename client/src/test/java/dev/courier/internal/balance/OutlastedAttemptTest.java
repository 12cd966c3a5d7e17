package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.LEAST_REQUEST;
import static dev.courier.internal.balance.TestServices.pickExactly;
import static dev.courier.internal.balance.TestServices.service;
import static dev.courier.internal.balance.TestServices.snapshotOf;
import static dev.courier.internal.balance.TestServices.stateOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.courier.InstanceSnapshot;
import dev.courier.OutlierDetection;
import org.junit.jupiter.api.Test;

/**
 * An attempt abandoned because its hedge answered first: how long it waited is a lower bound on
 * its instance's latency, never an outcome for ejection.
 */
class OutlastedAttemptTest {
  private final FakeClock clock = new FakeClock();
  private final RealServiceInstances service = service(clock, LEAST_REQUEST,
      new OutlierDetection.Builder().consecutiveLocalOriginFailure(1).build(), A);

  @Test
  void theWaitRaisesTheInstancesLatency() throws Exception {
    Pick abandoned = pickExactly(service, A);
    clock.advance(Duration.ofMillis(80));
    abandoned.outlasted();
    abandoned.finish();
    assertThat(snapshotOf(service, A).latency()).isEqualTo(Duration.ofMillis(80));
  }

  @Test
  void itCountsInTheLatencyPercentileButNotTowardEjection() throws Exception {
    List<Pick> abandoned = new ArrayList<>();
    for (int i = 0; i < LatencyHistogram.MIN_SAMPLES; i++) abandoned.add(pickExactly(service, A));
    clock.advance(Duration.ofSeconds(2));
    for (Pick pick : abandoned) {
      pick.outlasted();
      pick.failed(LocalFailure.TIMEOUT); // Ignored: one outcome per attempt.
      pick.finish();
    }
    assertThat(stateOf(service, A)).isEqualTo(InstanceSnapshot.State.HEALTHY);
    assertThat(service.latencies().percentileNanos(50, clock.getAsLong()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
  }
}
