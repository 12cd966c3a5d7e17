package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.B;
import static dev.courier.internal.balance.TestServices.C;
import static dev.courier.internal.balance.TestServices.ROUND_ROBIN;
import static dev.courier.internal.balance.TestServices.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.courier.Hedging;
import dev.courier.HttpUrl;
import dev.courier.OutlierDetection;
import org.junit.jupiter.api.Test;

/** Instances taken in turn, whatever their load or latency. */
class RoundRobinTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void takesInstancesInTurn() throws Exception {
    RealServiceInstances service = service(clock, ROUND_ROBIN, OutlierDetection.DISABLED, A, B, C);
    List<HttpUrl> order = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      Pick pick = service.pick(null, false, null);
      order.add(pick.url());
      // Load and latency don't matter: hold some, answer others slowly.
      if (i % 2 == 0) {
        clock.advanceMillis(pick.url().equals(A) ? 500 : 1);
        pick.responded(200);
        pick.finish();
      }
    }
    assertThat(order.subList(0, 3)).containsExactlyInAnyOrder(A, B, C);
    assertThat(order.subList(3, 6)).isEqualTo(order.subList(0, 3));
    assertThat(order.subList(6, 9)).isEqualTo(order.subList(0, 3));
  }

  @Test
  void startsAtARandomInstance() throws Exception {
    List<HttpUrl> firsts = new ArrayList<>();
    for (int seed = 0; seed < 20; seed++) {
      RealServiceInstances service = new RealServiceInstances("catalog", List.of(A, B, C),
          ROUND_ROBIN, OutlierDetection.DISABLED, Hedging.DISABLED, clock,
          new SplittableRandom(seed));
      firsts.add(service.pick(null, false, null).url());
    }
    // So that many clients starting together don't all begin with the same instance.
    assertThat(firsts).contains(A, B, C);
  }
}
