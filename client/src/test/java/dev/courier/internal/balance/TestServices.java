package dev.courier.internal.balance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.courier.Hedging;
import dev.courier.HttpUrl;
import dev.courier.InstanceSnapshot;
import dev.courier.LoadBalancing;
import dev.courier.NoInstanceAvailableException;
import dev.courier.OutlierDetection;

/** Builds services on a fake clock and a seeded random source, and drives them. */
final class TestServices {
  static final HttpUrl A = HttpUrl.get("http://10.0.0.1:8080");
  static final HttpUrl B = HttpUrl.get("http://10.0.0.2:8080");
  static final HttpUrl C = HttpUrl.get("http://10.0.0.3:8080");
  static final HttpUrl D = HttpUrl.get("http://10.0.0.4:8080");

  /** Balancing without slow start, so that only what a test sets up shapes the picks. */
  static final LoadBalancing LEAST_REQUEST = new LoadBalancing.Builder()
      .slowStartWindow(Duration.ZERO)
      .build();
  static final LoadBalancing ROUND_ROBIN = LEAST_REQUEST.newBuilder()
      .policy(LoadBalancing.Policy.ROUND_ROBIN)
      .build();

  private TestServices() {
  }

  static RealServiceInstances service(FakeClock clock, LoadBalancing loadBalancing,
      OutlierDetection outlierDetection, HttpUrl... instances) {
    return new RealServiceInstances("catalog", List.of(instances), loadBalancing,
        outlierDetection, Hedging.DISABLED, clock, new SplittableRandom(17));
  }

  static List<HttpUrl> urls(int count) {
    List<HttpUrl> result = new ArrayList<>();
    for (int i = 1; i <= count; i++) result.add(HttpUrl.get("http://10.0.1." + i + ":8080"));
    return result;
  }

  /** Picks and at once completes an attempt answered with {@code code}. */
  static HttpUrl call(RealServiceInstances service, int code) throws NoInstanceAvailableException {
    Pick pick = service.pick(null, false, null);
    pick.responded(code);
    pick.finish();
    return pick.url();
  }

  /** Fails {@code count} attempts on {@code instance}, each without a response. */
  static void failLocally(RealServiceInstances service, HttpUrl instance, int count,
      LocalFailure failure) throws NoInstanceAvailableException {
    for (int i = 0; i < count; i++) {
      Pick pick = pickExactly(service, instance);
      pick.failed(failure);
      pick.finish();
    }
  }

  /** Answers {@code count} attempts on {@code instance} with {@code code}. */
  static void respond(RealServiceInstances service, HttpUrl instance, int count, int code)
      throws NoInstanceAvailableException {
    for (int i = 0; i < count; i++) {
      Pick pick = pickExactly(service, instance);
      pick.responded(code);
      pick.finish();
    }
  }

  /** Picks until {@code instance} comes up, finishing the other picks untouched. */
  static Pick pickExactly(RealServiceInstances service, HttpUrl instance)
      throws NoInstanceAvailableException {
    for (int i = 0; i < 10_000; i++) {
      Pick pick = service.pick(null, false, null);
      if (pick.url().equals(instance)) return pick;
      pick.finish();
    }
    throw new AssertionError(instance + " was never picked");
  }

  static InstanceSnapshot snapshotOf(RealServiceInstances service, HttpUrl instance) {
    for (InstanceSnapshot snapshot : service.snapshot()) {
      if (snapshot.url().equals(instance)) return snapshot;
    }
    throw new AssertionError(instance + " is not in " + service.snapshot());
  }

  static InstanceSnapshot.State stateOf(RealServiceInstances service, HttpUrl instance) {
    return snapshotOf(service, instance).state();
  }
}
