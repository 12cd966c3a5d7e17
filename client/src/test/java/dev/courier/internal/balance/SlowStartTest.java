package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.B;
import static dev.courier.internal.balance.TestServices.C;
import static dev.courier.internal.balance.TestServices.D;
import static dev.courier.internal.balance.TestServices.service;
import static dev.courier.internal.balance.TestServices.snapshotOf;
import static dev.courier.internal.balance.TestServices.stateOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.courier.HttpUrl;
import dev.courier.InstanceSnapshot;
import dev.courier.LoadBalancing;
import dev.courier.OutlierDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An instance added to a running service takes a share that grows over the slow-start window. */
class SlowStartTest {
  private static final int PICKS = 8_000;

  private final FakeClock clock = new FakeClock();

  private static LoadBalancing balancing(LoadBalancing.Policy policy) {
    return new LoadBalancing.Builder()
        .policy(policy)
        .slowStartWindow(Duration.ofSeconds(30))
        .build();
  }

  @ParameterizedTest
  @EnumSource(LoadBalancing.Policy.class)
  void aNewInstanceRampsUpOverTheWindow(LoadBalancing.Policy policy) throws Exception {
    RealServiceInstances service = service(clock, balancing(policy), OutlierDetection.DISABLED,
        A, B, C);
    service.update(List.of(A, B, C, D));
    assertThat(stateOf(service, D)).isEqualTo(InstanceSnapshot.State.WARMING);
    assertThat(snapshotOf(service, D).warmUpTimeLeft()).isEqualTo(Duration.ofSeconds(30));

    // A full share is 25%. Least request offers D in proportion to its weight, w / (3 + w);
    // round robin keeps D's turn with probability w, w / 4. Either way, 10% of a share at first.
    double atJoin = shareOf(service, D);
    assertThat(atJoin).isBetween(0.015, 0.045);

    clock.advance(Duration.ofSeconds(15)); // Half way: weight 0.5.
    double halfWay = shareOf(service, D);
    assertThat(halfWay).isBetween(0.10, 0.17);

    clock.advance(Duration.ofSeconds(15));
    assertThat(stateOf(service, D)).isEqualTo(InstanceSnapshot.State.HEALTHY);
    assertThat(shareOf(service, D)).isBetween(0.22, 0.28);
  }

  @Test
  void theFirstInstancesStartAtAFullShare() throws Exception {
    RealServiceInstances service = service(clock, balancing(LoadBalancing.Policy.LEAST_REQUEST),
        OutlierDetection.DISABLED, A, B);
    assertThat(stateOf(service, A)).isEqualTo(InstanceSnapshot.State.HEALTHY);
    assertThat(shareOf(service, A)).isBetween(0.45, 0.55);
  }

  @Test
  void instancesAddedToAnEmptyServiceStartAtAFullShare() throws Exception {
    RealServiceInstances service = service(clock, balancing(LoadBalancing.Policy.LEAST_REQUEST),
        OutlierDetection.DISABLED);
    service.update(List.of(A, B));
    // No warm instance could carry the load while they warm up.
    assertThat(stateOf(service, A)).isEqualTo(InstanceSnapshot.State.HEALTHY);
    assertThat(stateOf(service, B)).isEqualTo(InstanceSnapshot.State.HEALTHY);
  }

  @Test
  void aZeroWindowTurnsSlowStartOff() throws Exception {
    LoadBalancing noSlowStart = new LoadBalancing.Builder().slowStartWindow(Duration.ZERO).build();
    RealServiceInstances service = service(clock, noSlowStart, OutlierDetection.DISABLED, A, B, C);
    service.update(List.of(A, B, C, D));
    assertThat(stateOf(service, D)).isEqualTo(InstanceSnapshot.State.HEALTHY);
    assertThat(shareOf(service, D)).isBetween(0.22, 0.28);
  }

  @Test
  void warmingInstancesShareEquallyAmongThemselves() throws Exception {
    RealServiceInstances service = service(clock, balancing(LoadBalancing.Policy.LEAST_REQUEST),
        OutlierDetection.DISABLED, A);
    service.update(List.of(B, C)); // A leaves; B and C are both warming.
    assertThat(stateOf(service, B)).isEqualTo(InstanceSnapshot.State.WARMING);
    assertThat(shareOf(service, B)).isBetween(0.45, 0.55);
  }

  /** Returns the share of {@value #PICKS} picks, each finished at once, that go to {@code url}. */
  private static double shareOf(RealServiceInstances service, HttpUrl url) throws Exception {
    int count = 0;
    for (int i = 0; i < PICKS; i++) {
      Pick pick = service.pick(null, false, null);
      if (pick.url().equals(url)) count++;
      pick.finish();
    }
    return (double) count / PICKS;
  }
}
