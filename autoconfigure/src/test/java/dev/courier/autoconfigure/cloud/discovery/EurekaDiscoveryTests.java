package dev.courier.autoconfigure.cloud.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;
import org.springframework.context.ConfigurableApplicationContext;

import dev.courier.CourierClient;
import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.ServiceInstances;
import dev.courier.autoconfigure.Await;
import dev.courier.autoconfigure.CourierServiceClient;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.UpstreamInstance;

/**
 * A service at {@code lb://catalog} found through a real Eureka server, started on 127.0.0.1 in
 * the test: instances register (through Eureka's REST API, as an instance's Eureka client does),
 * deregister and die while calls run, and the application follows without a restart, through
 * Eureka's client and Spring Cloud LoadBalancer, its callers seeing no error. Eureka answers
 * fast here: no self-preservation, no response cache, and a one-second registry fetch.
 *
 * <p>Runs in a Surefire execution of its own, the only one with Eureka's client on the class path
 * (see the module's pom).
 */
class EurekaDiscoveryTests {
  private final List<UpstreamInstance> upstreams = new ArrayList<>(List.of(
      UpstreamInstance.start("a"), UpstreamInstance.start("b"), UpstreamInstance.start("c")));
  /** Registers and deregisters instances: a client of its own, outside both applications. */
  private final CourierClient registrar = new CourierClient();
  private ConfigurableApplicationContext eureka;
  private ConfigurableApplicationContext application;
  private String eurekaUrl;

  @BeforeEach
  void startEureka() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    eurekaUrl = "http://127.0.0.1:" + port + "/eureka/";
    eureka = new SpringApplicationBuilder(EurekaServer.class)
        .properties("server.address=127.0.0.1", "server.port=" + port,
            "spring.application.name=eureka",
            "eureka.instance.hostname=127.0.0.1",
            // Its own URL, so that it has no peer to replicate to.
            "eureka.client.service-url.defaultZone=" + eurekaUrl,
            "eureka.client.register-with-eureka=false", "eureka.client.fetch-registry=false",
            "eureka.server.enable-self-preservation=false",
            "eureka.server.use-read-only-response-cache=false",
            "eureka.server.response-cache-update-interval-ms=100",
            "eureka.server.wait-time-in-ms-when-sync-empty=0",
            "eureka.dashboard.enabled=false")
        .run();
  }

  @AfterEach
  void stop() {
    if (application != null) application.close();
    if (eureka != null) eureka.close();
    registrar.close();
    upstreams.forEach(UpstreamInstance::close);
  }

  @Test
  void instancesThatRegisterDeregisterAndDieWhileCallsRunAreFollowedWithoutErrors()
      throws Exception {
    UpstreamInstance a = upstreams.get(0);
    UpstreamInstance b = upstreams.get(1);
    UpstreamInstance c = upstreams.get(2);
    register(a);
    register(b);
    application = new SpringApplicationBuilder(Application.class)
        .web(WebApplicationType.NONE)
        .properties("spring.application.name=frontend",
            "eureka.client.service-url.defaultZone=" + eurekaUrl,
            "eureka.client.register-with-eureka=false",
            // The Eureka server brings Jersey, whose transport is Eureka's default then but is
            // set up by the server alone: the client application uses Eureka's RestClient one.
            "eureka.client.jersey.enabled=false",
            "eureka.client.registry-fetch-interval-seconds=1",
            "spring.cloud.loadbalancer.cache.ttl=200ms",
            "courier.services.catalog.base-url=lb://catalog/api/",
            // Round robin offers the instance that dies its share of first attempts, so it is
            // ejected within the calls below; least request may stop picking it before that,
            // by latency, for as long as its recent latency is the higher of the two.
            "courier.services.catalog.load-balancing.policy=round-robin",
            "courier.services.catalog.discovery.refresh-interval=200ms")
        .run();
    ServiceInstances instances = application.getBean(CourierServices.class).client("catalog")
        .services().get(0);
    CourierServiceClient catalog = application.getBeanFactory()
        .getBean("catalogCourierServiceClient", CourierServiceClient.class);
    Await.until("a and b are found", () -> instances.instances().size() == 2);
    for (int i = 0; i < 20; i++) assertThat(call(catalog)).matches("[ab] /api/items");
    assertThat(a.requestCount()).isPositive();
    assertThat(b.requestCount()).isPositive();

    // c registers while calls run: it is found, and (after its slow start) takes calls.
    register(c);
    Await.until("c takes calls", () -> call(catalog).matches("[abc] /api/items")
        && c.requestCount() > 0);

    // a deregisters (an instance shutting down cleanly): no call goes to it any more.
    deregister(a);
    Await.until("a is gone", () -> call(catalog).matches("[abc] /api/items")
        && instances.instances().size() == 2);
    int toA = a.requestCount();
    for (int i = 0; i < 20; i++) assertThat(call(catalog)).matches("[bc] /api/items");
    assertThat(a.requestCount()).isEqualTo(toA);

    // b dies without deregistering: Eureka still lists it, and its callers see no error.
    b.kill();
    for (int i = 0; i < 30; i++) assertThat(call(catalog)).isEqualTo("c /api/items");
    assertThat(instances.snapshot()).filteredOn(s -> s.url().port() == b.port())
        .singleElement().extracting(s -> s.state().name()).isEqualTo("EJECTED");
  }

  private String call(CourierServiceClient catalog) {
    try (Response response = catalog.get("items").execute()) {
      assertThat(response.code()).isEqualTo(200);
      return response.body().string();
    } catch (IOException e) {
      throw new AssertionError("a caller saw an error", e);
    }
  }

  /** Registers {@code instance} as an instance of CATALOG, as its Eureka client would. */
  private void register(UpstreamInstance instance) throws IOException {
    String json = """
        {"instance": {
          "instanceId": "%s", "app": "CATALOG", "hostName": "127.0.0.1",
          "ipAddr": "127.0.0.1", "vipAddress": "catalog", "status": "UP",
          "port": {"$": %d, "@enabled": "true"},
          "securePort": {"$": 443, "@enabled": "false"},
          "dataCenterInfo": {
            "@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo", "name": "MyOwn"},
          "leaseInfo": {"renewalIntervalInSecs": 30, "durationInSecs": 90}
        }}
        """.formatted(instance.name(), instance.port());
    Request request = new Request.Builder().url(eurekaUrl + "apps/CATALOG")
        .post(RequestBody.create(json, MediaType.get("application/json"))).build();
    try (Response response = registrar.newCall(request).execute()) {
      assertThat(response.code()).as("registration of %s", instance).isEqualTo(204);
    }
  }

  private void deregister(UpstreamInstance instance) throws IOException {
    Request request = new Request.Builder()
        .url(eurekaUrl + "apps/CATALOG/" + instance.name()).delete().build();
    try (Response response = registrar.newCall(request).execute()) {
      assertThat(response.code()).as("deregistration of %s", instance).isEqualTo(200);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableEurekaServer
  static class EurekaServer {
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {
  }
}
