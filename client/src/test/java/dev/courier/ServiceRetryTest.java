package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

import dev.courier.testing.AllowLeak;
import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.InstanceServer;
import dev.courier.testing.Leak;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries of calls to a service go to another instance, within the engine's rules for what may
 * be sent again, and within a bound; each attempt's in-flight slot comes back whichever way the
 * attempt ends. Against real servers on loopback, some of them dead.
 */
class ServiceRetryTest {
  private static final MediaType TEXT = MediaType.get("text/plain");

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final InstanceServer a = InstanceServer.start(courier, "a");
  private final InstanceServer b = InstanceServer.start(courier, "b");
  private final RecordingEventListener listener = courier.eventListener();

  private CourierClient clientFor(InstanceServer... instances) {
    List<HttpUrl> urls = new ArrayList<>();
    for (InstanceServer instance : instances) urls.add(instance.url());
    ServiceInstances catalog = new ServiceInstances.Builder("catalog")
        .instances(urls)
        .loadBalancing(ServiceRoutingTest.ROUND_ROBIN)
        .outlierDetection(OutlierDetection.DISABLED) // Ejection is InstanceEjectionTest's.
        .build();
    return courier.newClient(builder -> builder.service(catalog));
  }

  private static Request get() {
    return new Request.Builder().url("http://catalog/items").build();
  }

  private static Request post() {
    return new Request.Builder().url("http://catalog/orders")
        .post(RequestBody.create("order", TEXT)).build();
  }

  private static String body(CourierClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }

  @Test
  void aRefusedConnectionIsRetriedOnAnotherInstance() throws Exception {
    CourierClient client = clientFor(a, b);
    a.kill();
    // Round robin: one of the two calls picks the dead instance first.
    assertThat(body(client, get())).isEqualTo("b");
    assertThat(body(client, get())).isEqualTo("b");
    assertThat(listener.instances()).containsSubsequence("picked " + a.url(), "picked " + b.url());
    assertThat(listener.decisions()).contains("retry=true: trying the next route");
  }

  @Test
  void aGetResetOnAFreshConnectionIsRetriedOnAnotherInstance() throws Exception {
    CourierClient client = clientFor(a, b);
    a.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    // Round robin: within two calls, one goes to the instance that resets.
    for (int i = 0; i < 2 && a.requestCount() == 0; i++) {
      listener.clear();
      String body = body(client, get());
      if (a.requestCount() == 1) {
        assertThat(body).isEqualTo("b");
        assertThat(listener.instances()).containsExactly("picked " + a.url(), "picked " + b.url());
        assertThat(listener.decisions()).contains("retry=true: retrying once on another "
            + "connection after a failure on a fresh connection");
      }
    }
    assertThat(a.requestCount()).isEqualTo(1);
  }

  @Test
  void aPostResetAfterItWasSentIsNotRetried() throws Exception {
    CourierClient client = clientFor(a, b);
    a.enqueue(new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build());
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try {
        outcomes.add(body(client, post()));
      } catch (IOException e) {
        outcomes.add("failed");
      }
    }
    assertThat(outcomes).containsExactlyInAnyOrder("b", "failed");
    assertThat(a.requestCount()).isEqualTo(1);
    assertThat(b.requestCount()).isEqualTo(1);
    assertThat(listener.decisions())
        .contains("retry=false: request may have been sent and POST is not idempotent");
  }

  @Test
  void aPostWhoseConnectionWasRefusedIsRetriedOnAnotherInstance() throws Exception {
    CourierClient client = clientFor(a, b);
    a.kill();
    assertThat(body(client, post())).isEqualTo("b");
    assertThat(body(client, post())).isEqualTo("b");
    assertThat(b.requestCount()).isEqualTo(2);
  }

  @Test
  void retriesStopWhenNoOtherInstanceIsLeft() throws Exception {
    CourierClient client = clientFor(a, b);
    a.kill();
    b.kill();
    assertThatThrownBy(() -> client.newCall(get()).execute())
        .isInstanceOf(ConnectException.class);
    assertThat(listener.instances()).hasSize(2);
    assertThat(listener.decisions()).endsWith("retry=false: no other instance of service catalog "
        + "to try");
  }

  @Test
  void retriesAreBoundedHoweverManyInstancesAreDown() throws Exception {
    List<InstanceServer> dead = new ArrayList<>();
    for (int i = 0; i < 6; i++) dead.add(InstanceServer.start(courier, "dead" + i));
    CourierClient client = clientFor(dead.toArray(new InstanceServer[0]));
    for (InstanceServer instance : dead) instance.kill();
    assertThatThrownBy(() -> client.newCall(get()).execute())
        .isInstanceOf(ConnectException.class);
    // The first attempt and 3 retries, each on an instance not tried before.
    assertThat(listener.instances()).hasSize(4).doesNotHaveDuplicates();
    assertThat(listener.decisions()).endsWith("retry=false: already retried 3 times on instances "
        + "of service catalog");
  }

  @Test
  void aServiceWithoutInstancesFailsTheCallNamingIt() throws Exception {
    ServiceInstances empty = new ServiceInstances.Builder("catalog").instances(List.of()).build();
    CourierClient client = courier.newClient(builder -> builder.service(empty));
    assertThatThrownBy(() -> client.newCall(get()).execute())
        .isInstanceOf(NoInstanceAvailableException.class)
        .hasMessage("service catalog has no instances");
  }

  @Test
  void anHttpsCallNeverGoesToAnHttpInstance() throws Exception {
    CourierClient client = clientFor(a, b);
    Request https = new Request.Builder().url("https://catalog/items").build();
    assertThatThrownBy(() -> client.newCall(https).execute())
        .isInstanceOf(NoInstanceAvailableException.class)
        .hasMessageContaining("has no https instance");
    assertThat(a.requestCount() + b.requestCount()).isZero();
  }

  @Test
  void theInFlightSlotComesBackWhicheverWayTheAttemptEnds() throws Exception {
    CourierClient client = clientFor(a, b);
    ServiceInstances catalog = client.services().get(0);

    Response open = client.newCall(get()).execute();
    assertThat(totalInFlight(catalog)).isEqualTo(1); // Held while the body is open.
    open.body().string();
    assertThat(totalInFlight(catalog)).isZero();

    client.newCall(get()).execute().close(); // Closed unread.
    assertThat(totalInFlight(catalog)).isZero();

    Call canceled = client.newCall(get());
    Response canceledResponse = canceled.execute();
    canceled.cancel();
    canceledResponse.close();
    assertThat(totalInFlight(catalog)).isZero();

    a.kill();
    b.kill();
    assertThatThrownBy(() -> client.newCall(get()).execute()).isInstanceOf(IOException.class);
    assertThat(catalog.snapshot()).allSatisfy(s -> assertThat(s.inFlight()).isZero());
  }

  @Test
  @AllowLeak(value = Leak.RESPONSE_BODY, because = "the test leaks a body to see its slot back")
  void aLeakedResponseGivesItsSlotBackOnceItIsCollected() throws Exception {
    CourierClient client = clientFor(a, b);
    ServiceInstances catalog = client.services().get(0);
    WeakReference<Response> leaked = new WeakReference<>(client.newCall(get()).execute());
    assertThat(totalInFlight(catalog)).isEqualTo(1);
    Await.until("the leaked call is found and its slot given back", () -> {
      System.gc();
      client.connectionPool().evictAll(); // Wakes the pool's cleanup, which finds leaked calls.
      return leaked.get() == null && client.connectionPool().leakedConnectionCount() == 1
          && totalInFlight(catalog) == 0;
    });
  }

  private static int totalInFlight(ServiceInstances service) {
    int total = 0;
    for (InstanceSnapshot snapshot : service.snapshot()) total += snapshot.inFlight();
    return total;
  }
}
