package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.CourierClient;
import dev.courier.EventListener;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

class CourierAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class));

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startServer() throws IOException {
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void whenNothingIsConfiguredThenClientHasEngineDefaults() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(CourierClient.class).hasSingleBean(CourierServices.class);
      CourierClient client = context.getBean(CourierClient.class);
      CourierClient engine = new CourierClient();
      try {
        assertThat(client.connectTimeoutMillis()).isEqualTo(engine.connectTimeoutMillis());
        assertThat(client.readTimeoutMillis()).isEqualTo(engine.readTimeoutMillis());
        assertThat(client.writeTimeoutMillis()).isEqualTo(engine.writeTimeoutMillis());
        assertThat(client.callTimeoutMillis()).isEqualTo(engine.callTimeoutMillis());
        assertThat(client.followRedirects()).isEqualTo(engine.followRedirects());
        assertThat(client.followSslRedirects()).isEqualTo(engine.followSslRedirects());
        assertThat(client.retryOnConnectionFailure())
            .isEqualTo(engine.retryOnConnectionFailure());
        assertThat(client.fastFallback()).isEqualTo(engine.fastFallback());
        assertThat(client.userAgent()).isEqualTo(engine.userAgent());
        assertThat(client.connectionPool().maxIdleConnections())
            .isEqualTo(engine.connectionPool().maxIdleConnections());
        assertThat(client.dispatcher().maxRequests())
            .isEqualTo(engine.dispatcher().maxRequests());
        assertThat(client.dispatcher().maxRequestsPerHost())
            .isEqualTo(engine.dispatcher().maxRequestsPerHost());
        assertThat(client.cache()).isNull();
        assertThat(client.interceptors()).isEmpty();
        assertThat(client.networkInterceptors()).isEmpty();
        assertThat(context.getBean(CourierServices.class).names()).isEmpty();
      } finally {
        engine.close();
      }
    });
  }

  @Test
  void whenEveryPropertyIsSetThenClientUsesIt(@TempDir Path temp) {
    Path cacheDirectory = temp.resolve("http-cache");
    runner.withPropertyValues("courier.connect-timeout=1s", "courier.read-timeout=2s",
        "courier.write-timeout=3s", "courier.call-timeout=4s", "courier.follow-redirects=false",
        "courier.follow-ssl-redirects=true", "courier.retry-on-connection-failure=false",
        "courier.fast-fallback=false", "courier.user-agent=my-service/1.0",
        "courier.pool.max-idle-connections=7", "courier.pool.keep-alive=1m",
        "courier.dispatcher.max-requests=10", "courier.dispatcher.max-requests-per-host=2",
        "courier.dispatcher.virtual-threads=false", "courier.cache.enabled=true",
        "courier.cache.directory=" + cacheDirectory, "courier.cache.max-size=10MB")
        .run(context -> {
          CourierClient client = context.getBean(CourierClient.class);
          assertThat(client.connectTimeoutMillis()).isEqualTo(1_000);
          assertThat(client.readTimeoutMillis()).isEqualTo(2_000);
          assertThat(client.writeTimeoutMillis()).isEqualTo(3_000);
          assertThat(client.callTimeoutMillis()).isEqualTo(4_000);
          assertThat(client.followRedirects()).isFalse();
          assertThat(client.followSslRedirects()).isTrue();
          assertThat(client.retryOnConnectionFailure()).isFalse();
          assertThat(client.fastFallback()).isFalse();
          assertThat(client.userAgent()).isEqualTo("my-service/1.0");
          assertThat(client.connectionPool().maxIdleConnections()).isEqualTo(7);
          assertThat(client.dispatcher().maxRequests()).isEqualTo(10);
          assertThat(client.dispatcher().maxRequestsPerHost()).isEqualTo(2);
          assertThat(client.cache()).isNotNull();
          assertThat(client.cache().directory()).isEqualTo(cacheDirectory);
          assertThat(client.cache().maxSize()).isEqualTo(10L * 1024 * 1024);
          assertThat(cacheDirectory).isDirectory();
        });
  }

  @Test
  void whenApplicationDefinesClientThenAutoConfiguredOneBacksOff() {
    runner.withUserConfiguration(UserClientConfiguration.class).run(context -> {
      assertThat(context).hasSingleBean(CourierClient.class);
      assertThat(context.getBean(CourierClient.class))
          .isSameAs(context.getBean(UserClientConfiguration.class).client);
    });
  }

  @Test
  void whenApplicationDefinesServicesThenAutoConfiguredOnesBackOff() {
    runner.withBean(CourierServices.class, () -> new CourierServices(java.util.Map.of(),
        java.util.Map.of())).run(context -> assertThat(context.getBean(CourierServices.class)
            .names()).isEmpty());
  }

  @Test
  void whenInterceptorBeansExistThenTheyJoinTheChainInOrder() {
    runner.withUserConfiguration(InterceptorConfiguration.class).run(context -> {
      CourierClient client = context.getBean(CourierClient.class);
      assertThat(client.interceptors()).containsExactly(
          context.getBean("first", Interceptor.class),
          context.getBean("second", Interceptor.class),
          context.getBean("third", Interceptor.class));
      assertThat(client.networkInterceptors())
          .containsExactly(context.getBean("wire", Interceptor.class));
    });
  }

  @Test
  void whenInterceptorsRunThenApplicationOnesSeeTheCallOnceAndNetworkOnesEachHop() {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/next").build());
    server.enqueue(new MockResponse.Builder().body("done").build());
    runner.withUserConfiguration(InterceptorConfiguration.class).run(context -> {
      CourierClient client = context.getBean(CourierClient.class);
      try (Response response = client.newCall(new Request.Builder()
          .url(server.url("/start").toString()).build()).execute()) {
        assertThat(response.body().string()).isEqualTo("done");
      }
      InterceptorConfiguration trace = context.getBean(InterceptorConfiguration.class);
      assertThat(trace.seen).containsExactly("first", "second", "third", "wire /start",
          "wire /next");
    });
  }

  @Test
  void whenInterceptorIsScopedToServiceThenOnlyThatServiceClientHasItAtItsOrder() {
    runner.withUserConfiguration(InterceptorConfiguration.class, ScopedConfiguration.class)
        .withPropertyValues("courier.services.catalog.base-url=http://catalog/api/",
            "courier.services.billing.base-url=http://billing/")
        .run(context -> {
          Interceptor scoped = context.getBean("catalogOnly", Interceptor.class);
          Interceptor scopedNetwork = context.getBean("catalogWire", Interceptor.class);
          CourierServices services = context.getBean(CourierServices.class);
          CourierClient shared = context.getBean(CourierClient.class);
          assertThat(shared.interceptors()).doesNotContain(scoped);
          assertThat(services.client("billing").interceptors()).doesNotContain(scoped);
          assertThat(services.client("catalog").interceptors()).containsExactly(
              context.getBean("first", Interceptor.class), scoped,
              context.getBean("second", Interceptor.class),
              context.getBean("third", Interceptor.class));
          assertThat(services.client("catalog").networkInterceptors())
              .containsExactly(context.getBean("wire", Interceptor.class), scopedNetwork);
          assertThat(services.client("billing").networkInterceptors())
              .containsExactly(context.getBean("wire", Interceptor.class));
        });
  }

  @Test
  void whenCustomizersExistThenTheyRunLastInOrder() {
    runner.withUserConfiguration(InterceptorConfiguration.class, CustomizerConfiguration.class)
        .withPropertyValues("courier.read-timeout=5s")
        .run(context -> {
          CourierClient client = context.getBean(CourierClient.class);
          assertThat(context.getBean(CustomizerConfiguration.class).calls)
              .containsExactly("early saw 3 interceptors", "late");
          assertThat(client.readTimeoutMillis()).isEqualTo(7_000); // Overrides the property.
          assertThat(client.interceptors()).hasSize(2); // "early" removed one.
        });
  }

  @Test
  void whenServiceCustomizersExistThenEachServiceIsCustomizedByName() {
    runner.withUserConfiguration(CustomizerConfiguration.class)
        .withPropertyValues("courier.services.catalog.read-timeout=2s",
            "courier.services.billing.base-url=http://billing/")
        .run(context -> {
          CourierServices services = context.getBean(CourierServices.class);
          assertThat(services.client("catalog").callTimeoutMillis()).isEqualTo(30_000);
          assertThat(services.client("billing").callTimeoutMillis()).isZero();
          assertThat(context.getBean(CustomizerConfiguration.class).services)
              .containsExactly("catalog", "billing");
        });
  }

  @Test
  void whenEventListenerFactoryBeanExistsThenClientUsesIt() {
    EventListener.Factory factory = call -> EventListener.NONE;
    runner.withBean(EventListener.Factory.class, () -> factory).run(context ->
        assertThat(context.getBean(CourierClient.class).eventListenerFactory()).isSameAs(factory));
  }

  @Test
  void whenServicesAreConfiguredThenEachGetsADerivedClientByNameAndQualifier() {
    runner.withUserConfiguration(QualifiedInjectionConfiguration.class)
        .withPropertyValues("courier.read-timeout=5s", "courier.user-agent=shared/1",
            "courier.services.catalog.base-url=http://catalog:8080/api/",
            "courier.services.catalog.read-timeout=2s",
            "courier.services.catalog.connect-timeout=1s",
            "courier.services.catalog.write-timeout=3s",
            "courier.services.catalog.call-timeout=9s",
            "courier.services.catalog.follow-redirects=false",
            "courier.services.catalog.follow-ssl-redirects=true",
            "courier.services.catalog.retry-on-connection-failure=false",
            "courier.services.catalog.fast-fallback=false",
            "courier.services.catalog.user-agent=catalog-client/2",
            "courier.services.billing.default-headers.X-Client=my-service")
        .run(context -> {
          CourierClient shared = context.getBean(CourierClient.class);
          CourierServices services = context.getBean(CourierServices.class);
          assertThat(services.names()).containsExactly("catalog", "billing");
          CourierClient catalog = services.client("catalog");
          assertThat(catalog).isNotSameAs(shared);
          assertThat(catalog.readTimeoutMillis()).isEqualTo(2_000);
          assertThat(catalog.connectTimeoutMillis()).isEqualTo(1_000);
          assertThat(catalog.writeTimeoutMillis()).isEqualTo(3_000);
          assertThat(catalog.callTimeoutMillis()).isEqualTo(9_000);
          assertThat(catalog.followRedirects()).isFalse();
          assertThat(catalog.followSslRedirects()).isTrue();
          assertThat(catalog.retryOnConnectionFailure()).isFalse();
          assertThat(catalog.fastFallback()).isFalse();
          assertThat(catalog.userAgent()).isEqualTo("catalog-client/2");
          assertThat(catalog.connectionPool()).isSameAs(shared.connectionPool());
          assertThat(catalog.dispatcher()).isSameAs(shared.dispatcher());
          assertThat(services.baseUrl("catalog").toString()).isEqualTo("http://catalog:8080/api/");
          assertThat(services.url("catalog", "items/42").toString())
              .isEqualTo("http://catalog:8080/api/items/42");
          CourierClient billing = services.client("billing");
          assertThat(billing.readTimeoutMillis()).isEqualTo(5_000); // Inherited.
          assertThat(billing.userAgent()).isEqualTo("shared/1");
          assertThat(services.baseUrl("billing")).isNull();
          QualifiedInjectionConfiguration injected =
              context.getBean(QualifiedInjectionConfiguration.class);
          assertThat(injected.shared).isSameAs(shared);
          assertThat(injected.catalog).isSameAs(catalog);
        });
  }

  @Test
  void whenServiceHasDefaultHeadersThenRequestsCarryThemUnlessTheySetTheirOwn() {
    server.enqueue(new MockResponse.Builder().body("a").build());
    server.enqueue(new MockResponse.Builder().body("b").build());
    runner.withPropertyValues("courier.services.billing.default-headers.X-Client=my-service",
        "courier.services.billing.default-headers.X-Tenant=blue").run(context -> {
          CourierClient billing = context.getBean(CourierServices.class).client("billing");
          execute(billing, new Request.Builder().url(server.url("/1").toString()).build());
          execute(billing, new Request.Builder().url(server.url("/2").toString())
              .header("X-Tenant", "red").build());
          RecordedRequest first = server.takeRequest();
          assertThat(first.getHeaders().get("X-Client")).isEqualTo("my-service");
          assertThat(first.getHeaders().get("X-Tenant")).isEqualTo("blue");
          assertThat(server.takeRequest().getHeaders().values("X-Tenant")).containsExactly("red");
        });
  }

  @Test
  void whenContextClosesThenClientReleasesItsThreads() throws Exception {
    Set<Thread> before = courierThreads();
    server.enqueue(new MockResponse.Builder().body("async").build());
    server.enqueue(new MockResponse.Builder().body("sync").build());
    runner.withPropertyValues("courier.services.catalog.read-timeout=2s").run(context -> {
      CourierClient client = context.getBean(CourierClient.class);
      CountDownLatch idle = new CountDownLatch(1);
      client.dispatcher().setIdleCallback(idle::countDown);
      client.newCall(new Request.Builder().url(server.url("/async").toString()).build())
          .enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
            }

            @Override
            public void onResponse(Call call, Response response) {
              response.close();
            }
          });
      assertThat(idle.await(10, TimeUnit.SECONDS)).isTrue();
      execute(context.getBean(CourierServices.class).client("catalog"),
          new Request.Builder().url(server.url("/sync").toString()).build());
      assertThat(client.connectionPool().connectionCount()).isPositive();
      assertThat(courierThreads()).hasSizeGreaterThan(before.size());
    });
    Set<Thread> left = courierThreads();
    left.removeAll(before);
    assertThat(left).as("courier- threads left after the context closed").isEmpty();
  }

  private static Set<Thread> courierThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("courier-") && thread.isAlive())
        .collect(Collectors.toSet());
  }

  private static void execute(CourierClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      response.body().string();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserClientConfiguration {
    final CourierClient client = new CourierClient.Builder().build();

    @Bean
    CourierClient myClient() {
      return client;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class InterceptorConfiguration {
    final List<String> seen = new ArrayList<>();

    @Bean
    @Order(3)
    Interceptor third() {
      return record("third");
    }

    @Bean
    @Order(1)
    Interceptor first() {
      return record("first");
    }

    @Bean
    @Order(2)
    Interceptor second() {
      return record("second");
    }

    @Bean
    @NetworkInterceptor
    Interceptor wire() {
      return chain -> {
        seen.add("wire " + chain.request().url().encodedPath());
        return chain.proceed(chain.request());
      };
    }

    private Interceptor record(String name) {
      return chain -> {
        seen.add(name);
        return chain.proceed(chain.request());
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ScopedConfiguration {
    @Bean
    @Order(1)
    @CourierService("catalog")
    Interceptor catalogOnly() {
      return chain -> chain.proceed(chain.request());
    }

    @Bean
    @NetworkInterceptor
    @CourierService({"catalog"})
    Interceptor catalogWire() {
      return chain -> chain.proceed(chain.request());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizerConfiguration {
    final List<String> calls = new ArrayList<>();
    final List<String> services = new ArrayList<>();

    @Bean
    @Order(2)
    CourierClientCustomizer late() {
      return builder -> {
        calls.add("late");
        builder.readTimeout(java.time.Duration.ofSeconds(7));
      };
    }

    @Bean
    @Order(1)
    CourierClientCustomizer early() {
      return builder -> {
        calls.add("early saw " + builder.interceptors().size() + " interceptors");
        if (!builder.interceptors().isEmpty()) builder.interceptors().remove(0);
      };
    }

    @Bean
    CourierServiceClientCustomizer slowCatalog() {
      return (service, builder) -> {
        services.add(service);
        if (service.equals("catalog")) builder.callTimeout(java.time.Duration.ofSeconds(30));
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class QualifiedInjectionConfiguration {
    CourierClient shared;
    CourierClient catalog;

    @Bean
    Object consumer(CourierClient shared, @Qualifier("catalog") CourierClient catalog) {
      this.shared = shared;
      this.catalog = catalog;
      return new Object();
    }
  }
}
