package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.LEAST_REQUEST;
import static dev.courier.internal.balance.TestServices.failLocally;
import static dev.courier.internal.balance.TestServices.stateOf;
import static dev.courier.internal.balance.TestServices.urls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import dev.courier.Hedging;
import dev.courier.HttpUrl;
import dev.courier.InstanceSnapshot.State;
import dev.courier.InstanceSnapshot;
import dev.courier.NoInstanceAvailableException;
import dev.courier.OutlierDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How many instances may be out at once, and what happens when too few are left (panic). */
class EjectionLimitsTest {
  private final FakeClock clock = new FakeClock();

  private RealServiceInstances service(OutlierDetection settings, List<HttpUrl> instances) {
    return new RealServiceInstances("catalog", instances, LEAST_REQUEST, settings,
        Hedging.DISABLED, clock, new SplittableRandom(3));
  }

  @ParameterizedTest(name = "{1}% of {0} instances: {2} ejected")
  @CsvSource({
      "10, 10, 1",
      "20, 10, 2",
      "25, 10, 2",   // 2.5 rounds down.
      "3, 10, 1",    // 0.3 rounds down to none, but one may always be ejected.
      "1, 10, 1",
      "4, 50, 2",
      "4, 100, 4",
      "10, 0, 0",    // 0 ejects none.
  })
  void ejectsAtMostTheMaxPercentButAlwaysOne(int instances, int maxPercent, int expected)
      throws Exception {
    OutlierDetection settings = new OutlierDetection.Builder()
        .maxEjectionPercent(maxPercent)
        .panicThresholdPercent(0)
        .build();
    List<HttpUrl> urls = urls(instances);
    RealServiceInstances service = service(settings, urls);
    for (HttpUrl url : urls) {
      if (stateOf(service, url) == State.HEALTHY) {
        failLocally(service, url, 5, LocalFailure.CONNECT);
      }
    }
    long ejected = service.snapshot().stream()
        .filter(snapshot -> snapshot.state() == State.EJECTED).count();
    assertThat(ejected).isEqualTo(expected);
    assertThat(service.ejectedCount()).isEqualTo(expected);
  }

  @Test
  void anInstanceRefusedEjectionNeedsAFullCountAgain() throws Exception {
    List<HttpUrl> urls = urls(3);
    RealServiceInstances service = service(OutlierDetection.DEFAULT, urls);
    failLocally(service, urls.get(0), 5, LocalFailure.CONNECT);
    failLocally(service, urls.get(1), 5, LocalFailure.CONNECT); // Refused: one of 3 is out.
    assertThat(stateOf(service, urls.get(1))).isEqualTo(State.HEALTHY);

    clock.advance(OutlierDetection.DEFAULT.baseEjectionTime());
    failLocally(service, urls.get(1), 4, LocalFailure.CONNECT);
    assertThat(stateOf(service, urls.get(1))).isEqualTo(State.HEALTHY);
    failLocally(service, urls.get(1), 1, LocalFailure.CONNECT);
    assertThat(stateOf(service, urls.get(1))).isEqualTo(State.EJECTED);
  }

  @Test
  void belowThePanicThresholdAllInstancesTakeTraffic() throws Exception {
    OutlierDetection settings = new OutlierDetection.Builder().maxEjectionPercent(100).build();
    List<HttpUrl> urls = urls(4);
    RealServiceInstances service = service(settings, urls);
    failLocally(service, urls.get(0), 5, LocalFailure.CONNECT);
    failLocally(service, urls.get(1), 5, LocalFailure.CONNECT);

    // Two of four healthy is 50%, not below the threshold: only they take traffic.
    assertThat(pickedInstances(service)).containsExactlyInAnyOrder(urls.get(2), urls.get(3));

    failLocally(service, urls.get(2), 5, LocalFailure.CONNECT);
    // One of four is below 50%: rather than pile everything onto it, use all four.
    assertThat(pickedInstances(service)).containsExactlyInAnyOrderElementsOf(urls);
    assertThat(service.snapshot()).extracting(InstanceSnapshot::state)
        .containsExactly(State.EJECTED, State.EJECTED, State.EJECTED, State.HEALTHY);
  }

  @Test
  void aZeroPanicThresholdFailsCallsWhenEveryInstanceIsOut() throws Exception {
    OutlierDetection settings = new OutlierDetection.Builder()
        .maxEjectionPercent(100)
        .panicThresholdPercent(0)
        .build();
    List<HttpUrl> urls = urls(2);
    RealServiceInstances service = service(settings, urls);
    failLocally(service, urls.get(0), 5, LocalFailure.CONNECT);
    assertThat(pickedInstances(service)).containsExactly(urls.get(1));
    failLocally(service, urls.get(1), 5, LocalFailure.CONNECT);

    assertThatThrownBy(() -> service.pick(null, false, null))
        .isInstanceOf(NoInstanceAvailableException.class)
        .hasMessage("service catalog has no instance available: all 2 are ejected and the "
            + "panic threshold is 0%")
        .extracting(e -> ((NoInstanceAvailableException) e).serviceName())
        .isEqualTo("catalog");
  }

  private static Set<HttpUrl> pickedInstances(RealServiceInstances service) throws Exception {
    Set<HttpUrl> result = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Pick pick = service.pick(null, false, null);
      result.add(pick.url());
      pick.finish();
    }
    return result;
  }
}
