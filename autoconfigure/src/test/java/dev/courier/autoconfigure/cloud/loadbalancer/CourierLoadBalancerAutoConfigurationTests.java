package dev.courier.autoconfigure.cloud.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.LoadBalancerRestClientHttpServiceGroupConfigurer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.http.service.CourierRestClientHttpServiceGroupConfigurer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * HTTP service groups in a started application with Spring Cloud LoadBalancer (instances from
 * its simple discovery client) and Spring Cloud Gateway Server MVC on the class path: a group of
 * a Courier service keeps the service's client and base URL, LoadBalancer keeps the groups it
 * should, and the result is the same whichever configurer bean is declared first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CourierLoadBalancerAutoConfigurationTests {
  private final MockWebServer catalogUpstream = new MockWebServer();
  private final MockWebServer inventoryInstance = new MockWebServer();
  private final MockWebServer billingInstance = new MockWebServer();
  private final Map<BeanOrder, ConfigurableApplicationContext> applications =
      new EnumMap<>(BeanOrder.class);

  /** Which of the group configurers an application declares first. */
  enum BeanOrder {
    LOAD_BALANCER_FIRST(LoadBalancerFirst.class),
    COURIER_FIRST(CourierFirst.class);

    final Class<?> configuration;

    BeanOrder(Class<?> configuration) {
      this.configuration = configuration;
    }
  }

  @BeforeAll
  void start() throws IOException {
    catalogUpstream.start();
    inventoryInstance.start();
    billingInstance.start();
    for (BeanOrder order : BeanOrder.values()) {
      applications.put(order, new SpringApplicationBuilder(Application.class, order.configuration)
          .web(WebApplicationType.NONE)
          .properties(
              "courier.services.catalog.base-url=" + catalogUpstream.url("/api/"),
              "courier.services.catalog.default-headers.X-Service=catalog",
              "courier.services.catalog.read-timeout=300ms",
              "courier.services.inventory.default-headers.X-Service=inventory",
              "spring.cloud.discovery.client.simple.instances.inventory[0].uri="
                  + inventoryInstance.url("/"),
              "spring.cloud.discovery.client.simple.instances.billing[0].uri="
                  + billingInstance.url("/"))
          .run());
    }
  }

  @AfterAll
  void stop() {
    applications.values().forEach(ConfigurableApplicationContext::close);
    catalogUpstream.close();
    inventoryInstance.close();
    billingInstance.close();
  }

  @ParameterizedTest
  @EnumSource(BeanOrder.class)
  void whenTheConfigurersAreDeclaredInEitherOrderThenTheyAreAllThere(BeanOrder order) {
    ConfigurableApplicationContext application = applications.get(order);
    List<String> configurers = Arrays.asList(
        application.getBeanNamesForType(RestClientHttpServiceGroupConfigurer.class));
    int loadBalancer = configurers.indexOf(application.getBeanNamesForType(
        LoadBalancerRestClientHttpServiceGroupConfigurer.class)[0]);
    int courier = configurers.indexOf(application.getBeanNamesForType(
        CourierRestClientHttpServiceGroupConfigurer.class)[0]);

    assertThat(loadBalancer < courier).isEqualTo(order == BeanOrder.LOAD_BALANCER_FIRST);
    // Gateway Server MVC's customizer, which swaps the shared request factory into every
    // RestClient.Builder, takes part too.
    assertThat(application.containsBean("gatewayRestClientCustomizer")).isTrue();
  }

  @ParameterizedTest
  @EnumSource(BeanOrder.class)
  void whenACourierServiceHasABaseUrlThenItsGroupKeepsItAndItsClient(BeanOrder order)
      throws Exception {
    catalogUpstream.enqueue(new MockResponse.Builder().body("item 1").build());

    assertThat(applications.get(order).getBean(CatalogApi.class).item(1)).isEqualTo("item 1");

    RecordedRequest recorded = catalogUpstream.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/api/items/1");
    assertThat(recorded.getHeaders().get("X-Service")).isEqualTo("catalog");
  }

  @ParameterizedTest
  @EnumSource(BeanOrder.class)
  void whenACourierServiceGroupCallIsSlowThenTheServicesReadTimeoutApplies(BeanOrder order)
      throws Exception {
    catalogUpstream.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS)
        .body("late").build());

    Throwable thrown = catchThrowable(
        () -> applications.get(order).getBean(CatalogApi.class).item(2));

    // 300 ms, the service's; the shared client would have waited its 10 s and succeeded.
    assertThat(thrown).isInstanceOf(ResourceAccessException.class)
        .hasRootCauseInstanceOf(SocketTimeoutException.class);
    assertThat(catalogUpstream.takeRequest().getTarget()).isEqualTo("/api/items/2");
  }

  @ParameterizedTest
  @EnumSource(BeanOrder.class)
  void whenACourierServiceHasNoBaseUrlThenLoadBalancerPicksTheInstanceAndCourierCarries(
      BeanOrder order) throws Exception {
    inventoryInstance.enqueue(new MockResponse.Builder().body("stock 3").build());

    assertThat(applications.get(order).getBean(InventoryApi.class).stock(3)).isEqualTo("stock 3");

    RecordedRequest recorded = inventoryInstance.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/stock/3");
    assertThat(recorded.getHeaders().get("X-Service")).isEqualTo("inventory");
    assertThat(recorded.getHeaders().get("User-Agent")).startsWith("courier/");
  }

  @ParameterizedTest
  @EnumSource(BeanOrder.class)
  void whenAGroupHasNoCourierServiceThenLoadBalancerPicksTheInstanceOnTheSharedClient(
      BeanOrder order) throws Exception {
    billingInstance.enqueue(new MockResponse.Builder().body("invoice 4").build());

    assertThat(applications.get(order).getBean(BillingApi.class).invoice(4))
        .isEqualTo("invoice 4");

    RecordedRequest recorded = billingInstance.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/invoices/4");
    assertThat(recorded.getHeaders().get("X-Service")).isNull();
    assertThat(recorded.getHeaders().get("User-Agent")).startsWith("courier/");
  }

  interface CatalogApi {
    @GetExchange("items/{id}")
    String item(@PathVariable int id);
  }

  interface InventoryApi {
    @GetExchange("/stock/{id}")
    String stock(@PathVariable int id);
  }

  interface BillingApi {
    @GetExchange("/invoices/{id}")
    String invoice(@PathVariable int id);
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @ImportHttpServices(group = "catalog", types = CatalogApi.class)
  @ImportHttpServices(group = "inventory", types = InventoryApi.class)
  @ImportHttpServices(group = "billing", types = BillingApi.class)
  static class Application {
  }

  /** LoadBalancer's configurer declared by the application, so before Courier's. */
  @Configuration(proxyBeanMethods = false)
  static class LoadBalancerFirst {
    @Bean
    LoadBalancerRestClientHttpServiceGroupConfigurer loadBalancerConfigurer(
        ObjectProvider<DeferringLoadBalancerInterceptor> interceptor,
        HttpServiceClientProperties properties) {
      return new LoadBalancerRestClientHttpServiceGroupConfigurer(interceptor, properties);
    }
  }

  /** Courier's configurers declared by the application, so before LoadBalancer's. */
  @Configuration(proxyBeanMethods = false)
  static class CourierFirst {
    @Bean
    CourierRestClientHttpServiceGroupConfigurer courierConfigurer(CourierServices services,
        HttpServiceClientProperties properties, ObjectProvider<SslBundles> sslBundles) {
      return new CourierRestClientHttpServiceGroupConfigurer(services, properties,
          sslBundles.getIfAvailable());
    }

    @Bean
    CourierServiceGroupLoadBalancerConfigurer courierLoadBalancerConfigurer(
        CourierRestClientHttpServiceGroupConfigurer courier) {
      return new CourierServiceGroupLoadBalancerConfigurer(courier);
    }
  }
}
