package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.courier.CourierClient;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.Response;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The protocol settings: {@code courier.protocols}, {@code courier.services.<name>.protocols}
 * and {@code courier.http2.ping-interval}, applied to the clients and checked at start-up.
 */
class CourierHttp2PropertiesTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class));

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startServer() throws IOException {
    server.setProtocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void whenNothingIsConfiguredThenClientsOfferHttp2ThenHttp11WithoutPings() {
    runner.run(context -> {
      CourierClient client = context.getBean(CourierClient.class);
      assertThat(client.protocols()).containsExactly(Protocol.HTTP_2, Protocol.HTTP_1_1);
      assertThat(client.pingIntervalMillis()).isZero();
    });
  }

  @Test
  void whenProtocolsAndPingIntervalAreSetThenTheSharedClientUsesThem() {
    runner.withPropertyValues("courier.protocols=http_1_1", "courier.http2.ping-interval=30s")
        .run(context -> {
          CourierClient client = context.getBean(CourierClient.class);
          assertThat(client.protocols()).containsExactly(Protocol.HTTP_1_1);
          assertThat(client.pingIntervalMillis()).isEqualTo(30_000);
        });
  }

  @Test
  void whenAServiceSpeaksPriorKnowledgeThenItsClientTalksCleartextHttp2() {
    runner.withPropertyValues(
            "courier.services.backend.base-url=" + server.url("/"),
            "courier.services.backend.protocols=h2_prior_knowledge",
            "courier.http2.ping-interval=1m")
        .run(context -> {
          CourierServices services = context.getBean(CourierServices.class);
          CourierClient backend = services.client("backend");
          assertThat(backend.protocols()).containsExactly(Protocol.H2_PRIOR_KNOWLEDGE);
          assertThat(backend.pingIntervalMillis()).isEqualTo(60_000);
          assertThat(context.getBean(CourierClient.class).protocols())
              .as("the shared client keeps its own").containsExactly(Protocol.HTTP_2,
                  Protocol.HTTP_1_1);
          server.enqueue(new MockResponse.Builder().body("h2c").build());
          try (Response response = backend.newCall(new Request.Builder()
              .url(services.url("backend", "items")).build()).execute()) {
            assertThat(response.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
            assertThat(response.body().string()).isEqualTo("h2c");
          }
        });
  }

  @Test
  void whenAServiceIsHttpsToAnHttp2ServerThenItNegotiatesHttp2WithNoSetting() throws IOException {
    HeldCertificate localhost = new HeldCertificate.Builder()
        .addSubjectAlternativeName("localhost")
        .build();
    HandshakeCertificates serverCertificates = new HandshakeCertificates.Builder()
        .heldCertificate(localhost)
        .build();
    // What the JVM's trust store does for a real server: trust its certificate.
    HandshakeCertificates trusted = new HandshakeCertificates.Builder()
        .addTrustedCertificate(localhost.certificate())
        .build();
    try (MockWebServer https = new MockWebServer()) {
      https.useHttps(serverCertificates.sslSocketFactory());
      https.start();
      runner.withBean(CourierClientCustomizer.class, () -> builder -> builder
              .sslSocketFactory(trusted.sslSocketFactory(), trusted.trustManager()))
          .withPropertyValues("courier.services.catalog.base-url=https://localhost:"
              + https.getPort() + "/")
          .run(context -> {
            CourierServices services = context.getBean(CourierServices.class);
            https.enqueue(new MockResponse.Builder().body("over h2").build());
            try (Response response = services.client("catalog").newCall(new Request.Builder()
                .url(services.url("catalog", "items")).build()).execute()) {
              assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
              assertThat(response.body().string()).isEqualTo("over h2");
            }
          });
    }
  }

  @Test
  void whenPriorKnowledgeIsCombinedThenStartUpFailsNamingTheProperty() {
    runner.withPropertyValues("courier.services.backend.protocols=h2_prior_knowledge,http_1_1")
        .run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription())
              .contains("Property: courier.services.backend.protocols")
              .contains("h2_prior_knowledge cannot use other protocols");
          assertThat(analysis.getAction()).contains("h2_prior_knowledge alone");
        });
  }

  @Test
  void whenProtocolsLackHttp11ThenStartUpFailsNamingTheProperty() {
    runner.withPropertyValues("courier.protocols=http_2").run(context ->
        assertThat(analyze(context).getDescription())
            .contains("Property: courier.protocols")
            .contains("must contain h2_prior_knowledge or http/1.1"));
  }

  @Test
  void whenPingIntervalIsNegativeThenStartUpFailsNamingIt() {
    runner.withPropertyValues("courier.http2.ping-interval=-1s").run(context -> {
      FailureAnalysis analysis = analyze(context);
      assertThat(analysis.getDescription()).contains("Property: courier.http2.ping-interval");
      assertThat(analysis.getAction()).contains("0 (no PINGs)");
    });
  }

  private static FailureAnalysis analyze(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis analysis =
        new CourierConfigurationFailureAnalyzer(null).analyze(context.getStartupFailure());
    assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
    return analysis;
  }
}
