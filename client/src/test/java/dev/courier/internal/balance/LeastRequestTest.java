package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.B;
import static dev.courier.internal.balance.TestServices.C;
import static dev.courier.internal.balance.TestServices.LEAST_REQUEST;
import static dev.courier.internal.balance.TestServices.pickExactly;
import static dev.courier.internal.balance.TestServices.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.courier.HttpUrl;
import dev.courier.OutlierDetection;
import org.junit.jupiter.api.Test;

/** Power of two choices on in-flight attempts, weighted by each instance's latency average. */
class LeastRequestTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void picksTheLessLoadedOfTwo() throws Exception {
    RealServiceInstances service = service(clock, LEAST_REQUEST, OutlierDetection.DISABLED, A, B);
    List<Pick> held = new ArrayList<>();
    for (int i = 0; i < 6; i++) held.add(service.pick(null, false, null));
    // Always taking the less loaded of the two keeps them level.
    assertThat(held).filteredOn(pick -> pick.url().equals(A)).hasSize(3);
    for (Pick pick : held) {
      if (pick.url().equals(B)) pick.finish();
    }

    // A has 3 in flight and B none: the next three go to B.
    for (int i = 0; i < 3; i++) {
      assertThat(service.pick(null, false, null).url()).isEqualTo(B);
    }
  }

  @Test
  void aLoadedInstanceLosesEveryComparison() throws Exception {
    RealServiceInstances service =
        service(clock, LEAST_REQUEST, OutlierDetection.DISABLED, A, B, C);
    List<Pick> held = new ArrayList<>();
    for (int i = 0; i < 30; i++) held.add(service.pick(null, false, null));
    for (Pick pick : held) {
      if (!pick.url().equals(A)) pick.finish(); // A stays loaded.
    }
    assertThat(held).filteredOn(pick -> pick.url().equals(A)).isNotEmpty();

    Map<HttpUrl, Integer> counts = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      Pick pick = service.pick(null, false, null);
      counts.merge(pick.url(), 1, Integer::sum);
      pick.finish();
    }
    // Any pair of two distinct instances holds an idle one.
    assertThat(counts).doesNotContainKey(A);
    assertThat(counts.get(B)).isBetween(100, 200);
  }

  @Test
  void latencyAverageSteersAwayFromASlowInstance() throws Exception {
    RealServiceInstances service =
        service(clock, LEAST_REQUEST, OutlierDetection.DISABLED, A, B, C);
    answer(pickExactly(service, A), 100);
    answer(pickExactly(service, B), 10);
    answer(pickExactly(service, C), 10);

    Map<HttpUrl, Integer> counts = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      Pick pick = service.pick(null, false, null);
      counts.merge(pick.url(), 1, Integer::sum);
      answer(pick, pick.url().equals(A) ? 100 : 10);
    }
    // Equally idle, A is ten times as costly: it loses every comparison.
    assertThat(counts).doesNotContainKey(A);
  }

  @Test
  void aSlowInstanceIsTriedAgainOnceItsAverageHasDecayed() throws Exception {
    RealServiceInstances service =
        service(clock, LEAST_REQUEST, OutlierDetection.DISABLED, A, B, C);
    answer(pickExactly(service, A), 100);
    long slowAnswerAt = clock.getAsLong();

    // B and C answer in 10 ms, A's 100 ms decays with a 10 s time constant: it is cheaper again
    // after 10 s × ln(100 / 10), about 23 s, and is then picked and measured again.
    long pickedAgainAt = 0;
    for (int i = 0; i < 10_000 && pickedAgainAt == 0; i++) {
      Pick pick = service.pick(null, false, null);
      if (pick.url().equals(A)) pickedAgainAt = clock.getAsLong();
      answer(pick, 10);
    }
    assertThat(Duration.ofNanos(pickedAgainAt - slowAnswerAt))
        .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(26));
  }

  @Test
  void loadAndLatencyMultiply() throws Exception {
    RealServiceInstances service = service(clock, LEAST_REQUEST, OutlierDetection.DISABLED, A, B);
    answer(pickExactly(service, A), 10);
    answer(pickExactly(service, B), 35);
    // With n in flight A costs (n + 1) × 10 ms, B 1 × 35 ms: A takes attempts until it has 3.
    for (int i = 0; i < 3; i++) {
      assertThat(service.pick(null, false, null).url()).isEqualTo(A);
    }
    assertThat(service.pick(null, false, null).url()).isEqualTo(B);
  }

  /** Answers {@code pick} after {@code millis} with a 200. */
  private void answer(Pick pick, long millis) {
    clock.advanceMillis(millis);
    pick.responded(200);
    pick.finish();
  }
}
