package dev.courier.autoconfigure.cloud.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerCacheAutoConfiguration;

import dev.courier.CourierClient;
import dev.courier.NoInstanceAvailableException;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.ServiceInstances;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierServiceClient;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.Await;
import dev.courier.autoconfigure.UpstreamInstance;

/**
 * Services at {@code lb://<service-id>}, found through Spring Cloud: the simple discovery client,
 * LoadBalancer's supplier chain when LoadBalancer is present, a registry that changes while the
 * application runs, and a hostile one.
 */
@ExtendWith(OutputCaptureExtension.class)
class CourierDiscoveryAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          CourierDiscoveryAutoConfiguration.class, UtilAutoConfiguration.class,
          SimpleDiscoveryClientAutoConfiguration.class,
          CompositeDiscoveryClientAutoConfiguration.class))
      .withPropertyValues("courier.services.catalog.base-url=lb://catalog/api/",
          "courier.services.catalog.load-balancing.policy=round-robin",
          "courier.services.catalog.discovery.refresh-interval=100ms");
  private final AtomicInteger readCount = new AtomicInteger();
  private final List<UpstreamInstance> upstreams = new ArrayList<>(List.of(
      UpstreamInstance.start("a"), UpstreamInstance.start("b"), UpstreamInstance.start("c")));

  @AfterEach
  void stop() {
    upstreams.forEach(UpstreamInstance::close);
  }

  private static String simple(int index, UpstreamInstance instance) {
    return "spring.cloud.discovery.client.simple.instances.catalog[" + index + "].uri="
        + instance.url();
  }

  @Test
  void whenTheSimpleDiscoveryClientListsInstancesThenCallsBalanceAcrossThem() {
    runner.withPropertyValues(simple(0, upstreams.get(0)), simple(1, upstreams.get(1)),
        simple(2, upstreams.get(2))).run(context -> {
          CourierServiceClient catalog =
              context.getBean("catalogCourierServiceClient", CourierServiceClient.class);
          assertThat(catalog.baseUrl()).hasToString("http://catalog/api/");
          List<String> answers = new ArrayList<>();
          for (int i = 0; i < 6; i++) answers.add(body(catalog, "items"));
          assertThat(answers).allMatch(answer -> answer.endsWith(" /api/items"));
          assertThat(upstreams).extracting(UpstreamInstance::requestCount)
              .containsExactly(2, 2, 2);
        });
  }

  @Test
  void whenLoadBalancerIsPresentThenItsSupplierChainDecidesTheInstances() {
    // LoadBalancer's zone preference keeps the instances of this application's zone.
    runner.withConfiguration(AutoConfigurations.of(LoadBalancerAutoConfiguration.class,
            LoadBalancerCacheAutoConfiguration.class))
        .withPropertyValues(simple(0, upstreams.get(0)), simple(1, upstreams.get(1)),
            simple(2, upstreams.get(2)),
            "spring.cloud.discovery.client.simple.instances.catalog[0].metadata.zone=near",
            "spring.cloud.discovery.client.simple.instances.catalog[1].metadata.zone=far",
            "spring.cloud.discovery.client.simple.instances.catalog[2].metadata.zone=near",
            "spring.cloud.loadbalancer.configurations=zone-preference",
            "spring.cloud.loadbalancer.zone=near")
        .run(context -> {
          CourierServiceClient catalog =
              context.getBean("catalogCourierServiceClient", CourierServiceClient.class);
          for (int i = 0; i < 6; i++) body(catalog, "items");
          assertThat(upstreams).extracting(UpstreamInstance::requestCount)
              .containsExactly(3, 0, 3);
          assertThat(instances(context.getBean(CourierServices.class)).instances()).hasSize(2);
        });
  }

  @Test
  void whenTheRegistryChangesThenTheServiceFollowsWithoutARestart() {
    runner.withPropertyValues(simple(0, upstreams.get(0)), simple(1, upstreams.get(1)),
        // Joining at a full share at once, so that round robin reaches it within three calls.
        "courier.services.catalog.load-balancing.slow-start-window=0s").run(context -> {
          CourierServiceClient catalog =
              context.getBean("catalogCourierServiceClient", CourierServiceClient.class);
          ServiceInstances instances = instances(context.getBean(CourierServices.class));
          assertThat(instances.instances()).hasSize(2);
          Map<String, List<InstanceProperties>> registry =
              context.getBean(SimpleDiscoveryProperties.class).getInstances();

          // An instance registers: it joins, and takes calls.
          registry.put("catalog", List.of(registered(upstreams.get(0)),
              registered(upstreams.get(1)), registered(upstreams.get(2))));
          Await.until("the third instance joins", () -> instances.instances().size() == 3);
          for (int i = 0; i < 3; i++) body(catalog, "items");
          assertThat(upstreams.get(2).requestCount()).isEqualTo(1);

          // Two deregister: no call goes to them any more.
          registry.put("catalog", List.of(registered(upstreams.get(2))));
          Await.until("two instances leave", () -> instances.instances().size() == 1);
          int before = upstreams.get(0).requestCount() + upstreams.get(1).requestCount();
          for (int i = 0; i < 5; i++) assertThat(body(catalog, "items")).startsWith("c ");
          assertThat(upstreams.get(0).requestCount() + upstreams.get(1).requestCount())
              .isEqualTo(before);
        });
  }

  @Test
  void whenTheRegistryListsUnusableInstancesThenTheyAreSkippedWithALogLineAndTheRestUsed(
      CapturedOutput output) {
    UpstreamInstance good = upstreams.get(0);
    List<ServiceInstance> registry = List.of(
        new DefaultServiceInstance("good-1", "catalog", "127.0.0.1", good.port(), false),
        new DefaultServiceInstance("no-port", "catalog", "127.0.0.1", 0, false),
        new DefaultServiceInstance("bad-host", "catalog", "evil host/", 8080, false),
        new GrpcInstance(),
        // Its URI carries credentials, never used: the instance is its host and port.
        new DefaultServiceInstance("with-secret", "catalog", "127.0.0.1", upstreams.get(1).port(),
            false) {
          @Override
          public URI getUri() {
            return URI.create("http://admin:s3cr3t@127.0.0.1:" + upstreams.get(1).port());
          }
        });
    runner.withBean(DiscoveryClient.class, () -> new FixedDiscoveryClient(() -> registry))
        .run(context -> {
          ServiceInstances instances = instances(context.getBean(CourierServices.class));
          assertThat(instances.instances()).extracting(Object::toString).containsExactly(
              good.url() + "/", upstreams.get(1).url() + "/");
          assertThat(output).contains("Courier service 'catalog' (lb://catalog): skipped "
                  + "instance 2 of 5 (id no-port): its port 0 is out of range")
              .contains("skipped instance 3 of 5 (id bad-host): its host is not a valid host "
                  + "name or address")
              .contains("skipped instance 4 of 5 (id grpc-1): its scheme is not http or https")
              .doesNotContain("s3cr3t").doesNotContain("evil host");
          // Read again every 100ms, the same skipped instances are not logged again.
          long lines = output.toString().lines().filter(line -> line.contains("(id no-port)"))
              .count();
          Await.until("the registry is read again", () -> readCount.get() > 3);
          assertThat(output.toString().lines().filter(line -> line.contains("(id no-port)")))
              .hasSize((int) lines);
        });
  }

  @Test
  void whenDiscoveryFailsThenTheInstancesStayAndTheLogSaysSoWithoutCredentials(
      CapturedOutput output) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<ServiceInstance> registry = List.of(new DefaultServiceInstance("a", "catalog",
        "127.0.0.1", upstreams.get(0).port(), false));
    runner.withBean(DiscoveryClient.class, () -> new FixedDiscoveryClient(() -> {
      RuntimeException e = failure.get();
      if (e != null) throw e;
      return registry;
    })).run(context -> {
      ServiceInstances instances = instances(context.getBean(CourierServices.class));
      assertThat(instances.instances()).hasSize(1);
      failure.set(new IllegalStateException(
          "Cannot reach http://eureka:p4ssw0rd@registry.internal:8761/eureka/apps"));
      Await.until("the failure is logged", () -> output.toString().contains("reading the instances "
          + "from discovery failed, keeping the 1 there are"));
      assertThat(output).contains("http://****@registry.internal:8761/eureka/apps")
          .doesNotContain("p4ssw0rd");
      CourierServiceClient catalog =
          context.getBean("catalogCourierServiceClient", CourierServiceClient.class);
      assertThat(body(catalog, "items")).startsWith("a ");
    });
  }

  @Test
  void whenDiscoveryListsNoInstanceThenCallsFailNamingTheServiceAndTheLogSaysWhy(
      CapturedOutput output) {
    runner.run(context -> {
      CourierClient catalog = context.getBean(CourierServices.class).client("catalog");
      Throwable failure = catchThrowable(() -> catalog.newCall(
          new Request.Builder().url("http://catalog/items").build()).execute());
      assertThat(failure).isInstanceOf(NoInstanceAvailableException.class)
          .hasMessage("service catalog has no instances");
      assertThat(output).contains("Courier service 'catalog' (lb://catalog): discovery lists no "
          + "usable instance; calls to the service fail with NoInstanceAvailableException");
    });
  }

  @Test
  void whenTheContextClosesThenDiscoveryStops() {
    runner.withPropertyValues(simple(0, upstreams.get(0))).run(context -> {
      assertThat(discoveryThreads()).isNotEmpty();
      context.close();
      Await.until("the discovery thread ends", () -> discoveryThreads().isEmpty());
    });
  }

  @Test
  void whenNoServiceIsAtLbThenNoThreadStarts() {
    runner.withPropertyValues("courier.services.catalog.base-url=http://catalog:8080/")
        .run(context -> {
          assertThat(context).hasSingleBean(SpringCloudServiceDiscovery.class);
          assertThat(discoveryThreads()).isEmpty();
        });
  }

  private static Set<Thread> discoveryThreads() {
    Set<Thread> threads = Thread.getAllStackTraces().keySet();
    return Set.copyOf(threads.stream().filter(t -> t.getName().equals("courier-discovery"))
        .filter(Thread::isAlive).toList());
  }

  private static ServiceInstances instances(CourierServices services) {
    return services.client("catalog").services().get(0);
  }

  private static InstanceProperties registered(UpstreamInstance instance) {
    InstanceProperties properties = new InstanceProperties();
    properties.setServiceId("catalog");
    properties.setUri(URI.create(instance.url()));
    return properties;
  }

  private static String body(CourierServiceClient client, String path) throws IOException {
    try (Response response = client.get(path).execute()) {
      return response.body().string();
    }
  }

  /** A registry entry of another protocol. */
  private static final class GrpcInstance extends DefaultServiceInstance {
    GrpcInstance() {
      super("grpc-1", "catalog", "127.0.0.1", 9090, false);
    }

    @Override
    public String getScheme() {
      return "grpc";
    }
  }

  /** A registry whose answers the test decides, counting its reads. */
  private final class FixedDiscoveryClient implements DiscoveryClient {
    private final java.util.function.Supplier<List<ServiceInstance>> instances;

    FixedDiscoveryClient(java.util.function.Supplier<List<ServiceInstance>> instances) {
      this.instances = instances;
    }

    @Override
    public String description() {
      return "fixed";
    }

    @Override
    public List<ServiceInstance> getInstances(String serviceId) {
      readCount.incrementAndGet();
      return serviceId.equals("catalog") ? instances.get() : List.of();
    }

    @Override
    public List<String> getServices() {
      return List.of("catalog");
    }
  }
}
