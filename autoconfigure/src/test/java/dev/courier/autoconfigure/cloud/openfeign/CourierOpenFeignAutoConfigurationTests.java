package dev.courier.autoconfigure.cloud.openfeign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import feign.Client;
import feign.FeignException;
import feign.RetryableException;
import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.cloud.openfeign.loadbalancer.FeignBlockingLoadBalancerClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.resilience4j.CircuitOpenException;

/**
 * {@code @FeignClient}s in a started application with Spring Cloud OpenFeign, LoadBalancer
 * (instances from its simple discovery client) and Resilience4j, against real upstream servers
 * on loopback: a Courier service's Feign client runs on the service's client, the others on
 * Courier's shared client, with LoadBalancer picking instances for names Courier does not know.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CourierOpenFeignAutoConfigurationTests {
  private final MockWebServer catalog = new MockWebServer();
  private final MockWebServer reports = new MockWebServer();
  private final MockWebServer guarded = new MockWebServer();
  private final MockWebServer inventory = new MockWebServer();
  private final MockWebServer external = new MockWebServer();
  private ConfigurableApplicationContext application;

  @FeignClient(name = "catalog")
  interface CatalogClient {
    @GetMapping("/items/{id}")
    String item(@PathVariable("id") int id);
  }

  @FeignClient(name = "reports")
  interface ReportsClient {
    @GetMapping("/reports/{id}")
    String report(@PathVariable("id") int id);
  }

  @FeignClient(name = "guarded")
  interface GuardedClient {
    @GetMapping("/checks/{id}")
    String check(@PathVariable("id") int id);
  }

  @FeignClient(name = "inventory")
  interface InventoryClient {
    @GetMapping("/stock/{id}")
    String stock(@PathVariable("id") int id);
  }

  @FeignClient(name = "external", url = "${test.external-url}")
  interface ExternalClient {
    @GetMapping("/rates/{id}")
    String rate(@PathVariable("id") int id);
  }

  @FeignClient(name = "legacy", url = "${test.catalog-origin}")
  interface LegacyCatalogClient {
    @GetMapping("/api/legacy/{id}")
    String legacy(@PathVariable("id") int id);
  }

  @BeforeAll
  void start() throws IOException {
    for (MockWebServer server : List.of(catalog, reports, guarded, inventory, external)) {
      server.start();
    }
    String catalogOrigin = catalog.url("/").toString();
    application = new SpringApplicationBuilder(Application.class)
        .web(WebApplicationType.NONE)
        .properties(
            "courier.default-headers.X-Courier=yes",
            "courier.services.catalog.base-url=" + catalog.url("/api/"),
            "courier.services.catalog.default-headers.X-Service=catalog",
            "courier.services.catalog.read-timeout=300ms",
            "courier.services.reports.base-url=" + reports.url("/"),
            "spring.cloud.openfeign.client.config.reports.read-timeout=250",
            "courier.services.guarded.base-url=" + guarded.url("/"),
            "courier.services.guarded.resilience.circuit-breaker.enabled=true",
            "resilience4j.circuitbreaker.instances.guarded.sliding-window-size=2",
            "resilience4j.circuitbreaker.instances.guarded.minimum-number-of-calls=2",
            "resilience4j.circuitbreaker.instances.guarded.wait-duration-in-open-state=10m",
            "spring.cloud.discovery.client.simple.instances.inventory[0].uri="
                + inventory.url("/"),
            "test.external-url=" + external.url("/"),
            "test.catalog-origin=" + catalogOrigin.substring(0, catalogOrigin.length() - 1))
        .run();
  }

  @AfterAll
  void stop() {
    if (application != null) application.close();
    for (MockWebServer server : List.of(catalog, reports, guarded, inventory, external)) {
      server.close();
    }
  }

  @Test
  void whenAFeignClientIsNamedForACourierServiceThenItRunsOnTheServicesClientAndBaseUrl()
      throws Exception {
    catalog.enqueue(new MockResponse.Builder().body("item 1").build());

    assertThat(application.getBean(CatalogClient.class).item(1)).isEqualTo("item 1");

    RecordedRequest recorded = catalog.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/api/items/1");
    assertThat(recorded.getHeaders().get("X-Service")).isEqualTo("catalog");
    assertThat(recorded.getHeaders().get("User-Agent")).startsWith("courier/");
    // Courier's own observation, under the service's name and the method's URI template.
    assertThat(application.getBean(MeterRegistry.class).find("http.client.requests")
        .tags("client.name", "catalog", "uri", "/items/{id}").timers()).isNotEmpty();
  }

  @Test
  void whenTheServiceIsSlowerThanItsReadTimeoutThenTheFeignCallTimesOut() throws Exception {
    catalog.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("late")
        .build());

    // 300 ms, the service's: Feign's default read timeout of 60 s leaves the Courier client's.
    Throwable thrown = catchThrowable(() -> application.getBean(CatalogClient.class).item(2));

    assertThat(thrown).isInstanceOf(RetryableException.class)
        .hasRootCauseInstanceOf(SocketTimeoutException.class);
    assertThat(catalog.takeRequest().getTarget()).isEqualTo("/api/items/2");
  }

  @Test
  void whenFeignConfiguresATimeoutForTheClientThenItApplies() throws Exception {
    reports.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("late")
        .build());

    // The service keeps courier.read-timeout (10 s); Feign's 250 ms is set for this client.
    Throwable thrown = catchThrowable(() -> application.getBean(ReportsClient.class).report(3));

    assertThat(thrown).isInstanceOf(RetryableException.class)
        .hasRootCauseInstanceOf(SocketTimeoutException.class);
    assertThat(reports.takeRequest().getTarget()).isEqualTo("/reports/3");
  }

  @Test
  void whenTheServicesCircuitOpensThenFeignCallsAreRefusedUnsent() {
    guarded.enqueue(new MockResponse.Builder().code(500).build());
    guarded.enqueue(new MockResponse.Builder().code(500).build());
    GuardedClient client = application.getBean(GuardedClient.class);

    assertThat(catchThrowable(() -> client.check(1))).isInstanceOf(FeignException.class);
    assertThat(catchThrowable(() -> client.check(2))).isInstanceOf(FeignException.class);
    Throwable refused = catchThrowable(() -> client.check(3));

    assertThat(refused).isInstanceOf(RetryableException.class)
        .hasCauseInstanceOf(CircuitOpenException.class);
    assertThat(guarded.getRequestCount()).isEqualTo(2);
  }

  @Test
  void whenAFeignClientNamesNoCourierServiceThenLoadBalancerPicksTheInstanceForCourier()
      throws Exception {
    inventory.enqueue(new MockResponse.Builder().body("stock 4").build());

    assertThat(application.getBean(InventoryClient.class).stock(4)).isEqualTo("stock 4");

    RecordedRequest recorded = inventory.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/stock/4");
    assertThat(recorded.getHeaders().get("X-Courier")).isEqualTo("yes");
    assertThat(recorded.getHeaders().get("X-Service")).isNull();
    assertThat(application.getBean(Client.class)).isInstanceOf(FeignBlockingLoadBalancerClient.class);
  }

  @Test
  void whenAFeignClientHasAUrlThenItRunsOnTheSharedClientWithoutLoadBalancer()
      throws Exception {
    external.enqueue(new MockResponse.Builder().body("rate 5").build());

    assertThat(application.getBean(ExternalClient.class).rate(5)).isEqualTo("rate 5");

    RecordedRequest recorded = external.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/rates/5");
    assertThat(recorded.getHeaders().get("X-Courier")).isEqualTo("yes");
  }

  @Test
  void whenAFeignClientsUrlIsACourierServicesOriginThenItRunsOnTheService() throws Exception {
    catalog.enqueue(new MockResponse.Builder().body("legacy 6").build());

    assertThat(application.getBean(LegacyCatalogClient.class).legacy(6)).isEqualTo("legacy 6");

    RecordedRequest recorded = catalog.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/api/legacy/6");
    assertThat(recorded.getHeaders().get("X-Service")).isEqualTo("catalog");
  }

  @Test
  void whenLoadBalancerIsAbsentThenFeignClientsRunOnCourierDirectly() {
    new ApplicationContextRunner()
        .withClassLoader(new FilteredClassLoader(LoadBalancerClient.class))
        .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
            CourierOpenFeignAutoConfiguration.class))
        .run(context -> assertThat(context.getBean(Client.class))
            .isInstanceOf(ServiceRoutingFeignClient.class));
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableFeignClients(clients = {CatalogClient.class, ReportsClient.class, GuardedClient.class,
      InventoryClient.class, ExternalClient.class, LegacyCatalogClient.class})
  static class Application {
  }
}
