package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.InstanceServer;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls to a service's name go to its instances, against three real servers on loopback: what
 * the server receives, what the caller sees, and how redirects, the cache, cookies' URL and the
 * dispatcher's limits treat the service's URL.
 */
class ServiceRoutingTest {
  static final LoadBalancing ROUND_ROBIN = new LoadBalancing.Builder()
      .policy(LoadBalancing.Policy.ROUND_ROBIN)
      .slowStartWindow(Duration.ZERO)
      .build();

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final InstanceServer a = InstanceServer.start(courier, "a");
  private final InstanceServer b = InstanceServer.start(courier, "b");
  private final InstanceServer c = InstanceServer.start(courier, "c");
  private final RecordingEventListener listener = courier.eventListener();
  private final ServiceInstances catalog = new ServiceInstances.Builder("catalog")
      .instances(List.of(a.url(), b.url(), c.url()))
      .loadBalancing(ROUND_ROBIN)
      .build();
  private final CourierClient client = courier.newClient(builder -> builder.service(catalog));

  private String get(String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.body().string();
    }
  }

  @Test
  void eachCallGoesToAnInstanceWithTheCallsPathAndQuery() throws Exception {
    List<String> answeredBy = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Request request = new Request.Builder().url("http://catalog/items/42?size=m").build();
      try (Response response = client.newCall(request).execute()) {
        answeredBy.add(response.body().string());
        // The caller sees the service; the network response, the instance that answered.
        assertThat(response.request().url())
            .isEqualTo(HttpUrl.get("http://catalog/items/42?size=m"));
        InstanceServer answered = instanceNamed(response.header("X-Instance"));
        assertThat(response.networkResponse().request().url())
            .isEqualTo(answered.url().resolve("/items/42?size=m"));
      }
    }
    assertThat(answeredBy).containsExactlyInAnyOrder("a", "b", "c");
    for (InstanceServer instance : List.of(a, b, c)) {
      RecordedRequest received = instance.requests().peek();
      assertThat(received.getTarget()).isEqualTo("/items/42?size=m");
      assertThat(received.getHeaders().get("Host")).isEqualTo("localhost:" + instance.port());
    }
    assertThat(listener.instances()).hasSize(3).allMatch(line -> line.startsWith("picked "));
  }

  @Test
  void aHostHeaderTheCallerSetIsSentAsItIs() throws Exception {
    Request request = new Request.Builder().url("http://catalog/")
        .header("Host", "catalog.internal").build();
    client.newCall(request).execute().close();
    RecordedRequest received = firstRequestAnywhere();
    assertThat(received.getHeaders().get("Host")).isEqualTo("catalog.internal");
  }

  @Test
  void aServicesNameMatchesInAnyCaseAndWhateverThePort() throws Exception {
    assertThat(get("http://CATALOG:9999/x")).isIn("a", "b", "c");
    assertThat(firstRequestAnywhere().getTarget()).isEqualTo("/x");
  }

  @Test
  void callsToOtherHostsAreNotRouted() throws Exception {
    assertThat(get(a.url().resolve("/direct").toString())).isEqualTo("a");
    assertThat(listener.events()).doesNotContain("instancePicked");
    assertThat(b.requestCount() + c.requestCount()).isZero();
  }

  @Test
  void aRelativeRedirectStaysInTheServiceAndPicksAgain() throws Exception {
    MockResponse redirect = new MockResponse.Builder().code(302)
        .setHeader("Location", "/moved?to=here").build();
    for (InstanceServer instance : List.of(a, b, c)) instance.enqueue("/start", redirect);
    Request request = new Request.Builder().url("http://catalog/start").build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.request().url()).isEqualTo(HttpUrl.get("http://catalog/moved?to=here"));
      assertThat(response.priorResponse().request().url())
          .isEqualTo(HttpUrl.get("http://catalog/start"));
      // Round robin: the follow-up was picked afresh, so another instance answered it.
      String first = response.priorResponse().header("X-Instance");
      assertThat(response.body().string()).isNotEqualTo(first);
    }
    assertThat(listener.instances()).hasSize(2);
  }

  @Test
  void theCacheKeysOnTheServicesUrlWhicheverInstanceAnswered(@TempDir Path directory)
      throws Exception {
    Cache cache = new Cache(directory, 1024 * 1024);
    CourierClient caching = client.newBuilder().cache(cache).build();
    for (InstanceServer instance : List.of(a, b, c)) {
      instance.enqueue(new MockResponse.Builder().setHeader("Cache-Control", "max-age=60")
          .body("stored by " + instance.name()).build());
    }
    Request request = new Request.Builder().url("http://catalog/doc").build();
    String first;
    try (Response response = caching.newCall(request).execute()) {
      first = response.body().string();
    }
    try (Response response = caching.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo(first);
      assertThat(response.cacheResponse()).isNotNull();
      assertThat(response.networkResponse()).isNull();
    }
    assertThat(a.requestCount() + b.requestCount() + c.requestCount()).isEqualTo(1);
    assertThat(cache.urls()).toIterable().containsExactly("http://catalog/doc");
    assertThat(cache.hitCount()).isEqualTo(1);
  }

  @Test
  void cookiesBelongToTheServiceNotTheInstance() throws Exception {
    InMemoryCookieJar jar = new InMemoryCookieJar();
    CourierClient withCookies = client.newBuilder().cookieJar(jar).build();
    for (InstanceServer instance : List.of(a, b, c)) {
      instance.enqueue(new MockResponse.Builder().setHeader("Set-Cookie", "session=s1").build());
    }
    withCookies.newCall(new Request.Builder().url("http://catalog/login").build()).execute()
        .close();
    withCookies.newCall(new Request.Builder().url("http://catalog/next").build()).execute()
        .close();
    List<String> cookiesSent = new ArrayList<>();
    for (InstanceServer instance : List.of(a, b, c)) {
      for (RecordedRequest received : instance.requests()) {
        if (received.getTarget().equals("/next")) {
          cookiesSent.add(received.getHeaders().get("Cookie"));
        }
      }
    }
    assertThat(cookiesSent).containsExactly("session=s1");
  }

  @Test
  void theDispatchersPerHostLimitAppliesPerInstance() throws Exception {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(1);
    CourierClient limited = courier.newClient(builder -> builder.service(catalog)
        .dispatcher(dispatcher));
    for (InstanceServer instance : List.of(a, b, c)) instance.hold();
    CountDownLatch done = new CountDownLatch(4);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      limited.newCall(new Request.Builder().url("http://catalog/slow").build())
          .enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
              synchronized (failures) {
                failures.add(e.toString());
              }
              done.countDown();
            }

            @Override
            public void onResponse(Call call, Response response) {
              response.close();
              done.countDown();
            }
          });
    }
    // One per instance of the three runs; the fourth waits, as a fourth call to one host would.
    Await.until("three calls reach the instances",
        () -> a.heldCount() + b.heldCount() + c.heldCount() == 3);
    assertThat(dispatcher.runningCallsCount()).isEqualTo(3);
    assertThat(dispatcher.queuedCallsCount()).isEqualTo(1);
    for (InstanceServer instance : List.of(a, b, c)) instance.release();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).isEmpty();
  }

  @Test
  void derivedClientsShareTheServicesAndTheirState() throws Exception {
    CourierClient derived = client.newBuilder().build();
    assertThat(derived.services()).containsExactly(catalog);
    derived.newCall(new Request.Builder().url("http://catalog/").build()).execute().close();
    assertThat(catalog.snapshot()).extracting(InstanceSnapshot::latency)
        .filteredOn(latency -> !latency.isZero()).hasSize(1);

    ServiceInstances replacement = ServiceInstances.of("Catalog", a.url().toString());
    CourierClient replaced = client.newBuilder().service(replacement).build();
    assertThat(replaced.services()).containsExactly(replacement);
    Request request = new Request.Builder().url("http://catalog/").build();
    try (Response response = replaced.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("a");
    }
    assertThat(client.services()).containsExactly(catalog);
  }

  @Test
  void aClientWithoutServicesRoutesNothing() {
    assertThat(new CourierClient().services()).isEmpty();
    assertThatThrownBy(() -> new CourierClient.Builder().service(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("service == null");
  }

  private InstanceServer instanceNamed(String name) {
    for (InstanceServer instance : List.of(a, b, c)) {
      if (instance.name().equals(name)) return instance;
    }
    throw new AssertionError("no instance is named " + name);
  }

  /** Returns the first request any instance received. */
  private RecordedRequest firstRequestAnywhere() {
    for (InstanceServer instance : List.of(a, b, c)) {
      RecordedRequest received = instance.requests().peek();
      if (received != null) return received;
    }
    throw new AssertionError("no instance received a request");
  }
}
