package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.B;
import static dev.courier.internal.balance.TestServices.C;
import static dev.courier.internal.balance.TestServices.LEAST_REQUEST;
import static dev.courier.internal.balance.TestServices.ROUND_ROBIN;
import static dev.courier.internal.balance.TestServices.failLocally;
import static dev.courier.internal.balance.TestServices.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import dev.courier.HttpUrl;
import dev.courier.InstanceSnapshot;
import dev.courier.LoadBalancing;
import dev.courier.OutlierDetection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each attempt of a call avoids the instances the call already tried, while others remain. */
class RetryAvoidanceTest {
  private final FakeClock clock = new FakeClock();

  private LoadBalancing balancing(LoadBalancing.Policy policy) {
    return policy == LoadBalancing.Policy.ROUND_ROBIN ? ROUND_ROBIN : LEAST_REQUEST;
  }

  @ParameterizedTest
  @EnumSource(LoadBalancing.Policy.class)
  void retriesGoToInstancesNotTriedYet(LoadBalancing.Policy policy) throws Exception {
    RealServiceInstances service =
        service(clock, balancing(policy), OutlierDetection.DISABLED, A, B, C);
    for (int call = 0; call < 100; call++) {
      TriedInstances tried = new TriedInstances();
      Set<HttpUrl> seen = new HashSet<>();
      for (int attempt = 0; attempt < 3; attempt++) {
        Pick pick = service.pick(tried, false, null);
        assertThat(seen.add(pick.url())).as("attempt %s of call %s", attempt, call).isTrue();
        pick.failed(LocalFailure.RESET);
        pick.finish();
      }
      assertThat(tried.urls()).containsExactlyInAnyOrder(A, B, C);
      // Every instance tried: a fourth attempt goes to one of them rather than fail.
      Pick fourth = service.pick(tried, false, null);
      assertThat(fourth.url()).isIn(A, B, C);
      fourth.finish();
    }
  }

  @ParameterizedTest
  @EnumSource(LoadBalancing.Policy.class)
  void ejectedInstancesAreNotOfferedToRetries(LoadBalancing.Policy policy) throws Exception {
    RealServiceInstances service =
        service(clock, balancing(policy), OutlierDetection.DEFAULT, A, B, C);
    failLocally(service, C, 5, LocalFailure.CONNECT);
    assertThat(TestServices.stateOf(service, C)).isEqualTo(InstanceSnapshot.State.EJECTED);

    for (int call = 0; call < 50; call++) {
      TriedInstances tried = new TriedInstances();
      Pick first = service.pick(tried, false, null);
      Pick second = service.pick(tried, false, null);
      Pick third = service.pick(tried, false, null);
      assertThat(first.url()).isNotEqualTo(second.url());
      // A and B both tried, C ejected: the third attempt goes to A or B again.
      assertThat(third.url()).isIn(A, B);
      first.finish();
      second.finish();
      third.finish();
    }
  }

  @ParameterizedTest
  @EnumSource(LoadBalancing.Policy.class)
  void knowsWhetherAnUntriedInstanceRemains(LoadBalancing.Policy policy) throws Exception {
    RealServiceInstances service =
        service(clock, balancing(policy), OutlierDetection.DISABLED, A, B);
    TriedInstances tried = new TriedInstances();
    assertThat(service.hasUntried(tried, false)).isTrue();
    service.pick(tried, false, null).finish();
    assertThat(service.hasUntried(tried, false)).isTrue();
    service.pick(tried, false, null).finish();
    assertThat(service.hasUntried(tried, false)).isFalse();
    // A hedge takes a copy: what it tries is its own.
    TriedInstances hedge = tried.copy();
    service.pick(hedge, false, null).finish();
    assertThat(hedge.size()).isEqualTo(2);
    assertThat(tried.size()).isEqualTo(2);
  }
}
