package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.InstanceServer;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hedged calls against real servers on loopback. A slow instance is one that holds its responses
 * until the test releases them, so every assertion is on which instance answered and how many
 * requests each server received, never on how long anything took.
 */
class HedgingTest {
  private static final Duration DELAY = Duration.ofMillis(50);

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final InstanceServer a = InstanceServer.start(courier, "a");
  private final InstanceServer b = InstanceServer.start(courier, "b");
  private final InstanceServer c = InstanceServer.start(courier, "c");
  private final RecordingEventListener listener = courier.eventListener();

  private static ServiceInstances service(int budgetPercent, InstanceServer... instances) {
    List<HttpUrl> urls = new ArrayList<>();
    for (InstanceServer instance : instances) urls.add(instance.url());
    return new ServiceInstances.Builder("catalog")
        .instances(urls)
        .loadBalancing(ServiceRoutingTest.ROUND_ROBIN)
        .hedging(new Hedging.Builder().delay(DELAY).budgetPercent(budgetPercent).build())
        .build();
  }

  private static Request get() {
    return new Request.Builder().url("http://catalog/items").build();
  }

  @Test
  void aSlowInstancesCallsAreAnsweredByTheirHedges() throws Exception {
    ServiceInstances catalog = service(100, a, b, c);
    Map<Call, RecordingEventListener> listeners = new ConcurrentHashMap<>();
    CourierClient client = courier.newClient(builder -> builder.service(catalog)
        .eventListenerFactory(call -> listeners.computeIfAbsent(call,
            unused -> new RecordingEventListener())));
    a.hold(); // The slow instance: it answers nothing until the end of the test.
    int sentToA = 0;
    for (int i = 0; i < 30; i++) {
      Call call = client.newCall(get());
      String answer;
      try (Response response = call.execute()) {
        answer = response.body().string();
      }
      // Nothing waited for the slow instance: it has answered no call yet.
      assertThat(answer).isIn("b", "c");
      RecordingEventListener events = listeners.get(call);
      if (events.instances().get(0).equals("picked " + a.url())) {
        sentToA++;
        assertThat(events.decisions()).contains("hedge=true: no response after 50 ms: hedging "
            + "to another instance of service catalog");
      }
    }
    // Round robin sent about a third of the calls to the slow instance first; each was cut short
    // by its hedge. Without hedging, the first of them would still be waiting.
    assertThat(sentToA).isGreaterThanOrEqualTo(8);
    assertThat(a.heldCount()).isEqualTo(a.requestCount()).isGreaterThanOrEqualTo(sentToA);
    // Each abandoned attempt gave its slot back (a hedge that lost may still be unwinding).
    Await.until("every attempt gave its slot back",
        () -> catalog.snapshot().stream().allMatch(s -> s.inFlight() == 0));
    // Hedges run on the dispatcher's threads: no thread of another kind was started.
    assertThat(Await.liveThreads("courier-")).extracting(Thread::getName).allMatch(
        name -> name.startsWith("courier-dispatcher-") || name.startsWith("courier-connect-")
            || name.equals("courier-pool-cleanup"))
        .anyMatch(name -> name.startsWith("courier-dispatcher-"));
    a.release();
  }

  @Test
  void hedgesStayWithinTheBudgetCountedAtTheServers() throws Exception {
    ServiceInstances catalog = service(10, a, b, c);
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(200);
    dispatcher.setMaxRequestsPerHost(100);
    Map<Call, RecordingEventListener> listeners = new ConcurrentHashMap<>();
    CourierClient client = courier.newClient(builder -> builder.service(catalog)
        .dispatcher(dispatcher)
        .eventListenerFactory(call -> listeners.computeIfAbsent(call,
            unused -> new RecordingEventListener())));
    a.hold();
    int calls = 60;
    Map<Call, String> outcomes = new ConcurrentHashMap<>();
    List<Call> started = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      Call call = client.newCall(get());
      started.add(call);
      call.enqueue(new Callback() {
        @Override
        public void onFailure(Call failed, IOException e) {
          outcomes.put(failed, "failed: " + e);
        }

        @Override
        public void onResponse(Call answered, Response response) throws IOException {
          try (response) {
            outcomes.put(answered, response.body().string());
          }
        }
      });
    }
    // Settled: every call is answered, or waits on the slow instance with its hedge refused.
    Await.until("every call is answered or waits unhedged", () -> started.stream().allMatch(
        call -> outcomes.containsKey(call) || waitsUnhedgedOnA(listeners.get(call))));
    a.release();
    Await.until("every call is answered", () -> outcomes.size() == calls);
    assertThat(outcomes.values()).allMatch(outcome -> !outcome.startsWith("failed"));
    int hedgesSent = 0;
    for (RecordingEventListener events : listeners.values()) {
      hedgesSent += (int) events.decisions().stream().filter(d -> d.startsWith("hedge=true"))
          .count();
    }
    // At most 10 hedges per 100 calls: 60 calls, at most 6 more requests at the servers.
    assertThat(hedgesSent).isBetween(1, calls * 10 / 100);
    assertThat(catalog.hedgeCount()).isEqualTo(hedgesSent);
    assertThat(a.requestCount() + b.requestCount() + c.requestCount())
        .isBetween(calls, calls + calls * 10 / 100);
  }

  @Test
  void aHedgeRunsInTheContextOfTheCallItHedgesThroughTheTaskDecorator() throws Exception {
    ThreadLocal<String> context = new ThreadLocal<>();
    Dispatcher dispatcher = new Dispatcher();
    // As Spring's ContextPropagatingTaskDecorator: capture where decorated, restore where run.
    dispatcher.setTaskDecorator(task -> {
      String captured = context.get();
      return () -> {
        context.set(captured);
        try {
          task.run();
        } finally {
          context.remove();
        }
      };
    });
    Map<String, String> contextByInstance = new ConcurrentHashMap<>();
    ServiceInstances catalog = service(100, a, b);
    CourierClient client = courier.newClient(builder -> builder.service(catalog)
        .dispatcher(dispatcher)
        .addNetworkInterceptor(chain -> {
          contextByInstance.put(chain.request().url().toString(), String.valueOf(context.get()));
          return chain.proceed(chain.request());
        }));
    a.hold();
    b.hold();
    context.set("caller-1");
    Thread release = new Thread(() -> {
      Await.until("the call and its hedge reach both instances",
          () -> a.heldCount() + b.heldCount() == 2);
      a.release();
      b.release();
    });
    release.start();
    try (Response response = client.newCall(get()).execute()) {
      response.body().string();
    } finally {
      context.remove();
    }
    release.join();
    // The call ran on this thread; its hedge, on a dispatcher thread, saw the same context.
    assertThat(contextByInstance).containsOnly(
        Map.entry(a.url().resolve("/items").toString(), "caller-1"),
        Map.entry(b.url().resolve("/items").toString(), "caller-1"));
    assertThat(catalog.hedgeCount()).isEqualTo(1);
  }

  @Test
  void whenThePrimaryAnswersFirstItsHedgeIsCanceledAndItsConnectionClosed() throws Exception {
    Map<Call, RecordingEventListener> listeners = new ConcurrentHashMap<>();
    CourierClient client = courier.newClient(builder -> builder.service(service(100, a, b))
        .eventListenerFactory(call -> listeners.computeIfAbsent(call,
            unused -> new RecordingEventListener())));
    a.hold();
    b.hold();
    Call call = client.newCall(get());
    Queue<Response> responses = new ConcurrentLinkedQueue<>();
    Queue<IOException> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(1);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        failures.add(e);
        done.countDown();
      }

      @Override
      public void onResponse(Call answered, Response response) {
        responses.add(response);
        done.countDown();
      }
    });
    Await.until("the call and its hedge reach both instances",
        () -> a.heldCount() + b.heldCount() == 2);
    RecordingEventListener callEvents = listeners.get(call);
    String primary = callEvents.instances().get(0);
    InstanceServer first = primary.equals("picked " + a.url()) ? a : b;
    first.release();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).isEmpty();
    try (Response response = responses.remove()) {
      assertThat(response.body().string()).isEqualTo(first.name());
    }
    RecordingEventListener hedgeEvents = listeners.entrySet().stream()
        .filter(entry -> entry.getKey() != call).findFirst().orElseThrow().getValue();
    Await.until("the hedge ended", () -> hedgeEvents.events().containsAll(
        List.of("canceled", "callFailed")));
    assertThat(hedgeEvents.events()).startsWith("callStart", "instancePicked");
    assertThat(callEvents.decisions()).contains("hedge=true: no response after 50 ms: hedging "
        + "to another instance of service catalog");
    // The call ends only once its hedge has: nothing it started is left running.
    Await.until("the call ends", () -> callEvents.events().contains("callEnd"));
    assertThat(callEvents.events()).endsWith("callEnd");
    assertThat(client.services().get(0).snapshot())
        .allSatisfy(s -> assertThat(s.inFlight()).isZero());
    a.release();
    b.release();
  }

  @Test
  void whenTheHedgeAnswersFirstTheCallEndsAfterItsBodyIsClosed() throws Exception {
    Map<Call, RecordingEventListener> listeners = new ConcurrentHashMap<>();
    CourierClient client = courier.newClient(builder -> builder.service(service(100, a, b))
        .eventListenerFactory(call -> listeners.computeIfAbsent(call,
            unused -> new RecordingEventListener())));
    a.hold();
    b.hold();
    Call call = client.newCall(get());
    Queue<Response> responses = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(1);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        done.countDown();
      }

      @Override
      public void onResponse(Call answered, Response response) {
        responses.add(response);
        done.countDown();
      }
    });
    Await.until("the call and its hedge reach both instances",
        () -> a.heldCount() + b.heldCount() == 2);
    RecordingEventListener callEvents = listeners.get(call);
    InstanceServer first = callEvents.instances().get(0).equals("picked " + a.url()) ? a : b;
    InstanceServer second = first == a ? b : a;
    second.release(); // The hedge's instance answers; the primary's still holds.
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    Response response = responses.remove();
    assertThat(response.header("X-Instance")).isEqualTo(second.name());
    // The primary was abandoned, not failed: no retry, and the call is not over yet.
    assertThat(callEvents.decisions()).contains("retry=false: abandoned: its hedge answered "
        + "first");
    assertThat(callEvents.events()).doesNotContain("callEnd", "callFailed", "canceled");
    assertThat(response.body().string()).isEqualTo(second.name());
    response.close();
    Await.until("the call ends", () -> callEvents.events().contains("callEnd"));
    assertThat(callEvents.events()).containsSubsequence("callStart", "instancePicked",
        "connectionAcquired", "requestHeadersEnd", "hedgeDecision", "responseFailed",
        "retryDecision", "connectionReleased", "callEnd");
    assertThat(callEvents.events()).endsWith("connectionReleased", "callEnd");
    RecordingEventListener hedgeEvents = listeners.entrySet().stream()
        .filter(entry -> entry.getKey() != call).findFirst().orElseThrow().getValue();
    assertThat(hedgeEvents.events()).startsWith("callStart", "instancePicked")
        .endsWith("responseBodyEnd", "connectionReleased", "callEnd");
    assertThat(hedgeEvents.instances()).containsExactly("picked " + second.url());
    assertThat(client.services().get(0).snapshot())
        .allSatisfy(s -> assertThat(s.inFlight()).isZero());
    first.release();
  }

  @Test
  void whenBothFailThePrimarysFailureIsThrownWithTheHedgesSuppressed() throws Exception {
    CourierClient client = courier.newClient(builder -> builder.service(service(100, a, b))
        .retryOnConnectionFailure(false));
    MockResponse reset = new MockResponse.Builder()
        .onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build();
    a.enqueue(reset);
    b.enqueue(reset);
    a.hold();
    b.hold();
    Call call = client.newCall(get());
    Queue<IOException> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(1);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        failures.add(e);
        done.countDown();
      }

      @Override
      public void onResponse(Call answered, Response response) {
        response.close();
        done.countDown();
      }
    });
    Await.until("the call and its hedge reach both instances",
        () -> a.heldCount() + b.heldCount() == 2);
    a.release();
    b.release();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    IOException failure = failures.remove();
    assertThat(failure.getSuppressed()).hasSize(1);
    assertThat(a.requestCount() + b.requestCount()).isEqualTo(2);
  }

  @Test
  void aCallThatMayNotBeSentTwiceIsNeverHedged() throws Exception {
    CourierClient client = courier.newClient(builder -> builder.service(service(100, a, b)));
    a.hold();
    b.hold();
    Request post = new Request.Builder().url("http://catalog/orders")
        .post(RequestBody.create("order", MediaType.get("text/plain"))).build();
    CountDownLatch done = new CountDownLatch(2);
    Callback closeIt = new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        done.countDown();
      }

      @Override
      public void onResponse(Call call, Response response) {
        response.close();
        done.countDown();
      }
    };
    client.newCall(post).enqueue(closeIt);
    Await.until("the POST is held", () -> a.heldCount() + b.heldCount() == 1);
    // A GET started after it is hedged once its delay passes: by then the POST's would have too.
    client.newCall(get()).enqueue(closeIt);
    // The GET's hedge reaches an instance: three requests held, the POST's and the GET's two.
    Await.until("the GET is hedged", () -> a.heldCount() + b.heldCount() == 3);
    assertThat(listener.decisions()).filteredOn(d -> d.startsWith("hedge=")).hasSize(1);
    a.release();
    b.release();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(a.requestCount() + b.requestCount()).isEqualTo(3); // The POST once, the GET twice.
  }

  @Test
  void aServiceWithNoOtherInstanceDoesNotHedge() throws Exception {
    CourierClient client = courier.newClient(builder -> builder.service(service(100, a)));
    a.hold();
    CountDownLatch done = new CountDownLatch(1);
    Queue<String> bodies = new ConcurrentLinkedQueue<>();
    client.newCall(get()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        done.countDown();
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          bodies.add(response.body().string());
        }
        done.countDown();
      }
    });
    Await.until("the hedge is decided", () -> hedges(false) == 1);
    assertThat(listener.decisions()).contains("hedge=false: no other instance of service "
        + "catalog to send a hedge to");
    a.release();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bodies).containsExactly("a");
  }

  @Test
  void cancelingAHedgedCallCancelsItsHedge() throws Exception {
    CourierClient client = courier.newClient(builder -> builder.service(service(100, a, b)));
    a.hold();
    b.hold();
    Call call = client.newCall(get());
    Queue<IOException> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(1);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        failures.add(e);
        done.countDown();
      }

      @Override
      public void onResponse(Call answered, Response response) {
        response.close();
        done.countDown();
      }
    });
    Await.until("the call and its hedge reach both instances",
        () -> a.heldCount() + b.heldCount() == 2);
    call.cancel();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("Canceled");
    Await.until("both attempts gave their slots back", () -> client.services().get(0).snapshot()
        .stream().allMatch(s -> s.inFlight() == 0));
    assertThat(listener.events()).filteredOn("canceled"::equals).hasSize(2);
    a.release();
    b.release();
  }

  private boolean waitsUnhedgedOnA(RecordingEventListener events) {
    return events != null && !events.instances().isEmpty()
        && events.instances().get(0).equals("picked " + a.url())
        && events.decisions().stream().anyMatch(d -> d.startsWith("hedge=false"));
  }

  private int hedges(boolean sent) {
    String prefix = "hedge=" + sent + ":";
    return (int) listener.decisions().stream().filter(d -> d.startsWith(prefix)).count();
  }
}
