package dev.courier.autoconfigure.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.courier.CourierClient;

/**
 * A started Gateway Server MVC application on loopback, with Spring Cloud LoadBalancer (instances
 * from its simple discovery client), Resilience4j and Brave tracing, routing to real upstream
 * servers: routes to Courier services run on the service's client, other routes on the shared
 * client, and upstream failures reach the caller as 503 and 504.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CourierGatewayAutoConfigurationTests {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN_ID = "b7ad6b7169203331";

  private final MockWebServer catalog = new MockWebServer();
  private final MockWebServer slow = new MockWebServer();
  private final MockWebServer guarded = new MockWebServer();
  private final MockWebServer plain = new MockWebServer();
  private final MockWebServer inventory = new MockWebServer();
  private final HttpClient caller = HttpClient.newHttpClient();
  private ConfigurableApplicationContext gateway;
  private String gatewayUrl;
  private int routes;

  @BeforeAll
  void start() throws IOException {
    for (MockWebServer server : List.of(catalog, slow, guarded, plain, inventory)) server.start();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    List<String> properties = new ArrayList<>(List.of(
        "server.port=0",
        "server.address=127.0.0.1",
        "management.tracing.sampling.probability=1.0",
        "courier.default-headers.X-Courier=yes",
        "courier.services.catalog.base-url=" + catalog.url("/api/"),
        "courier.services.catalog.default-headers.X-Service=catalog",
        "courier.services.slow.base-url=" + slow.url("/"),
        "courier.services.slow.read-timeout=300ms",
        "courier.services.dead.base-url=http://127.0.0.1:" + closedPort + "/",
        "courier.services.guarded.base-url=" + guarded.url("/"),
        "courier.services.guarded.resilience.circuit-breaker.enabled=true",
        "resilience4j.circuitbreaker.instances.guarded.sliding-window-size=2",
        "resilience4j.circuitbreaker.instances.guarded.minimum-number-of-calls=2",
        "resilience4j.circuitbreaker.instances.guarded.wait-duration-in-open-state=10m",
        "spring.cloud.discovery.client.simple.instances.inventory[0].uri=" + inventory.url("/")));
    route(properties, "catalog", "lb://catalog", "/catalog/**");
    route(properties, "catalog-origin", origin(catalog), "/api/**");
    route(properties, "catalog-name", "http://catalog", "/by-name/**");
    route(properties, "slow", "lb://slow", "/slow/**");
    route(properties, "dead", "lb://dead", "/dead/**");
    route(properties, "guarded", "lb://guarded", "/guarded/**");
    route(properties, "plain", origin(plain), "/plain/**");
    route(properties, "inventory", "lb://inventory", "/inventory/**");
    gateway = new SpringApplicationBuilder(Application.class)
        .properties(properties.toArray(String[]::new))
        .run();
    gatewayUrl = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
  }

  private void route(List<String> properties, String id, String uri, String path) {
    String prefix = "spring.cloud.gateway.server.webmvc.routes[" + routes++ + "].";
    properties.add(prefix + "id=" + id);
    properties.add(prefix + "uri=" + uri);
    properties.add(prefix + "predicates[0]=Path=" + path);
  }

  private static String origin(MockWebServer server) {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  @AfterAll
  void stop() {
    if (gateway != null) gateway.close();
    for (MockWebServer server : List.of(catalog, slow, guarded, plain, inventory)) server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return caller.send(HttpRequest.newBuilder(URI.create(gatewayUrl + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void whenARouteIsLbOfACourierServiceThenItProxiesThroughTheServiceToItsBaseUrl()
      throws Exception {
    catalog.enqueue(new MockResponse.Builder().code(201).addHeader("X-Upstream", "catalog")
        .body("item 1").build());

    HttpResponse<String> response = get("/catalog/items/1?colour=red");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("item 1");
    assertThat(response.headers().firstValue("X-Upstream")).hasValue("catalog");
    RecordedRequest recorded = catalog.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/api/catalog/items/1?colour=red");
    assertThat(recorded.getHeaders().get("X-Service")).isEqualTo("catalog");
  }

  @Test
  void whenARouteTargetsTheServicesOriginOrNameThenItProxiesThroughTheService()
      throws Exception {
    catalog.enqueue(new MockResponse.Builder().body("by origin").build());
    catalog.enqueue(new MockResponse.Builder().body("by name").build());

    assertThat(get("/api/items/2").body()).isEqualTo("by origin");
    assertThat(get("/by-name/items/3").body()).isEqualTo("by name");

    RecordedRequest byOrigin = catalog.takeRequest();
    assertThat(byOrigin.getTarget()).isEqualTo("/api/items/2");
    assertThat(byOrigin.getHeaders().get("X-Service")).isEqualTo("catalog");
    RecordedRequest byName = catalog.takeRequest();
    assertThat(byName.getTarget()).isEqualTo("/api/by-name/items/3");
    assertThat(byName.getHeaders().get("X-Service")).isEqualTo("catalog");
  }

  @Test
  void whenARouteTargetsNoServiceThenItRunsOnTheSharedCourierClient() throws Exception {
    plain.enqueue(new MockResponse.Builder().body("plain").build());

    assertThat(get("/plain/x").body()).isEqualTo("plain");

    RecordedRequest recorded = plain.takeRequest();
    assertThat(recorded.getHeaders().get("X-Courier")).isEqualTo("yes");
    assertThat(recorded.getHeaders().get("X-Service")).isNull();
  }

  @Test
  void whenAnLbRouteNamesNoCourierServiceThenLoadBalancerPicksTheInstance() throws Exception {
    inventory.enqueue(new MockResponse.Builder().body("stock").build());

    assertThat(get("/inventory/items/4").body()).isEqualTo("stock");

    RecordedRequest recorded = inventory.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/inventory/items/4");
    assertThat(recorded.getHeaders().get("X-Courier")).isEqualTo("yes");
  }

  @Test
  void whenTheUpstreamIsSlowerThanTheServicesReadTimeoutThenTheCallerGets504()
      throws Exception {
    slow.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("late")
        .build());

    assertThat(get("/slow/items/5").statusCode()).isEqualTo(504);
    assertThat(slow.takeRequest().getTarget()).isEqualTo("/slow/items/5");
  }

  @Test
  void whenTheUpstreamRefusesConnectionsThenTheCallerGets503() throws Exception {
    assertThat(get("/dead/items/6").statusCode()).isEqualTo(503);
  }

  @Test
  void whenTheServicesCircuitIsOpenThenTheCallerGets503AndTheUpstreamIsSpared()
      throws Exception {
    guarded.enqueue(new MockResponse.Builder().code(500).build());
    guarded.enqueue(new MockResponse.Builder().code(500).build());

    assertThat(get("/guarded/a").statusCode()).isEqualTo(500);
    assertThat(get("/guarded/b").statusCode()).isEqualTo(500);
    assertThat(get("/guarded/c").statusCode()).isEqualTo(503);

    assertThat(guarded.getRequestCount()).isEqualTo(2);
  }

  @Test
  void whenTheUpstreamRedirectsThenTheGatewayHandsTheRedirectToTheCaller() throws Exception {
    catalog.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/elsewhere")
        .build());

    HttpResponse<String> response = get("/catalog/old");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValue("/elsewhere");
    assertThat(catalog.takeRequest().getTarget()).isEqualTo("/api/catalog/old");
  }

  @Test
  void whenTheCallerSendsATraceThenTheProxiedCallContinuesIt() throws Exception {
    catalog.enqueue(new MockResponse.Builder().body("traced").build());

    HttpResponse<String> response = caller.send(HttpRequest.newBuilder(
        URI.create(gatewayUrl + "/catalog/traced"))
        .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("traced");
    String traceparent = catalog.takeRequest().getHeaders().get("traceparent");
    assertThat(traceparent).startsWith("00-" + TRACE_ID + "-");
    // A span of the gateway's own is the parent, not the caller's span passed along.
    assertThat(traceparent).doesNotContain(CALLER_SPAN_ID);
  }

  @Test
  void whenAServiceIsCalledThroughTheGatewayThenItsCallsAreCountedUnderItsName()
      throws Exception {
    catalog.enqueue(new MockResponse.Builder().body("counted").build());

    assertThat(get("/catalog/counted").body()).isEqualTo("counted");
    catalog.takeRequest();

    assertThat(gateway.getBean(MeterRegistry.class).find("http.client.requests")
        .tag("client.name", "catalog").timers()).isNotEmpty();
  }

  @Test
  void whenTheGatewayIsPresentThenThePoolKeepsAsManyIdleConnectionsAsTheServerHasWorkers() {
    assertThat(gateway.getBean(CourierClient.class).connectionPool().maxIdleConnections())
        .isEqualTo(200);
  }

  @Test
  void whenAJavaRouteTargetsTheServiceByLbUriThenItProxiesThroughTheService() throws Exception {
    catalog.enqueue(new MockResponse.Builder().body("from java").build());

    assertThat(get("/java/items/7").body()).isEqualTo("from java");

    RecordedRequest recorded = catalog.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/api/java/items/7");
    assertThat(recorded.getHeaders().get("X-Service")).isEqualTo("catalog");
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Application {
    /** A route in Gateway's Java DSL, as an application declares one. */
    @Bean
    RouterFunction<ServerResponse> javaRoute() {
      return GatewayRouterFunctions.route("catalog-java")
          .GET("/java/**", HandlerFunctions.http())
          .before(BeforeFilterFunctions.uri("lb://catalog"))
          .build();
    }
  }
}
