package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.InstanceServer;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the engine itself tells a service's balancer about each attempt, seen through ejections:
 * each kind of outcome, with its threshold set to one, ejects the instance that produced it; what
 * says nothing about the instance ejects nothing.
 */
class InstanceOutcomeTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final InstanceServer a = InstanceServer.start(courier, "a");
  private final InstanceServer b = InstanceServer.start(courier, "b");
  private final RecordingEventListener listener = courier.eventListener();

  /** Returns a client of a service of {@code a} and {@code b}, balanced round robin. */
  private CourierClient clientEjectingAfter(OutlierDetection.Builder detection,
      Duration readTimeout) {
    ServiceInstances catalog = new ServiceInstances.Builder("catalog")
        .instances(List.of(a.url(), b.url()))
        .loadBalancing(ServiceRoutingTest.ROUND_ROBIN)
        .outlierDetection(detection.build())
        .build();
    return courier.newClient(builder -> builder.service(catalog).readTimeout(readTimeout));
  }

  private static OutlierDetection.Builder only() {
    return new OutlierDetection.Builder().consecutive5xx(0).consecutiveGatewayFailure(0)
        .consecutiveLocalOriginFailure(0);
  }

  /** Makes two calls, so that round robin sends one to each instance; returns what each got. */
  private List<String> callBoth(CourierClient client) {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (Response response = client.newCall(new Request.Builder().url("http://catalog/")
          .build()).execute()) {
        outcomes.add(response.code() + " " + response.body().string());
      } catch (IOException e) {
        outcomes.add(e.getClass().getSimpleName());
      }
    }
    return outcomes;
  }

  private String ejectionOfA() {
    return listener.instances().stream().filter(line -> line.startsWith("ejected "))
        .findFirst().orElse("none");
  }

  @Test
  void a5xxStatus() {
    CourierClient client = clientEjectingAfter(only().consecutive5xx(1), Duration.ofSeconds(10));
    a.enqueue(new MockResponse.Builder().code(500).build());
    assertThat(callBoth(client)).containsExactlyInAnyOrder("500 ", "200 b");
    assertThat(ejectionOfA()).isEqualTo("ejected " + a.url() + " for PT30S: consecutive 5xx "
        + "responses");
  }

  @Test
  void aGatewayStatus() {
    CourierClient client = clientEjectingAfter(only().consecutiveGatewayFailure(1),
        Duration.ofSeconds(10));
    a.enqueue(new MockResponse.Builder().code(502).build());
    assertThat(callBoth(client)).containsExactlyInAnyOrder("502 ", "200 b");
    assertThat(ejectionOfA()).isEqualTo("ejected " + a.url() + " for PT30S: consecutive gateway "
        + "failures (502, 503, 504)");
  }

  @Test
  void aResetOnAFreshConnection() {
    CourierClient client = clientEjectingAfter(only().consecutiveLocalOriginFailure(1),
        Duration.ofSeconds(10));
    a.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    // The GET that met the reset was retried on b: neither caller saw it.
    assertThat(callBoth(client)).containsOnly("200 b");
    assertThat(ejectionOfA()).isEqualTo("ejected " + a.url() + " for PT30S: consecutive connect "
        + "failures, resets or timeouts");
  }

  @Test
  void aReadTimeout() {
    CourierClient client = clientEjectingAfter(only().consecutiveLocalOriginFailure(1),
        Duration.ofMillis(200));
    a.hold();
    // A timeout after the request was sent is not retried: that caller sees it.
    assertThat(callBoth(client)).containsExactlyInAnyOrder(
        SocketTimeoutException.class.getSimpleName(), "200 b");
    assertThat(ejectionOfA()).startsWith("ejected " + a.url());
    a.release();
  }

  @Test
  void aRefusedConnection() {
    CourierClient client = clientEjectingAfter(only().consecutiveLocalOriginFailure(1),
        Duration.ofSeconds(10));
    a.kill();
    assertThat(callBoth(client)).containsOnly("200 b");
    assertThat(ejectionOfA()).startsWith("ejected " + a.url());
  }

  @Test
  void aCanceledCallCountsForNothing() throws Exception {
    CourierClient client = clientEjectingAfter(only().consecutiveLocalOriginFailure(1),
        Duration.ofSeconds(10));
    a.hold();
    b.hold();
    Call call = client.newCall(new Request.Builder().url("http://catalog/").build());
    Thread canceler = new Thread(() -> {
      Await.until("the call reaches an instance", () -> a.heldCount() + b.heldCount() == 1);
      call.cancel();
    });
    canceler.start();
    assertThatThrownBy(call::execute).isInstanceOf(IOException.class).hasMessage("Canceled");
    canceler.join();
    assertThat(listener.instances()).noneMatch(line -> line.startsWith("ejected "));
    assertThat(client.services().get(0).snapshot())
        .allSatisfy(s -> assertThat(s.state()).isEqualTo(InstanceSnapshot.State.HEALTHY))
        .allSatisfy(s -> assertThat(s.inFlight()).isZero());
    a.release();
    b.release();
  }

  @Test
  void aPooledConnectionThatBrokeCountsForNothing() {
    CourierClient client = clientEjectingAfter(only().consecutiveLocalOriginFailure(1),
        Duration.ofSeconds(10));
    // Each instance answers once and then drops the connection without a word: it goes stale.
    for (InstanceServer instance : List.of(a, b)) {
      instance.enqueue(new MockResponse.Builder().body(instance.name())
          .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build());
    }
    assertThat(callBoth(client)).containsExactlyInAnyOrder("200 a", "200 b");
    listener.clear();
    // Each call meets a stale connection first, and is retried on a fresh one.
    assertThat(callBoth(client)).containsExactlyInAnyOrder("200 a", "200 b");
    assertThat(listener.decisions()).contains("retry=true: retrying on a fresh connection: "
        + "the pooled connection failed");
    assertThat(listener.instances()).noneMatch(line -> line.startsWith("ejected "));
  }
}
