package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.B;
import static dev.courier.internal.balance.TestServices.C;
import static dev.courier.internal.balance.TestServices.LEAST_REQUEST;
import static dev.courier.internal.balance.TestServices.ROUND_ROBIN;
import static dev.courier.internal.balance.TestServices.failLocally;
import static dev.courier.internal.balance.TestServices.pickExactly;
import static dev.courier.internal.balance.TestServices.respond;
import static dev.courier.internal.balance.TestServices.snapshotOf;
import static dev.courier.internal.balance.TestServices.stateOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.courier.HttpUrl;
import dev.courier.InstanceSnapshot.State;
import dev.courier.LoadBalancing;
import dev.courier.OutlierDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ejection after consecutive failures of each kind, and return after a growing time. */
class OutlierDetectorTest {
  private final FakeClock clock = new FakeClock();
  private final RecordingBalancerListener listener = new RecordingBalancerListener();

  private RealServiceInstances service(OutlierDetection outlierDetection, HttpUrl... instances) {
    return service(LEAST_REQUEST, outlierDetection, instances);
  }

  private RealServiceInstances service(LoadBalancing loadBalancing,
      OutlierDetection outlierDetection, HttpUrl... instances) {
    RealServiceInstances service = TestServices.service(clock, loadBalancing, outlierDetection,
        instances);
    service.addListener(listener);
    return service;
  }

  @Test
  void fiveConsecutive5xxEject() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    respond(service, A, 4, 500);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
    respond(service, A, 1, 500);
    assertThat(stateOf(service, A)).isEqualTo(State.EJECTED);
    assertThat(snapshotOf(service, A).ejectionTimeLeft()).isEqualTo(Duration.ofSeconds(30));
    assertThat(snapshotOf(service, A).ejectionCount()).isEqualTo(1);
    assertThat(listener.events).containsExactly(
        "ejected " + A.redact() + " for PT30S: consecutive 5xx responses (1)");
  }

  @Test
  void aResponseBelow500StartsThe5xxCountOver() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    respond(service, A, 4, 500);
    respond(service, A, 1, 404);
    respond(service, A, 4, 500);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
    respond(service, A, 1, 500);
    assertThat(stateOf(service, A)).isEqualTo(State.EJECTED);
  }

  @Test
  void consecutiveGatewayFailuresEjectOnTheirOwnThreshold() throws Exception {
    OutlierDetection gatewayOnly = new OutlierDetection.Builder()
        .consecutive5xx(0)
        .consecutiveGatewayFailure(3)
        .build();
    RealServiceInstances service = service(gatewayOnly, A, B, C);
    respond(service, A, 2, 503);
    respond(service, A, 1, 500); // A 5xx, but not a gateway failure: starts the count over.
    respond(service, A, 2, 502);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
    respond(service, A, 1, 504);
    assertThat(stateOf(service, A)).isEqualTo(State.EJECTED);
    assertThat(listener.events).containsExactly("ejected " + A.redact()
        + " for PT30S: consecutive gateway failures (502, 503, 504) (1)");
  }

  @Test
  void gatewayFailuresAlsoCountAs5xx() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    respond(service, A, 2, 503);
    respond(service, A, 2, 500);
    respond(service, A, 1, 502);
    assertThat(stateOf(service, A)).isEqualTo(State.EJECTED);
    assertThat(listener.events).containsExactly(
        "ejected " + A.redact() + " for PT30S: consecutive 5xx responses (1)");
  }

  @ParameterizedTest
  @EnumSource(LocalFailure.class)
  void fiveConsecutiveLocalFailuresEject(LocalFailure failure) throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    failLocally(service, A, 4, failure);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
    failLocally(service, A, 1, failure);
    assertThat(stateOf(service, A)).isEqualTo(State.EJECTED);
    assertThat(listener.events).containsExactly("ejected " + A.redact()
        + " for PT30S: consecutive connect failures, resets or timeouts (1)");
  }

  @Test
  void anyResponseStartsTheLocalFailureCountOver() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    failLocally(service, A, 2, LocalFailure.CONNECT);
    failLocally(service, A, 2, LocalFailure.TIMEOUT);
    respond(service, A, 1, 503); // The instance answered: it is reachable.
    failLocally(service, A, 4, LocalFailure.RESET);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
  }

  @Test
  void localFailuresAndStatusesAreCountedApart() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    respond(service, A, 4, 500);
    failLocally(service, A, 1, LocalFailure.TIMEOUT);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
    respond(service, A, 1, 500); // The fifth 5xx in a row; the timeout did not break the run.
    assertThat(stateOf(service, A)).isEqualTo(State.EJECTED);
  }

  @Test
  void aKindWithAZeroThresholdNeverEjects() throws Exception {
    OutlierDetection statusesOnly = new OutlierDetection.Builder()
        .consecutiveLocalOriginFailure(0)
        .build();
    RealServiceInstances service = service(statusesOnly, A, B, C);
    failLocally(service, A, 20, LocalFailure.CONNECT);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
  }

  @Test
  void anEjectedInstanceGetsNoTrafficAndReturnsWhenItsTimeIsUp() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    failLocally(service, A, 5, LocalFailure.CONNECT);

    clock.advance(Duration.ofSeconds(30).minusNanos(1));
    assertThat(picks(service, 200)).doesNotContain(A);
    assertThat(snapshotOf(service, A).ejectionTimeLeft()).isEqualTo(Duration.ofNanos(1));

    clock.advance(Duration.ofNanos(1));
    assertThat(picks(service, 200)).contains(A);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
    assertThat(listener.events).endsWith("returned " + A.redact());
  }

  @Test
  void ejectionTimeGrowsWithEachEjectionUpToTheMaximum() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    failLocally(service, A, 5, LocalFailure.CONNECT);
    List<Duration> times = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      Duration time = snapshotOf(service, A).ejectionTimeLeft();
      times.add(time);
      clock.advance(time);
      // Still bad after its return: one failure on probation ejects it again.
      failLocally(service, A, 1, LocalFailure.CONNECT);
      assertThat(stateOf(service, A)).isEqualTo(State.EJECTED);
    }
    assertThat(times).extracting(Duration::getSeconds).containsExactly(
        30L, 60L, 90L, 120L, 150L, 180L, 210L, 240L, 270L, 300L, 300L);
    assertThat(snapshotOf(service, A).ejectionCount()).isEqualTo(12);
  }

  @Test
  void probationEndsWithTheFirstSuccess() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    respond(service, A, 5, 500);
    clock.advance(Duration.ofSeconds(30));
    respond(service, A, 1, 200);
    respond(service, A, 4, 500);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
    respond(service, A, 1, 500);
    assertThat(stateOf(service, A)).isEqualTo(State.EJECTED);
    // Ejected twice in a row, with no healthy interval between: twice the base time.
    assertThat(snapshotOf(service, A).ejectionTimeLeft()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void eachHealthyIntervalAfterAReturnShortensTheNextEjection() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DEFAULT, A, B, C);
    failLocally(service, A, 5, LocalFailure.CONNECT);
    clock.advance(Duration.ofSeconds(30));
    failLocally(service, A, 1, LocalFailure.CONNECT);
    clock.advance(Duration.ofSeconds(60));
    failLocally(service, A, 1, LocalFailure.CONNECT);
    assertThat(snapshotOf(service, A).ejectionTimeLeft()).isEqualTo(Duration.ofSeconds(90));
    clock.advance(Duration.ofSeconds(90));
    respond(service, A, 1, 200);

    // Healthy for two 10 s intervals: the multiplier drops from 3 to 1, then grows to 2.
    clock.advance(Duration.ofSeconds(25));
    failLocally(service, A, 5, LocalFailure.CONNECT);
    assertThat(snapshotOf(service, A).ejectionTimeLeft()).isEqualTo(Duration.ofSeconds(60));
    clock.advance(Duration.ofSeconds(60));
    respond(service, A, 1, 200);

    // Healthy long enough, it is ejected as if for the first time.
    clock.advance(Duration.ofMinutes(10));
    failLocally(service, A, 5, LocalFailure.CONNECT);
    assertThat(snapshotOf(service, A).ejectionTimeLeft()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void maxEjectionTimeCapsALongerBaseTime() throws Exception {
    OutlierDetection settings = new OutlierDetection.Builder()
        .baseEjectionTime(Duration.ofSeconds(40))
        .maxEjectionTime(Duration.ofSeconds(70))
        .build();
    RealServiceInstances service = service(settings, A, B, C);
    failLocally(service, A, 5, LocalFailure.CONNECT);
    assertThat(snapshotOf(service, A).ejectionTimeLeft()).isEqualTo(Duration.ofSeconds(40));
    clock.advance(Duration.ofSeconds(40));
    failLocally(service, A, 1, LocalFailure.CONNECT);
    assertThat(snapshotOf(service, A).ejectionTimeLeft()).isEqualTo(Duration.ofSeconds(70));
  }

  @Test
  void anOutcomeFromBeforeAnEjectionDoesNotCountAfterTheReturn() throws Exception {
    // Round robin, so that A is picked in turn while the slow attempt holds it.
    RealServiceInstances service = service(ROUND_ROBIN, OutlierDetection.DEFAULT, A, B, C);
    Pick slow = pickExactly(service, A); // Sent before A is ejected; answered after it returned.
    failLocally(service, A, 5, LocalFailure.CONNECT);
    clock.advance(Duration.ofSeconds(30));
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);

    slow.failed(LocalFailure.TIMEOUT);
    slow.finish();
    // On probation one failure would eject A again, but this one was judged already.
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
  }

  @Test
  void outcomesWhileEjectedAreIgnored() throws Exception {
    OutlierDetection everyone = new OutlierDetection.Builder().maxEjectionPercent(100).build();
    RealServiceInstances service = service(everyone, A);
    failLocally(service, A, 5, LocalFailure.CONNECT);
    assertThat(stateOf(service, A)).isEqualTo(State.EJECTED);
    // Its only instance ejected, the service panics and still sends to it; those outcomes are
    // not held against it.
    for (int i = 0; i < 10; i++) {
      Pick pick = service.pick(null, false, null);
      pick.failed(LocalFailure.CONNECT);
      pick.finish();
    }
    assertThat(snapshotOf(service, A).ejectionCount()).isEqualTo(1);
    assertThat(snapshotOf(service, A).ejectionTimeLeft()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void disabledDetectionNeverEjects() throws Exception {
    RealServiceInstances service = service(OutlierDetection.DISABLED, A, B, C);
    respond(service, A, 50, 503);
    failLocally(service, A, 50, LocalFailure.CONNECT);
    assertThat(stateOf(service, A)).isEqualTo(State.HEALTHY);
    assertThat(listener.events).isEmpty();
  }

  private static List<HttpUrl> picks(RealServiceInstances service, int count) throws Exception {
    List<HttpUrl> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Pick pick = service.pick(null, false, null);
      result.add(pick.url());
      pick.finish();
    }
    return result;
  }
}
