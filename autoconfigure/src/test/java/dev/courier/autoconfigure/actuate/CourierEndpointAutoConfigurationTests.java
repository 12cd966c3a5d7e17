package dev.courier.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierClientCustomizer;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.autoconfigure.actuate.ClientDescriptor.ConnectionDescriptor;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

class CourierEndpointAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          EndpointAutoConfiguration.class, CourierEndpointAutoConfiguration.class));

  private final ApplicationContextRunner exposed = runner
      .withPropertyValues("management.endpoints.web.exposure.include=courier");

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
  void whenTheEndpointIsNotExposedThenThereIsNoBean() {
    runner.run(context -> assertThat(context).doesNotHaveBean(CourierEndpoint.class));
  }

  @Test
  void whenTheEndpointIsExposedThenItIsABean() {
    exposed.run(context -> assertThat(context).hasSingleBean(CourierEndpoint.class));
  }

  @Test
  void whenAccessIsNoneThenThereIsNoBean() {
    exposed.withPropertyValues("management.endpoint.courier.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(CourierEndpoint.class));
  }

  @Test
  void whenAServiceSpeaksHttp2ThenItsConnectionShowsTheProtocolAndActiveStreams()
      throws IOException {
    try (MockWebServer h2c = new MockWebServer()) {
      h2c.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
      h2c.start();
      exposed.withPropertyValues("courier.services.backend.base-url=" + h2c.url("/"),
              "courier.services.backend.protocols=h2_prior_knowledge")
          .run(context -> {
            CourierClient backend = context.getBean(CourierServices.class).client("backend");
            h2c.enqueue(new MockResponse.Builder().body("a").build());
            h2c.enqueue(new MockResponse.Builder().body("b").build());
            Request request = new Request.Builder().url(h2c.url("/").toString()).build();
            try (Response first = backend.newCall(request).execute();
                Response second = backend.newCall(request).execute()) {
              ConnectionDescriptor connection = context.getBean(CourierEndpoint.class)
                  .client("backend").pool().connections().get(0);
              assertThat(connection.protocol()).isEqualTo("h2_prior_knowledge");
              assertThat(connection.inUse()).isTrue();
              assertThat(connection.activeStreams()).isEqualTo(2);
              assertThat(first.body().string() + second.body().string()).isEqualTo("ab");
            }
            ConnectionDescriptor idle = context.getBean(CourierEndpoint.class)
                .client("backend").pool().connections().get(0);
            assertThat(idle.activeStreams()).isZero();
            assertThat(idle.exchangeCount()).isEqualTo(2);
          });
    }
  }

  @Test
  void whenAnHttpsServiceNegotiatesHttp2ThenItsConnectionShowsH2() throws IOException {
    HeldCertificate localhost = new HeldCertificate.Builder()
        .addSubjectAlternativeName("localhost")
        .build();
    HandshakeCertificates serverCertificates = new HandshakeCertificates.Builder()
        .heldCertificate(localhost)
        .build();
    HandshakeCertificates trusted = new HandshakeCertificates.Builder()
        .addTrustedCertificate(localhost.certificate())
        .build();
    try (MockWebServer https = new MockWebServer()) {
      https.useHttps(serverCertificates.sslSocketFactory());
      https.start();
      exposed.withBean(CourierClientCustomizer.class, () -> builder -> builder
              .sslSocketFactory(trusted.sslSocketFactory(), trusted.trustManager()))
          .withPropertyValues("courier.services.catalog.base-url=https://localhost:"
              + https.getPort() + "/")
          .run(context -> {
            CourierServices services = context.getBean(CourierServices.class);
            https.enqueue(new MockResponse.Builder().body("over h2").build());
            try (Response response = services.client("catalog").newCall(new Request.Builder()
                .url(services.url("catalog", "items")).build()).execute()) {
              ConnectionDescriptor connection = context.getBean(CourierEndpoint.class)
                  .client("catalog").pool().connections().get(0);
              assertThat(connection.protocol()).isEqualTo("h2");
              assertThat(connection.activeStreams()).isEqualTo(1);
              assertThat(response.body().string()).isEqualTo("over h2");
            }
          });
    }
  }

  @Test
  void whenACallLeftAConnectionThenItIsShownUntilEvicted() {
    exposed.withPropertyValues("courier.services.catalog.base-url=" + server.url("/api/"),
            "courier.services.elsewhere.base-url=http://elsewhere.invalid/")
        .run(context -> {
          CourierEndpoint endpoint = context.getBean(CourierEndpoint.class);
          server.enqueue(new MockResponse.Builder().body("x").build());
          try (Response response = context.getBean(CourierClient.class).newCall(
              new Request.Builder().url(server.url("/api/items").toString()).build()).execute()) {
            ConnectionDescriptor inUse = endpoint.clients().clients().get("default").pool()
                .connections().get(0);
            assertThat(inUse.inUse()).isTrue();
            assertThat(inUse.activeStreams()).isEqualTo(1);
            assertThat(inUse.protocol()).isEqualTo("http/1.1");
            assertThat(inUse.exchangeCount()).isEqualTo(1);
            response.body().string();
          }

          assertThat(endpoint.clients().clients()).containsOnlyKeys("default", "catalog",
              "elsewhere");
          ClientDescriptor catalog = endpoint.client("catalog");
          assertThat(catalog.baseUrl()).isEqualTo(server.url("/api/").toString());
          assertThat(catalog.pool().sharedBy()).containsExactly("default", "catalog",
              "elsewhere");
          assertThat(catalog.pool().connections()).singleElement()
              .satisfies(connection -> {
                assertThat(connection.inUse()).isFalse();
                assertThat(connection.origin())
                    .isEqualTo("http://" + server.getHostName() + ":" + server.getPort());
                assertThat(connection.proxy()).isEqualTo("DIRECT");
                assertThat(connection.address()).as("the IP, not the name")
                    .matches("[0-9a-f.:\\[\\]]+:" + server.getPort());
              });
          assertThat(endpoint.client("elsewhere").pool().connections())
              .as("only connections to the service's own origin").isEmpty();
          assertThat(endpoint.client("elsewhere").pool().idleConnectionCount()).isEqualTo(1);

          ClientDescriptor evicted = endpoint.write("catalog", CourierEndpoint.EVICT_IDLE);
          assertThat(evicted.pool().connections()).isEmpty();
          assertThat(evicted.pool().connectionCount()).isZero();
        });
  }

  @Test
  void whenTheClientOrActionIsUnknownThenTheRequestIsRejected() {
    exposed.run(context -> {
      CourierEndpoint endpoint = context.getBean(CourierEndpoint.class);
      assertThat(endpoint.client("missing")).isNull();
      assertThatThrownBy(() -> endpoint.write("missing", CourierEndpoint.EVICT_IDLE))
          .isInstanceOf(InvalidEndpointRequestException.class)
          .hasMessage("No Courier client named 'missing'");
      assertThatThrownBy(() -> endpoint.write("default", "restart"))
          .isInstanceOf(InvalidEndpointRequestException.class)
          .hasMessage("Unknown action 'restart'");
      assertThatThrownBy(() -> endpoint.clearCache("missing"))
          .isInstanceOf(InvalidEndpointRequestException.class);
    });
  }

  @Test
  void whenThereIsNoCacheThenClearingDoesNothing() {
    exposed.run(context -> {
      ClientDescriptor cleared = context.getBean(CourierEndpoint.class).clearCache("default");
      assertThat(cleared.cache()).isNull();
    });
  }

  @Test
  void whenTheCacheIsEnabledThenItIsDescribed(@TempDir Path directory) {
    exposed.withPropertyValues("courier.cache.enabled=true",
            "courier.cache.directory=" + directory, "courier.cache.max-size=1MB")
        .run(context -> {
          ClientDescriptor.CacheDescriptor cache = context.getBean(CourierEndpoint.class)
              .client("default").cache();
          assertThat(cache.directory()).isEqualTo(directory.toString());
          assertThat(cache.maxSize()).isEqualTo(1024 * 1024);
          assertThat(cache.sharedBy()).containsExactly("default");
        });
  }

  @Test
  void whenACircuitBreakerRegistryExistsThenServiceBreakerStatesAreShown() {
    exposed.withBean(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults)
        .withPropertyValues("courier.services.catalog.base-url=http://catalog/")
        .run(context -> {
          context.getBean(CircuitBreakerRegistry.class).circuitBreaker("catalog");
          CourierEndpoint endpoint = context.getBean(CourierEndpoint.class);
          assertThat(endpoint.client("catalog").circuitBreaker()).isEqualTo("CLOSED");
          assertThat(endpoint.client("default").circuitBreaker()).isNull();
        });
  }
}
