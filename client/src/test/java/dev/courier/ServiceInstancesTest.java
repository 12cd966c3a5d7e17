package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** A service's instances as a user gives them: built, pushed, polled, and watched. */
class ServiceInstancesTest {
  private static final HttpUrl A = HttpUrl.get("http://10.0.0.1:8080");
  private static final HttpUrl B = HttpUrl.get("http://10.0.0.2:8080");
  private static final HttpUrl C = HttpUrl.get("https://10.0.0.3:8443");

  @Test
  void buildsFromUrlStringsWithTheDefaults() {
    ServiceInstances catalog = ServiceInstances.of("catalog",
        "http://10.0.0.1:8080", "http://10.0.0.2:8080/", "http://10.0.0.1:8080");
    assertThat(catalog.name()).isEqualTo("catalog");
    assertThat(catalog.instances()).containsExactly(A, B);
    assertThat(catalog.loadBalancing()).isEqualTo(LoadBalancing.DEFAULT);
    assertThat(catalog.outlierDetection()).isEqualTo(OutlierDetection.DEFAULT);
    assertThat(catalog.hedging()).isEqualTo(Hedging.DISABLED);
    assertThat(catalog).hasToString("ServiceInstances{catalog, 2 instances}");
  }

  @Test
  void takesItsSettings() {
    LoadBalancing roundRobin = new LoadBalancing.Builder()
        .policy(LoadBalancing.Policy.ROUND_ROBIN).build();
    OutlierDetection strict = new OutlierDetection.Builder().consecutive5xx(2).build();
    Hedging hedging = new Hedging.Builder().percentile(95).build();
    ServiceInstances catalog = new ServiceInstances.Builder("catalog")
        .instances(List.of(A))
        .loadBalancing(roundRobin)
        .outlierDetection(strict)
        .hedging(hedging)
        .build();
    assertThat(catalog.loadBalancing()).isSameAs(roundRobin);
    assertThat(catalog.outlierDetection()).isSameAs(strict);
    assertThat(catalog.hedging()).isSameAs(hedging);
  }

  @Test
  void snapshotShowsEachInstance() {
    ServiceInstances catalog = new ServiceInstances.Builder("catalog")
        .instances(List.of(A, B))
        .build();
    catalog.update(List.of(A, B, C));
    List<InstanceSnapshot> snapshot = catalog.snapshot();
    assertThat(snapshot).extracting(InstanceSnapshot::url).containsExactly(A, B, C);
    assertThat(snapshot).extracting(InstanceSnapshot::state).containsExactly(
        InstanceSnapshot.State.HEALTHY, InstanceSnapshot.State.HEALTHY,
        InstanceSnapshot.State.WARMING);
    InstanceSnapshot a = snapshot.get(0);
    assertThat(a.inFlight()).isZero();
    assertThat(a.latency()).isEqualTo(Duration.ZERO);
    assertThat(a.ejectionCount()).isZero();
    assertThat(a.ejectionTimeLeft()).isEqualTo(Duration.ZERO);
    assertThat(snapshot.get(2).warmUpTimeLeft())
        .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(a.toString()).isEqualTo("InstanceSnapshot{http://10.0.0.1:8080/..., HEALTHY, "
        + "inFlight=0, latency=PT0S, ejections=0}");
  }

  @Test
  void aPushingRegistryUpdates() {
    ServiceInstances catalog = ServiceInstances.of("catalog", "http://10.0.0.1:8080");
    catalog.update(List.of(B, C));
    assertThat(catalog.instances()).containsExactly(B, C);
    catalog.update(List.of());
    assertThat(catalog.instances()).isEmpty();
  }

  @Test
  void aPolledRegistryIsTheSourceOfRefreshes() {
    List<List<HttpUrl>> answers = new ArrayList<>(List.of(List.of(A), List.of(A, B)));
    AtomicInteger reads = new AtomicInteger();
    Supplier<List<HttpUrl>> registry = () -> {
      reads.incrementAndGet();
      return answers.remove(0);
    };
    ServiceInstances catalog = new ServiceInstances.Builder("catalog").source(registry).build();
    assertThat(reads).hasValue(1);
    assertThat(catalog.instances()).containsExactly(A);

    catalog.refresh();
    assertThat(catalog.instances()).containsExactly(A, B);
  }

  @Test
  void aFailingOrHostileSourceLeavesTheInstancesAsTheyWere() {
    List<Supplier<List<HttpUrl>>> answers = new ArrayList<>();
    answers.add(() -> List.of(A, B));
    answers.add(() -> {
      throw new IllegalStateException("registry unreachable");
    });
    answers.add(() -> null);
    answers.add(() -> List.of(A, HttpUrl.get("http://user:pw@10.0.0.9/")));
    ServiceInstances catalog = new ServiceInstances.Builder("catalog")
        .source(() -> answers.remove(0).get())
        .build();

    assertThatThrownBy(catalog::refresh).isInstanceOf(IllegalStateException.class)
        .hasMessage("registry unreachable");
    assertThatThrownBy(catalog::refresh).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instances of service catalog == null");
    assertThatThrownBy(catalog::refresh).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("instance 1 of service catalog, http://10.0.0.9/..., has "
            + "credentials")
        .hasMessageNotContaining("pw");
    assertThat(catalog.instances()).containsExactly(A, B);
  }

  @Test
  void refreshWithoutASourceSaysWhatToDo() {
    ServiceInstances catalog = ServiceInstances.of("catalog", "http://10.0.0.1:8080");
    assertThatThrownBy(catalog::refresh)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("service catalog has no source to refresh from: give one to the builder, "
            + "or call update()");
  }

  @Test
  void badInputIsRefusedNamingTheServiceAndTheInstance() {
    assertThatThrownBy(() -> ServiceInstances.of("catalog", "10.0.0.1:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instance 0 of service catalog is not an absolute http or https URL");
    assertThatThrownBy(() -> ServiceInstances.of("catalog", "http://10.0.0.1:8080", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instance 1 of service catalog is null");
    assertThatThrownBy(() -> ServiceInstances.of("catalog", "http://10.0.0.1:8080/v1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("instance 0 of service catalog, http://10.0.0.1:8080/..., has "
            + "a path");
    assertThatThrownBy(() -> ServiceInstances.of("lb://catalog"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("service name must be letters, digits");
    assertThatThrownBy(() -> new ServiceInstances.Builder("catalog").hedging(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hedging == null");
  }
}
