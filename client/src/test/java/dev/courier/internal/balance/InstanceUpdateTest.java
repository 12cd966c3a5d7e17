package dev.courier.internal.balance;

import static dev.courier.internal.balance.TestServices.A;
import static dev.courier.internal.balance.TestServices.B;
import static dev.courier.internal.balance.TestServices.C;
import static dev.courier.internal.balance.TestServices.D;
import static dev.courier.internal.balance.TestServices.failLocally;
import static dev.courier.internal.balance.TestServices.pickExactly;
import static dev.courier.internal.balance.TestServices.snapshotOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.courier.Hedging;
import dev.courier.HttpUrl;
import dev.courier.InstanceSnapshot.State;
import dev.courier.InstanceSnapshot;
import dev.courier.LoadBalancing;
import dev.courier.NoInstanceAvailableException;
import dev.courier.OutlierDetection;
import org.junit.jupiter.api.Test;

/** Changes to the instance list at run time, including what a hostile registry sends. */
class InstanceUpdateTest {
  private final FakeClock clock = new FakeClock();
  private final RealServiceInstances service = TestServices.service(clock,
      LoadBalancing.DEFAULT.newBuilder().policy(LoadBalancing.Policy.ROUND_ROBIN).build(),
      OutlierDetection.DEFAULT, A, B, C);

  @Test
  void instancesThatStayKeepTheirState() throws Exception {
    Pick heldOnA = pickExactly(service, A);
    clock.advanceMillis(20);
    pickExactly(service, B).responded(200); // Answered, still reading the body: in flight.
    failLocally(service, C, 5, LocalFailure.CONNECT);
    InstanceSnapshot b = snapshotOf(service, B);
    InstanceSnapshot c = snapshotOf(service, C);

    service.update(List.of(C, B, A, D));

    assertThat(service.instances()).containsExactly(C, B, A, D);
    assertThat(snapshotOf(service, A).inFlight()).isEqualTo(1);
    assertThat(snapshotOf(service, B).inFlight()).isEqualTo(b.inFlight()).isEqualTo(1);
    assertThat(snapshotOf(service, B).latency()).isEqualTo(b.latency());
    assertThat(snapshotOf(service, C).state()).isEqualTo(State.EJECTED);
    assertThat(snapshotOf(service, C).ejectionTimeLeft()).isEqualTo(c.ejectionTimeLeft());
    assertThat(snapshotOf(service, D).state()).isEqualTo(State.WARMING);
    heldOnA.finish();
    assertThat(snapshotOf(service, A).inFlight()).isZero();
  }

  @Test
  void aNewInstanceStartsFromTheOthersAverageLatency() throws Exception {
    answer(pickExactly(service, A), 10);
    answer(pickExactly(service, B), 30);
    service.update(List.of(A, B, C, D));
    // C has no latency yet: the average of A's and B's, not free, which would draw every pick.
    assertThat(snapshotOf(service, D).latency().toMillis()).isBetween(19L, 20L);
  }

  @Test
  void droppedInstancesLeaveAndTheirAttemptsCompleteNormally() throws Exception {
    Pick onC = pickExactly(service, C);
    service.update(List.of(A, B));

    assertThat(service.instances()).containsExactly(A, B);
    assertThat(picks(90)).doesNotContain(C);
    onC.responded(503);
    onC.failed(LocalFailure.RESET); // A second outcome is ignored.
    onC.finish();
    onC.finish();
    assertThat(onC.isFinished()).isTrue();
    assertThat(onC.instance.inFlight.get()).isZero();
  }

  @Test
  void aDroppedEjectedInstanceFreesItsEjectionSlot() throws Exception {
    failLocally(service, C, 5, LocalFailure.CONNECT);
    assertThat(service.ejectedCount()).isEqualTo(1);
    service.update(List.of(A, B));
    assertThat(service.ejectedCount()).isZero();
    failLocally(service, A, 5, LocalFailure.CONNECT);
    assertThat(snapshotOf(service, A).state()).isEqualTo(State.EJECTED);
  }

  @Test
  void anInstanceDroppedAndAddedBackStartsAfresh() throws Exception {
    failLocally(service, C, 5, LocalFailure.CONNECT);
    service.update(List.of(A, B));
    service.update(List.of(A, B, C));
    assertThat(snapshotOf(service, C).state()).isEqualTo(State.WARMING);
    assertThat(snapshotOf(service, C).ejectionCount()).isZero();
  }

  @Test
  void duplicatesAreDroppedKeepingTheFirst() throws Exception {
    service.update(List.of(B, HttpUrl.get("http://10.0.0.2:8080/"), A, B,
        HttpUrl.get("HTTP://10.0.0.1:8080")));
    assertThat(service.instances()).containsExactly(B, A);
  }

  @Test
  void anEmptyListFailsCallsNamingTheServiceUntilInstancesReturn() throws Exception {
    service.update(List.of());
    assertThat(service.snapshot()).isEmpty();
    assertThatThrownBy(() -> service.pick(new TriedInstances(), false, null))
        .isInstanceOf(NoInstanceAvailableException.class)
        .hasMessage("service catalog has no instances");
    assertThat(service.hasUntried(new TriedInstances(), false)).isFalse();

    service.update(List.of(D));
    assertThat(service.pick(null, false, null).url()).isEqualTo(D);
    // Nothing warm to carry the load: D takes it all at once.
    assertThat(snapshotOf(service, D).state()).isEqualTo(State.HEALTHY);
  }

  @Test
  void instancesThatAreMoreThanAnOriginAreRefusedAndChangeNothing() {
    List<String> refused = List.of(
        "http://10.0.0.9:8080/api",
        "http://10.0.0.9:8080/?zone=a",
        "http://10.0.0.9:8080/#top",
        "http://admin:s3cret@10.0.0.9:8080/",
        "http://admin@10.0.0.9:8080/");
    for (String url : refused) {
      List<HttpUrl> list = List.of(D, HttpUrl.get(url));
      assertThatThrownBy(() -> service.update(list))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("instance 1 of service catalog, http://10.0.0.9:8080/..., has ")
          .hasMessageNotContaining("s3cret")
          .hasMessageNotContaining("admin");
      assertThat(service.instances()).containsExactly(A, B, C);
    }
  }

  @Test
  void nullsAreRefusedNamingTheService() {
    assertThatThrownBy(() -> service.update(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instances of service catalog == null");
    assertThatThrownBy(() -> service.update(Arrays.asList(A, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instance 1 of service catalog is null");
    assertThat(service.instances()).containsExactly(A, B, C);
  }

  @Test
  void anHttpsRequestGoesOnlyToHttpsInstances() throws Exception {
    HttpUrl secure = HttpUrl.get("https://10.0.0.5:8443");
    service.update(List.of(A, secure));
    for (int i = 0; i < 20; i++) {
      Pick pick = service.pick(new TriedInstances(), true, null);
      assertThat(pick.url()).isEqualTo(secure);
      pick.finish();
    }
    // An http request may go to either: the registry says which instances speak TLS.
    assertThat(picks(20)).contains(A, secure);

    service.update(List.of(A, B));
    assertThatThrownBy(() -> service.pick(null, true, null))
        .isInstanceOf(NoInstanceAvailableException.class)
        .hasMessage("service catalog has no https instance for an https request (its 2 "
            + "instances are http; an http instance would downgrade it)");
  }

  @Test
  void invalidServiceNamesAreRefused() {
    for (String name : Arrays.asList(null, "", "-catalog", "cat alog", "catalog/", "cat\nalog",
        "x".repeat(254))) {
      assertThatThrownBy(() -> new RealServiceInstances(name, List.of(), LoadBalancing.DEFAULT,
          OutlierDetection.DEFAULT, Hedging.DISABLED, clock, null))
          .as(String.valueOf(name))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("service name")
          .hasMessageNotContaining("\n");
    }
    assertThat(new RealServiceInstances("catalog-v2.internal_1", List.of(),
        LoadBalancing.DEFAULT, OutlierDetection.DEFAULT, Hedging.DISABLED, clock,
        null).name()).isEqualTo("catalog-v2.internal_1");
  }

  private void answer(Pick pick, long millis) {
    clock.advanceMillis(millis);
    pick.responded(200);
    pick.finish();
  }

  private Set<HttpUrl> picks(int count) throws Exception {
    Set<HttpUrl> result = new HashSet<>();
    List<Pick> picks = new ArrayList<>();
    for (int i = 0; i < count; i++) picks.add(service.pick(null, false, null));
    for (Pick pick : picks) {
      result.add(pick.url());
      pick.finish();
    }
    return result;
  }
}
