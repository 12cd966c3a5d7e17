package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import dev.courier.CourierClient;
import dev.courier.Hedging;
import dev.courier.LoadBalancing;
import dev.courier.NoInstanceAvailableException;
import dev.courier.OutlierDetection;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.ServiceInstances;
import dev.courier.autoconfigure.cloud.discovery.CourierDiscoveryAutoConfiguration;
import dev.courier.autoconfigure.http.client.CourierHttpClientAutoConfiguration;
import dev.courier.autoconfigure.http.service.CourierHttpServiceClientAutoConfiguration;
import dev.courier.autoconfigure.http.service.CourierServiceRestClientAutoConfiguration;

/**
 * A service configured with {@code courier.services.<name>.instances}: every way the starter
 * offers of calling a service balances across its instances, the balancing, ejection and hedging
 * settings reach the engine, and bad values (or {@code lb://} without Spring Cloud) stop start-up
 * naming the property.
 */
class CourierServiceInstancesTests {
  private static final AtomicReference<Environment> ENVIRONMENT = new AtomicReference<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withInitializer(context -> ENVIRONMENT.set(context.getEnvironment()))
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          CourierDiscoveryAutoConfiguration.class, CourierHttpClientAutoConfiguration.class,
          CourierServiceRestClientAutoConfiguration.class,
          CourierHttpServiceClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
          ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
          HttpServiceClientPropertiesAutoConfiguration.class,
          HttpServiceClientAutoConfiguration.class));
  private final List<UpstreamInstance> upstreams = new ArrayList<>(List.of(
      UpstreamInstance.start("a"), UpstreamInstance.start("b"), UpstreamInstance.start("c")));

  @AfterEach
  void stop() {
    upstreams.forEach(UpstreamInstance::close);
  }

  private String[] instances() {
    return new String[] {
        "courier.services.catalog.instances[0]=" + upstreams.get(0).url(),
        "courier.services.catalog.instances[1]=" + upstreams.get(1).url(),
        "courier.services.catalog.instances[2]=" + upstreams.get(2).url(),
        "courier.services.catalog.load-balancing.policy=round-robin"};
  }

  @Test
  void whenAServiceListsInstancesThenEveryWayOfCallingItBalancesAcrossThem() {
    runner.withUserConfiguration(CatalogGroup.class).withPropertyValues(instances())
        .withPropertyValues("courier.services.catalog.base-url=http://catalog/api/")
        .run(context -> {
          CourierServices services = context.getBean(CourierServices.class);
          assertThat(services.baseUrl("catalog")).hasToString("http://catalog/api/");
          List<String> answers = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            // The registry's client with a URL it resolves.
            answers.add(body(services.client("catalog"), services.url("catalog", "items/1")
                .toString()));
            // The client bean qualified by the service's name, with an absolute URL.
            answers.add(body(context.getBean("catalogCourierClient", CourierClient.class),
                "http://catalog/api/items/1"));
            // The service's client bound to its base URL.
            try (Response response = context.getBean("catalogCourierServiceClient",
                CourierServiceClient.class).get("items/1").execute()) {
              answers.add(response.body().string());
            }
            // Its RestClient, and its HTTP service group.
            answers.add(context.getBean("catalogRestClient", RestClient.class).get()
                .uri("items/{id}", 1).retrieve().body(String.class));
            answers.add(context.getBean(CatalogApi.class).item(1));
          }
          // Round robin: fifteen calls, five to each instance, each at the base URL's path.
          assertThat(answers).allMatch(answer -> answer.endsWith(" /api/items/1"));
          assertThat(upstreams).extracting(UpstreamInstance::requestCount)
              .containsExactly(5, 5, 5);
        });
  }

  @Test
  void whenBalancingEjectionAndHedgingAreSetThenTheyReachTheEngine() {
    runner.withPropertyValues(instances()).withPropertyValues(
        "courier.services.catalog.load-balancing.slow-start-window=0s",
        "courier.services.catalog.outlier-detection.consecutive5xx=3",
        "courier.services.catalog.outlier-detection.consecutive-gateway-failure=2",
        "courier.services.catalog.outlier-detection.consecutive-local-origin-failure=4",
        "courier.services.catalog.outlier-detection.interval=5s",
        "courier.services.catalog.outlier-detection.base-ejection-time=10s",
        "courier.services.catalog.outlier-detection.max-ejection-time=2m",
        "courier.services.catalog.outlier-detection.max-ejection-percent=34",
        "courier.services.catalog.outlier-detection.panic-threshold-percent=0",
        "courier.services.catalog.hedging.percentile=95",
        "courier.services.catalog.hedging.budget-percent=5").run(context -> {
          ServiceInstances catalog = only(context.getBean(CourierServices.class)
              .client("catalog"));
          assertThat(catalog.name()).isEqualTo("catalog");
          assertThat(catalog.instances()).extracting(Object::toString).containsExactly(
              upstreams.get(0).url() + "/", upstreams.get(1).url() + "/",
              upstreams.get(2).url() + "/");
          assertThat(catalog.loadBalancing()).isEqualTo(new LoadBalancing.Builder()
              .policy(LoadBalancing.Policy.ROUND_ROBIN).slowStartWindow(Duration.ZERO).build());
          assertThat(catalog.outlierDetection()).isEqualTo(new OutlierDetection.Builder()
              .consecutive5xx(3).consecutiveGatewayFailure(2).consecutiveLocalOriginFailure(4)
              .interval(Duration.ofSeconds(5)).baseEjectionTime(Duration.ofSeconds(10))
              .maxEjectionTime(Duration.ofMinutes(2)).maxEjectionPercent(34)
              .panicThresholdPercent(0).build());
          assertThat(catalog.hedging()).isEqualTo(new Hedging.Builder().percentile(95)
              .budgetPercent(5).build());
          // Only the service's client routes to its instances; the shared one does not.
          assertThat(context.getBean(CourierClient.class).services()).isEmpty();
        });
  }

  @Test
  void whenNothingIsSetThenTheEngineDefaultsApply() {
    runner.withPropertyValues("courier.services.catalog.instances=" + upstreams.get(0).url())
        .run(context -> {
          ServiceInstances catalog = only(context.getBean(CourierServices.class)
              .client("catalog"));
          assertThat(catalog.loadBalancing()).isEqualTo(LoadBalancing.DEFAULT);
          assertThat(catalog.outlierDetection()).isEqualTo(OutlierDetection.DEFAULT);
          assertThat(catalog.hedging()).isEqualTo(Hedging.DISABLED);
          assertThat(context.getBean(CourierServices.class).baseUrl("catalog"))
              .hasToString("http://catalog/");
        });
  }

  @Test
  void whenAnInstanceDiesThenCallsGoToTheOthersWithoutErrors() {
    runner.withPropertyValues(instances()).run(context -> {
      CourierClient catalog = context.getBean(CourierServices.class).client("catalog");
      UpstreamInstance dead = upstreams.get(1);
      dead.kill();
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 30; i++) answers.add(body(catalog, "http://catalog/items"));
      assertThat(answers).allMatch(answer -> answer.startsWith("a ") || answer.startsWith("c "));
      assertThat(only(catalog).snapshot()).extracting(s -> s.state().name())
          .containsExactly("HEALTHY", "EJECTED", "HEALTHY");
    });
  }

  @Test
  void whenAnInstanceIsNotAnOriginThenStartUpFailsNamingItsIndex() {
    runner.withPropertyValues("courier.services.catalog.instances="
        + upstreams.get(0).url() + "," + upstreams.get(1).url() + "/api").run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.catalog.instances[1]")
              .contains("has a path");
          assertThat(analysis.getAction()).contains("scheme, host and port");
        });
  }

  @Test
  void whenAnInstanceIsNotAUrlThenStartUpFailsNamingIt() {
    runner.withPropertyValues("courier.services.catalog.instances=10.0.0.1:8080")
        .run(context -> assertThat(analyze(context).getDescription())
            .contains("Property: courier.services.catalog.instances[0]")
            .contains("absolute http or https URL"));
  }

  @Test
  void whenInstancesAndABaseUrlElsewhereAreSetThenStartUpFailsSayingTheBaseUrlNamesTheService() {
    runner.withPropertyValues("courier.services.catalog.instances=" + upstreams.get(0).url(),
        "courier.services.catalog.base-url=http://catalog.internal:8080/api/").run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.catalog.base-url")
              .contains("names the service itself");
          assertThat(analysis.getAction()).contains("http://catalog/api/");
        });
  }

  @Test
  void whenInstancesAndLbAreBothSetThenStartUpFailsSayingToPickOne() {
    runner.withPropertyValues("courier.services.catalog.instances=" + upstreams.get(0).url(),
        "courier.services.catalog.base-url=lb://catalog").run(context ->
            assertThat(analyze(context).getDescription())
                .contains("Property: courier.services.catalog.base-url")
                .contains("lists its instances and also asks discovery"));
  }

  @Test
  void whenAnLbUrlHasAPortThenStartUpFailsSayingItNamesAServiceId() {
    runner.withPropertyValues("courier.services.catalog.base-url=lb://catalog:8080/")
        .run(context -> assertThat(analyze(context).getDescription())
            .contains("not a valid lb:// URL").contains("without port or credentials"));
  }

  @Test
  void whenHedgingHasADelayAndAPercentileThenStartUpFailsNamingThem() {
    runner.withPropertyValues(instances()).withPropertyValues(
        "courier.services.catalog.hedging.delay=50ms",
        "courier.services.catalog.hedging.percentile=95").run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.catalog.hedging.percentile");
          assertThat(analysis.getAction()).contains("hedging.delay");
        });
  }

  @Test
  void whenASettingIsOutOfRangeThenStartUpFailsWithTheEnginesReason() {
    runner.withPropertyValues(instances()).withPropertyValues(
        "courier.services.catalog.outlier-detection.max-ejection-percent=150").run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.catalog.outlier-detection"
                  + ".max-ejection-percent")
              .contains("Value: '150'").contains("from 0 to 100");
        });
    runner.withPropertyValues(instances()).withPropertyValues(
        "courier.services.catalog.outlier-detection.base-ejection-time=5m",
        "courier.services.catalog.outlier-detection.max-ejection-time=1m").run(context ->
            assertThat(analyze(context).getDescription())
                .contains("Property: courier.services.catalog.outlier-detection"
                    + ".max-ejection-time")
                .contains("must be at least baseEjectionTime"));
    runner.withPropertyValues(instances()).withPropertyValues(
        "courier.services.catalog.discovery.refresh-interval=1ms").run(context ->
            assertThat(analyze(context).getDescription())
                .contains("Property: courier.services.catalog.discovery.refresh-interval"));
  }

  @Test
  void whenTheServiceNameCannotBeAHostThenStartUpFailsSayingSo() {
    runner.withPropertyValues("courier.services[my-catalog!].instances="
        + upstreams.get(0).url()).run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription()).contains("must be a host name");
          assertThat(analysis.getAction()).contains("Rename courier.services.my-catalog!");
        });
  }

  @Test
  void whenLbIsUsedWithoutSpringCloudThenStartUpFailsNamingTheDependency() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
        .withPropertyValues("courier.services.catalog.base-url=lb://catalog/api/")
        .run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.catalog.base-url")
              .contains("Value: 'lb://catalog/api/'")
              .contains("Spring Cloud is not on the class path");
          assertThat(analysis.getAction())
              .contains("org.springframework.cloud:spring-cloud-starter-loadbalancer")
              .contains("courier.services.catalog.instances");
        });
  }

  @Test
  void whenNoInstanceIsLeftThenCallsFailNamingTheService() {
    runner.withPropertyValues(instances()).run(context -> {
      ServiceInstances catalog = only(context.getBean(CourierServices.class).client("catalog"));
      catalog.update(List.of());
      Throwable failure = catchThrowable(() -> context.getBean("catalogRestClient",
          RestClient.class).get().uri("items").retrieve().body(String.class));
      assertThat(failure).isInstanceOf(ResourceAccessException.class)
          .hasMessageContaining("service catalog has no instances")
          .hasCauseInstanceOf(NoInstanceAvailableException.class);
    });
  }

  private static ServiceInstances only(CourierClient client) {
    assertThat(client.services()).hasSize(1);
    return client.services().get(0);
  }

  private static String body(CourierClient client, String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.body().string();
    }
  }

  private static FailureAnalysis analyze(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis analysis = new CourierConfigurationFailureAnalyzer(ENVIRONMENT.get())
        .analyze(context.getStartupFailure());
    assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
    return analysis;
  }

  /** An HTTP service interface whose group is the service. */
  @HttpExchange
  interface CatalogApi {
    @GetExchange("items/{id}")
    String item(@org.springframework.web.bind.annotation.PathVariable int id);
  }

  @Configuration(proxyBeanMethods = false)
  @ImportHttpServices(group = "catalog", types = CatalogApi.class)
  static class CatalogGroup {
  }
}
