package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.InstanceServer;
import dev.courier.testing.RecordingEventListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scenario, with the defaults: three instances on loopback, one killed while calls
 * run. The callers of idempotent calls never see an error (each failed attempt is retried on
 * another instance); after a handful of failed attempts the dead instance is ejected and no call
 * goes to it; once it is back and its ejection time is up, it takes calls again. Time moves on a
 * fake clock, so the 30 second ejection passes at once.
 */
class InstanceEjectionTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final InstanceServer a = InstanceServer.start(courier, "a");
  private final InstanceServer b = InstanceServer.start(courier, "b");
  private final InstanceServer c = InstanceServer.start(courier, "c");
  private final RecordingEventListener listener = courier.eventListener();
  private final AtomicLong nanos = new AtomicLong();
  private final ServiceInstances catalog = new ServiceInstances.Builder("catalog")
      .instances(List.of(a.url(), b.url(), c.url()))
      .clock(nanos::get) // Least request, and Envoy's ejection defaults.
      .build();
  private final CourierClient client = courier.newClient(builder -> builder.service(catalog));

  private String get() throws IOException {
    Request request = new Request.Builder().url("http://catalog/items").build();
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }

  @Test
  void aKilledInstanceIsEjectedWithoutErrorsToCallersAndReturnsOnceBack() throws Exception {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) answers.add(get());
    assertThat(answers).contains("a", "b", "c");
    int answeredByA = a.requestCount();

    a.kill();
    listener.clear();
    int calls = 0;
    while (!listener.events().contains("instanceEjected")) {
      assertThat(get()).isIn("b", "c"); // No caller sees an error.
      assertThat(++calls).as("calls before the ejection").isLessThan(500);
    }
    List<String> untilEjection = listener.instances();
    long failedAttemptsOnA = untilEjection.stream()
        .filter(line -> line.equals("picked " + a.url())).count();
    // 5 refused connections (consecutiveLocalOriginFailure) plus the one connection to it the
    // pool held, which broke on first use: that doesn't count, servers close idle connections.
    assertThat(failedAttemptsOnA).isEqualTo(6);
    // The attempt that ejected it was retried on another instance, as each before it was.
    assertThat(untilEjection.get(untilEjection.size() - 2)).isEqualTo("ejected " + a.url()
        + " for PT30S: consecutive connect failures, resets or timeouts");
    assertThat(untilEjection).last().isIn("picked " + b.url(), "picked " + c.url());
    assertThat(a.requestCount()).isEqualTo(answeredByA); // Dead indeed.
    assertThat(stateOf(a)).isEqualTo(InstanceSnapshot.State.EJECTED);

    listener.clear();
    for (int i = 0; i < 60; i++) assertThat(get()).isIn("b", "c");
    assertThat(listener.instances()).doesNotContain("picked " + a.url());
    assertThat(listener.decisions()).noneMatch(decision -> decision.startsWith("retry="));

    a.restart();
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    listener.clear();
    answers.clear();
    for (int i = 0; i < 60; i++) answers.add(get());
    assertThat(listener.instances()).first().isEqualTo("returned " + a.url());
    assertThat(answers).contains("a");
    assertThat(a.requestCount()).isGreaterThan(answeredByA);
    assertThat(stateOf(a)).isEqualTo(InstanceSnapshot.State.HEALTHY);
    assertThat(catalog.snapshot()).extracting(InstanceSnapshot::ejectionCount)
        .containsExactly(1, 0, 0);
  }

  @Test
  void aRestartedInstanceThatIsStillDeadIsEjectedAgainAtOnceForLonger() throws Exception {
    for (int i = 0; i < 30; i++) get();
    a.kill();
    while (!listener.events().contains("instanceEjected")) get();
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    listener.clear();
    while (!listener.events().contains("instanceEjected")) assertThat(get()).isIn("b", "c");
    // On probation after its return, one failure is enough, and the second ejection is longer.
    List<String> afterReturn = listener.instances();
    assertThat(afterReturn).first().isEqualTo("returned " + a.url());
    assertThat(afterReturn).filteredOn(line -> line.equals("picked " + a.url())).hasSize(1);
    assertThat(afterReturn).containsSubsequence("picked " + a.url(),
        "ejected " + a.url() + " for PT1M: consecutive connect failures, resets or timeouts");
    // The service counts every ejection, for meters; the instance's own count says the same.
    assertThat(catalog.ejectionCount()).isEqualTo(2);
    a.restart();
    catalog.update(List.of(b.url(), c.url()));
    // Its instance gone, the service's count still only grows.
    assertThat(catalog.ejectionCount()).isEqualTo(2);
  }

  private InstanceSnapshot.State stateOf(InstanceServer instance) {
    for (InstanceSnapshot snapshot : catalog.snapshot()) {
      if (snapshot.url().equals(instance.url())) return snapshot.state();
    }
    throw new AssertionError(instance + " is not an instance");
  }
}
