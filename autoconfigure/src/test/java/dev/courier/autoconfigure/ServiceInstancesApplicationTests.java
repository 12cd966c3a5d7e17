package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.courier.Call;
import dev.courier.CourierClient;
import dev.courier.EventListener;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Response;

/**
 * The scenario in a started Boot application configured in YAML alone: a service with
 * three real instances on loopback, listed ({@code courier.services.catalog.instances}) or found
 * through Spring Cloud ({@code base-url: lb://catalog} with the simple discovery client), loses
 * one while calls run. No caller of its idempotent calls sees an error; after a handful of failed
 * attempts no call goes to the dead instance, and {@code /actuator/courier/catalog} and the meters
 * show it ejected; once it is back and its ejection is over, it takes calls again. And the YAML
 * hedging settings reach the engine: a slow instance's calls are answered by their hedges.
 */
class ServiceInstancesApplicationTests {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<UpstreamInstance> upstreams = new ArrayList<>(List.of(
      UpstreamInstance.start("a"), UpstreamInstance.start("b"), UpstreamInstance.start("c")));
  private final Queue<String> events = new ConcurrentLinkedQueue<>();
  /** Calls the actuator; a client of its own, outside the application. */
  private final CourierClient operator = new CourierClient();
  private ConfigurableApplicationContext application;

  @AfterEach
  void stop() {
    if (application != null) application.close();
    operator.close();
    upstreams.forEach(UpstreamInstance::close);
  }

  @ParameterizedTest
  @ValueSource(strings = {"instances", "discovery"})
  void aServiceSurvivesAnInstanceDyingAndTheEndpointShowsTheEjection(String source,
      @TempDir Path directory) throws Exception {
    UpstreamInstance a = upstreams.get(0);
    UpstreamInstance b = upstreams.get(1);
    UpstreamInstance c = upstreams.get(2);
    String where = source.equals("instances") ? """
              instances: [%s, %s, %s]
        """.formatted(a.url(), b.url(), c.url()) : """
              base-url: lb://catalog/api/
        spring:
          cloud:
            discovery:
              client:
                simple:
                  instances:
                    catalog:
                      - uri: %s
                      - uri: %s
                      - uri: %s
        """.formatted(a.url(), b.url(), c.url());
    start(directory, """
        server:
          port: 0
        management:
          endpoints:
            web:
              exposure:
                include: courier
        courier:
          services:
            catalog:
              # Round robin gives the instance that dies its share of first attempts at once;
              # least request would pick it only while its recent latency is not the highest,
              # which depends on timing (its failures are counted the same either way).
              load-balancing:
                policy: round-robin
              outlier-detection:
                base-ejection-time: 5s
        """ + where);
    RestClient catalog = application.getBeanFactory().getBean("catalogRestClient",
        RestClient.class);
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      answers.add(catalog.get().uri("items").retrieve().body(String.class));
    }
    assertThat(answers).anyMatch(answer -> answer.startsWith("a "))
        .anyMatch(answer -> answer.startsWith("b ")).anyMatch(answer -> answer.startsWith("c "));
    assertThat(answers).allMatch(answer -> answer.endsWith(
        source.equals("instances") ? " /items" : " /api/items"));

    // b dies while calls run.
    b.kill();
    events.clear();
    int calls = 0;
    while (!events.contains("ejected " + b.url() + "/")) {
      assertThat(catalog.get().uri("items").retrieve().body(String.class))
          .as("no caller sees an error").matches("[ac] .*");
      assertThat(++calls).as("calls until the ejection").isLessThan(500);
    }
    long failedAttempts = events.stream().filter(("picked " + b.url() + "/")::equals).count();
    // The pooled connection to it, which broke on first use, then 5 refused connections (the
    // default consecutive-local-origin-failure), each retried on another instance.
    assertThat(failedAttempts).isBetween(5L, 6L);
    // The operator sees it, in the endpoint and the meters.
    JsonNode service = endpoint("catalog").get("services").get(0);
    assertThat(service.get("name").asString()).isEqualTo("catalog");
    assertThat(service.get("ejected").asInt()).isEqualTo(1);
    assertThat(service.get("healthy").asInt()).isEqualTo(2);
    assertThat(service.get("ejections").asLong()).isEqualTo(1);
    JsonNode dead = service.get("instances").get(1);
    assertThat(dead.get("url").asString()).isEqualTo(b.url());
    assertThat(dead.get("state").asString()).isEqualTo("EJECTED");
    assertThat(Instant.parse(dead.get("ejectedUntil").asString())).isAfter(Instant.now()
        .minusSeconds(5));
    assertThat(dead.get("ejectionCount").asInt()).isEqualTo(1);
    MeterRegistry meters = application.getBean(MeterRegistry.class);
    assertThat(meters.get("courier.service.instances").tag("service", "catalog")
        .tag("state", "ejected").gauge().value()).isEqualTo(1);
    assertThat(meters.get("courier.service.ejections").tag("service", "catalog")
        .functionCounter().count()).isEqualTo(1);

    events.clear();
    for (int i = 0; i < 30; i++) {
      assertThat(catalog.get().uri("items").retrieve().body(String.class)).matches("[ac] .*");
    }
    // No call went to it while it was ejected: one may only after its time is up (when it
    // returns on probation, and one more failure ejects it again, for longer).
    List<String> afterEjection = List.copyOf(events);
    int returned = afterEjection.indexOf("returned " + b.url() + "/");
    assertThat(returned < 0 ? afterEjection : afterEjection.subList(0, returned))
        .doesNotContain("picked " + b.url() + "/");

    // Back, and its ejection over: it takes calls again.
    b.restart();
    int before = b.requestCount();
    Await.until("b returns", () -> {
      try {
        catalog.get().uri("items").retrieve().body(String.class);
      } catch (RuntimeException e) {
        throw new AssertionError("a caller saw an error", e);
      }
      return b.requestCount() > before;
    });
    JsonNode back = endpoint("catalog").get("services").get(0).get("instances").get(1);
    assertThat(back.get("state").asString()).isEqualTo("HEALTHY");
  }

  @Test
  void theHedgingSettingsOfTheYamlReachTheEngineAndTheMeters(@TempDir Path directory)
      throws Exception {
    UpstreamInstance slow = upstreams.get(0);
    UpstreamInstance fast = upstreams.get(1);
    start(directory, """
        courier:
          services:
            catalog:
              instances: [%s, %s]
              load-balancing:
                policy: round-robin
              hedging:
                delay: 50ms
                budget-percent: 100
        """.formatted(slow.url(), fast.url()));
    slow.hold(); // It answers nothing until the end of the test.
    CourierServiceClient catalog = application.getBeanFactory()
        .getBean("catalogCourierServiceClient", CourierServiceClient.class);
    for (int i = 0; i < 10; i++) {
      try (Response response = catalog.get("items").execute()) {
        assertThat(response.body().string()).startsWith("b ");
      }
    }
    // Each call round robin sent to the slow instance first was answered by its hedge to the
    // other: as many hedges as requests held, counted at the servers and in the meters.
    int hedged = slow.requestCount();
    assertThat(hedged).isPositive().isEqualTo(slow.heldCount());
    assertThat(fast.requestCount()).isEqualTo(10);
    assertThat(events).filteredOn(event -> event.startsWith("hedge=true")).hasSize(hedged);
    assertThat(application.getBean(MeterRegistry.class).get("courier.service.hedges")
        .tag("service", "catalog").functionCounter().count()).isEqualTo(hedged);
    slow.release();
  }

  private void start(Path directory, String yaml) throws IOException {
    Path file = Files.writeString(directory.resolve("application.yml"), yaml);
    application = new SpringApplicationBuilder(Application.class)
        .properties("spring.config.location=file:" + file)
        .initializers(context -> context.getBeanFactory().registerSingleton("recorder",
            (EventListener.Factory) call -> new Recorder(events)))
        .run();
  }

  private JsonNode endpoint(String name) throws IOException {
    String port = application.getEnvironment().getProperty("local.server.port");
    Request request = new Request.Builder()
        .url(HttpUrl.get("http://127.0.0.1:" + port + "/actuator/courier/" + name)).build();
    try (Response response = operator.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return JSON.readTree(response.body().string());
    }
  }

  /** Records what the balancer did for each attempt, as an application's listener would. */
  static final class Recorder extends EventListener {
    private final Queue<String> events;

    Recorder(Queue<String> events) {
      this.events = events;
    }

    @Override
    public void instancePicked(Call call, String serviceName, HttpUrl instance) {
      events.add("picked " + instance);
    }

    @Override
    public void instanceEjected(Call call, String serviceName, HttpUrl instance, String reason,
        java.time.Duration ejectionTime) {
      events.add("ejected " + instance);
    }

    @Override
    public void instanceReturned(Call call, String serviceName, HttpUrl instance) {
      events.add("returned " + instance);
    }

    @Override
    public void hedgeDecision(Call call, boolean hedged, String reason) {
      events.add("hedge=" + hedged + ": " + reason);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {
  }
}
