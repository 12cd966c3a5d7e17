package dev.courier.autoconfigure.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import dev.courier.Call;
import dev.courier.CourierClient;
import dev.courier.EventListener;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.UpstreamInstance;

/**
 * A service at {@code base-url: lb://catalog/api/} in a started application with all of Spring
 * Cloud beside it: Gateway Server MVC (a route to {@code lb://catalog}), LoadBalancer (whose
 * supplier finds the instances, from the simple discovery client), an HTTP service group and a
 * {@code @FeignClient} of the same name. Every path balances with the Courier service's own
 * balancer, each call one pick of Courier's, never a second hop through LoadBalancer, and so every
 * path routes around a dead instance without an error to its caller.
 */
class LoadBalancedServiceCloudTests {
  private final List<UpstreamInstance> upstreams = new ArrayList<>(List.of(
      UpstreamInstance.start("a"), UpstreamInstance.start("b"), UpstreamInstance.start("c")));
  private final Queue<HttpUrl> picks = new ConcurrentLinkedQueue<>();
  private final HttpClient caller = HttpClient.newHttpClient();
  private ConfigurableApplicationContext application;

  @BeforeEach
  void start() {
    List<String> properties = new ArrayList<>(List.of(
        "server.port=0",
        "server.address=127.0.0.1",
        "courier.services.catalog.base-url=lb://catalog/api/",
        "courier.services.catalog.load-balancing.policy=round-robin",
        "spring.cloud.gateway.server.webmvc.routes[0].id=catalog",
        "spring.cloud.gateway.server.webmvc.routes[0].uri=lb://catalog",
        "spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/catalog/**"));
    for (int i = 0; i < upstreams.size(); i++) {
      properties.add("spring.cloud.discovery.client.simple.instances.catalog[" + i + "].uri="
          + upstreams.get(i).url());
    }
    application = new SpringApplicationBuilder(Application.class)
        .properties(properties.toArray(String[]::new))
        .initializers(context -> context.getBeanFactory().registerSingleton("picks",
            (EventListener.Factory) call -> new EventListener() {
              @Override
              public void instancePicked(Call call, String serviceName, HttpUrl instance) {
                picks.add(instance);
              }
            }))
        .run();
  }

  @AfterEach
  void stop() {
    if (application != null) application.close();
    upstreams.forEach(UpstreamInstance::close);
  }

  @Test
  void whenAServiceIsAtLbThenEveryPathBalancesWithItsOwnPicks() throws Exception {
    for (Map.Entry<String, Callable<String>> path : paths().entrySet()) {
      picks.clear();
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) answers.add(path.getValue().call());
      assertThat(answers).as(path.getKey()).allMatch(answer -> answer.matches("[abc] /api/.*"))
          .anyMatch(answer -> answer.startsWith("a "))
          .anyMatch(answer -> answer.startsWith("b "))
          .anyMatch(answer -> answer.startsWith("c "));
      // One pick of Courier's per call: LoadBalancer did not pick an instance first (the call
      // would then have been to the instance's URL, which Courier does not balance).
      assertThat(picks).as(path.getKey()).hasSize(6);
    }
  }

  @Test
  void whenAnInstanceDiesThenNoPathShowsAnErrorToItsCaller() throws Exception {
    upstreams.get(1).kill();
    for (Map.Entry<String, Callable<String>> path : paths().entrySet()) {
      for (int i = 0; i < 10; i++) {
        assertThat(path.getValue().call()).as(path.getKey()).matches("[ac] /api/.*");
      }
    }
  }

  /** Each way of calling the service, by name, returning the body of a successful call. */
  private Map<String, Callable<String>> paths() {
    CourierServices services = application.getBean(CourierServices.class);
    Callers callers = application.getBean(Callers.class);
    String gateway = "http://127.0.0.1:"
        + application.getEnvironment().getProperty("local.server.port");
    Map<String, Callable<String>> paths = new LinkedHashMap<>();
    paths.put("gateway route to lb://catalog", () -> {
      HttpResponse<String> response = caller.send(HttpRequest.newBuilder(
          URI.create(gateway + "/catalog/items/1")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    });
    paths.put("@FeignClient", () -> application.getBean(CatalogFeign.class).item(1));
    paths.put("HTTP service group", () -> application.getBean(CatalogApi.class).item(1));
    paths.put("catalogRestClient", () -> callers.rest.get().uri("items/1").retrieve()
        .body(String.class));
    paths.put("CourierServices.url", () -> body(services.client("catalog"),
        services.url("catalog", "items/1")));
    paths.put("@Qualifier CourierClient", () -> body(callers.client,
        HttpUrl.get("http://catalog/api/items/1")));
    return paths;
  }

  private static String body(CourierClient client, HttpUrl url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return response.body().string();
    }
  }

  /** An HTTP service interface whose group is the service. */
  @HttpExchange
  interface CatalogApi {
    @GetExchange("items/{id}")
    String item(@PathVariable int id);
  }

  /** A Feign client named as the service. */
  @FeignClient(name = "catalog")
  interface CatalogFeign {
    @GetMapping("/items/{id}")
    String item(@PathVariable("id") int id);
  }

  /** The service's beans as an application injects them, by the service's name. */
  static final class Callers {
    final RestClient rest;
    final CourierClient client;

    Callers(RestClient rest, CourierClient client) {
      this.rest = rest;
      this.client = client;
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableFeignClients(clients = CatalogFeign.class)
  @ImportHttpServices(group = "catalog", types = CatalogApi.class)
  static class Application {

    @Bean
    Callers callers(@Qualifier("catalog") RestClient rest,
        @Qualifier("catalog") CourierClient client) {
      return new Callers(rest, client);
    }
  }
}
