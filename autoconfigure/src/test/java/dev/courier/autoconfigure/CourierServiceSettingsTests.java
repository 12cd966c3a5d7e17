package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.CourierClient;
import dev.courier.Protocol;
import dev.courier.Response;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Every setting of {@code courier.*} can be set per service, with its own pool, dispatcher and
 * cache where it asks for one; what a service leaves unset it inherits.
 */
class CourierServiceSettingsTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class));
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void whenAServiceSetsItsOwnResourcesThenItGetsThemAndInheritsTheRest(@TempDir Path cache) {
    runner.withPropertyValues("courier.read-timeout=3s",
        "courier.cache.enabled=true", "courier.cache.directory=" + cache,
        "courier.services.own.base-url=http://own/",
        "courier.services.own.pool.max-idle-connections=1",
        "courier.services.own.dispatcher.max-requests-per-host=2",
        "courier.services.own.cache.enabled=false",
        "courier.services.own.protocols=http/1.1",
        "courier.services.own.proxy.type=http", "courier.services.own.proxy.host=proxy.test",
        "courier.services.own.proxy.port=3128",
        "courier.services.inherits.base-url=http://inherits/").run(context -> {
          CourierServices services = context.getBean(CourierServices.class);
          CourierClient shared = context.getBean(CourierClient.class);
          CourierClient own = services.client("own");
          CourierClient inherits = services.client("inherits");
          assertThat(own.readTimeoutMillis()).isEqualTo(3_000);
          assertThat(own.connectionPool()).isNotSameAs(shared.connectionPool());
          assertThat(own.connectionPool().maxIdleConnections()).isEqualTo(1);
          assertThat(own.dispatcher()).isNotSameAs(shared.dispatcher());
          assertThat(own.dispatcher().maxRequestsPerHost()).isEqualTo(2);
          assertThat(own.dispatcher().maxRequests()).isEqualTo(64);
          assertThat(own.cache()).isNull();
          assertThat(own.protocols()).containsExactly(Protocol.HTTP_1_1);
          assertThat(own.proxy()).isEqualTo(new Proxy(Proxy.Type.HTTP,
              InetSocketAddress.createUnresolved("proxy.test", 3128)));
          assertThat(inherits.connectionPool()).isSameAs(shared.connectionPool());
          assertThat(inherits.dispatcher()).isSameAs(shared.dispatcher());
          assertThat(inherits.cache()).isSameAs(shared.cache());
          assertThat(inherits.protocols()).containsExactly(Protocol.HTTP_2, Protocol.HTTP_1_1);
        });
  }

  @Test
  void whenTheContextClosesThenAServicesOwnDispatcherStops() {
    runner.withPropertyValues("courier.services.own.base-url=http://own/",
        "courier.services.own.dispatcher.max-requests=3").run(context -> {
          CourierClient own = context.getBean(CourierServices.class).client("own");
          context.close();
          assertThat(own.dispatcher().isShutdown()).isTrue();
        });
  }

  @Test
  void whenARedirectLeavesTheServiceThenItsDefaultAndSensitiveHeadersStayBehind()
      throws Exception {
    MockWebServer elsewhere = new MockWebServer();
    elsewhere.start();
    try {
      server.enqueue(new MockResponse.Builder().code(302)
          .setHeader("Location", elsewhere.url("/landed").toString()).build());
      elsewhere.enqueue(new MockResponse.Builder().body("landed").build());
      runner.withPropertyValues("courier.services.catalog.base-url=" + server.url("/"),
          "courier.services.catalog.default-headers.X-Api-Key=k-123",
          "courier.services.catalog.sensitive-headers=X-Tenant").run(context -> {
            CourierServiceClient catalog = context.getBean(CourierServices.class)
                .service("catalog");
            try (Response response = catalog.newCall(catalog.request("items")
                .header("X-Tenant", "t-9").build()).execute()) {
              assertThat(response.body().string()).isEqualTo("landed");
            }
            RecordedRequest first = server.takeRequest();
            assertThat(first.getHeaders().get("X-Api-Key")).isEqualTo("k-123");
            assertThat(first.getHeaders().get("X-Tenant")).isEqualTo("t-9");
            RecordedRequest second = elsewhere.takeRequest();
            assertThat(second.getHeaders().get("X-Api-Key")).isNull();
            assertThat(second.getHeaders().get("X-Tenant")).isNull();
          });
    } finally {
      elsewhere.close();
    }
  }

  @Test
  void whenAServiceClientIsAskedForAPathThenItResolvesAgainstTheBaseUrl() throws Exception {
    server.enqueue(new MockResponse.Builder().body("item").build());
    runner.withPropertyValues("courier.services.catalog.base-url=" + server.url("/api/"))
        .run(context -> {
          CourierServiceClient catalog = context.getBean("catalogCourierServiceClient",
              CourierServiceClient.class);
          try (Response response = catalog.get("items/1").execute()) {
            assertThat(response.body().string()).isEqualTo("item");
          }
          assertThat(server.takeRequest().getTarget()).isEqualTo("/api/items/1");
          assertThat(catalog.url("/health").encodedPath()).isEqualTo("/health");
        });
  }

  @Test
  void whenVirtualThreadsAreOnForSpringThenTheDispatcherUsesThemWhereTheJvmHasThem()
      throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
      CompletableFuture<String> thread = new CompletableFuture<>();
      context.getBean(CourierClient.class).newCall(new dev.courier.Request.Builder()
          .url(server.url("/").toString()).build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, java.io.IOException e) {
              thread.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
              response.close();
              thread.complete(Thread.currentThread().getName());
            }
          });
      // Java 17 has no virtual threads: Spring's setting is honoured where it can be, and
      // never stops start-up where it cannot.
      String expected = Runtime.version().feature() >= 21
          ? "courier-virtual-"
          : "courier-dispatcher-";
      assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith(expected);
    });
  }
}
