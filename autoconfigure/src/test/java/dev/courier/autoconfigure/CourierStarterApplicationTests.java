package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.TlsVersion;
import dev.courier.resilience4j.CircuitOpenException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * What the README promises a new Boot application, in a started one configured in YAML: a TLS
 * service through an SSL bundle, a plain one and a resilient one, each called through its
 * {@link CourierServiceClient}, its {@code RestClient} bean and an HTTP interface with the same
 * settings and the same {@code client.name}, and one trace across an {@code enqueue}.
 */
class CourierStarterApplicationTests {
  private final MockWebServer tlsUpstream = new MockWebServer();
  private final MockWebServer plainUpstream = new MockWebServer();
  private final Queue<Observation.Context> observations = new ConcurrentLinkedQueue<>();
  private ConfigurableApplicationContext application;

  @BeforeEach
  void start(@TempDir Path directory) throws IOException {
    String host = InetAddress.getByName("localhost").getCanonicalHostName();
    HeldCertificate certificate = new HeldCertificate.Builder()
        .addSubjectAlternativeName("localhost")
        .addSubjectAlternativeName(host)
        .build();
    tlsUpstream.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build()
        .sslSocketFactory());
    tlsUpstream.start();
    plainUpstream.start();
    Path trusted = Files.writeString(directory.resolve("catalog-ca.pem"),
        certificate.certificatePem());
    Path yaml = Files.writeString(directory.resolve("application.yml"), """
        spring:
          ssl:
            bundle:
              pem:
                catalog:
                  truststore:
                    certificate: file:%s
                  options:
                    enabled-protocols: TLSv1.2
        courier:
          services:
            catalog:
              base-url: %s
              ssl:
                bundle: catalog
            plain:
              base-url: %s
              proxy:
                type: direct
            resilient:
              base-url: %s
              resilience:
                circuit-breaker:
                  enabled: true
        """.formatted(trusted, tlsUpstream.url("/api/"), plainUpstream.url("/"),
        plainUpstream.url("/")));
    application = new SpringApplicationBuilder(Application.class)
        .web(WebApplicationType.NONE)
        .properties("spring.config.location=file:" + yaml)
        .initializers(context -> context.getBeanFactory().registerSingleton("recordingHandler",
            new RecordingHandler(observations)))
        .run();
  }

  @AfterEach
  void stop() {
    if (application != null) application.close();
    tlsUpstream.close();
    plainUpstream.close();
  }

  @Test
  void aTlsServiceWorksTheSameThroughEachWayOfCallingItAndIsNamedTheSame() throws Exception {
    for (int i = 0; i < 3; i++) tlsUpstream.enqueue(new MockResponse.Builder().body("1").build());

    CourierServiceClient catalog = bean(CourierServiceClient.class, "catalog");
    try (Response response = catalog.get("items/1").execute()) {
      assertThat(response.body().string()).isEqualTo("1");
      // The bundle's options, not only its trust material, reach the handshake.
      assertThat(response.handshake().tlsVersion()).isEqualTo(TlsVersion.TLS_1_2);
    }
    assertThat(bean(RestClient.class, "catalog").get().uri("items/{id}", 1).retrieve()
        .body(String.class)).isEqualTo("1");
    assertThat(application.getBean(CatalogApi.class).item(1)).isEqualTo("1");

    for (int i = 0; i < 3; i++) {
      assertThat(tlsUpstream.takeRequest().getTarget()).isEqualTo("/api/items/1");
    }
    assertThat(clientNames("/api/items/1")).containsExactly("catalog", "catalog", "catalog");
    // The shared client has no such trust, so the same host refuses it.
    Throwable untrusted = catchThrowable(() -> application.getBean(CourierClient.class)
        .newCall(new Request.Builder().url(tlsUpstream.url("/api/items/1").toString()).build())
        .execute());
    assertThat(untrusted).isInstanceOf(IOException.class);
  }

  @Test
  void aPlainServiceIsNamedTheSameThroughEachWayOfCallingIt() throws Exception {
    for (int i = 0; i < 3; i++) plainUpstream.enqueue(new MockResponse.Builder().body("2").build());

    try (Response response = bean(CourierServiceClient.class, "plain").get("items/2").execute()) {
      assertThat(response.body().string()).isEqualTo("2");
    }
    assertThat(bean(RestClient.class, "plain").get().uri("items/{id}", 2).retrieve()
        .body(String.class)).isEqualTo("2");
    assertThat(application.getBean(PlainApi.class).item(2)).isEqualTo("2");
    assertThat(clientNames("/items/2")).containsExactly("plain", "plain", "plain");
  }

  @Test
  void anOpenBreakerRefusesWithoutSendingAndSaysSoInTheMetrics() {
    application.getBean(CircuitBreakerRegistry.class).circuitBreaker("resilient")
        .transitionToOpenState();
    Throwable refused = catchThrowable(() ->
        bean(CourierServiceClient.class, "resilient").get("items/3").execute());
    assertThat(refused).isInstanceOf(CircuitOpenException.class);
    assertThat(plainUpstream.getRequestCount()).isZero();
    assertThat(observations).filteredOn(context -> "resilient".equals(value(context,
        "client.name"))).singleElement()
        .satisfies(context -> assertThat(value(context, "status")).isEqualTo("REFUSED"));
  }

  @Test
  void anEnqueuedCallContinuesTheTraceOfItsCaller() throws Exception {
    plainUpstream.enqueue(new MockResponse.Builder().body("4").build());
    ObservationRegistry registry = application.getBean(ObservationRegistry.class);
    CompletableFuture<String> result = new CompletableFuture<>();
    Observation incoming = Observation.start("incoming.request", registry);
    try (Observation.Scope scope = incoming.openScope()) {
      bean(CourierServiceClient.class, "plain").get("items/4").enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          result.completeExceptionally(e);
        }

        @Override
        public void onResponse(Call call, Response response) throws IOException {
          try (response) {
            result.complete(response.body().string());
          }
        }
      });
    } finally {
      incoming.stop();
    }
    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("4");
    Observation.Context call = observations.stream()
        .filter(context -> "/items/4".equals(path(context))).findFirst().orElseThrow();
    assertThat(call.getParentObservation()).isSameAs(incoming);
  }

  private <T> T bean(Class<T> type, String service) {
    return application.getBeanFactory().getBean(service
        + (type == RestClient.class ? "RestClient" : type.getSimpleName()), type);
  }

  private List<String> clientNames(String path) {
    return observations.stream()
        .filter(context -> context.getName().equals("http.client.requests"))
        .filter(context -> path.equals(path(context)))
        .map(context -> value(context, "client.name")).toList();
  }

  private static String path(Observation.Context context) {
    KeyValue url = context.getHighCardinalityKeyValue("http.url");
    if (url == null) return null;
    String value = url.getValue();
    return value.substring(value.indexOf('/', value.indexOf("//") + 2));
  }

  private static String value(Observation.Context context, String key) {
    KeyValue keyValue = context.getLowCardinalityKeyValue(key);
    return keyValue == null ? null : keyValue.getValue();
  }

  /** Keeps every observation that stopped, as a tracer would export its span. */
  record RecordingHandler(Queue<Observation.Context> stopped)
      implements ObservationHandler<Observation.Context> {
    @Override
    public void onStop(Observation.Context context) {
      stopped.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  /** An HTTP interface of the catalog service. */
  interface CatalogApi {
    @GetExchange("items/{id}")
    String item(@PathVariable int id);
  }

  /** An HTTP interface of the plain service. */
  interface PlainApi {
    @GetExchange("items/{id}")
    String item(@PathVariable int id);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @ImportHttpServices(group = "catalog", types = CatalogApi.class)
  @ImportHttpServices(group = "plain", types = PlainApi.class)
  static class Application {
  }
}
