package dev.courier.autoconfigure.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpCookieHandling;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;

import dev.courier.CourierClient;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

class CourierClientHttpRequestFactoryTest {
  private final MockWebServer server = new MockWebServer();
  private final CourierClient client = new CourierClient.Builder()
      .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
          .header("X-Via", "courier").build()))
      .build();
  private final CourierClientHttpRequestFactory factory =
      new CourierClientHttpRequestFactory(client);

  @BeforeEach
  void startServer() throws IOException {
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
    client.close();
  }

  @Test
  void whenRequestIsExecutedThenItRunsThroughCourierWithHeadersBothWays() throws Exception {
    server.enqueue(new MockResponse.Builder().status("HTTP/1.1 201 Created").setHeader("X-Reply", "a")
        .addHeader("X-Reply", "b").body("created").build());
    ClientHttpRequest request =
        factory.createRequest(server.url("/items?q=1").uri(), HttpMethod.GET);
    request.getHeaders().add("Accept", "text/plain");
    try (ClientHttpResponse response = request.execute()) {
      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
      assertThat(response.getStatusText()).isEqualTo("Created");
      assertThat(response.getHeaders().get("X-Reply")).containsExactly("a", "b");
      assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8))
          .isEqualTo("created");
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/items?q=1");
    assertThat(recorded.getHeaders().get("Accept")).isEqualTo("text/plain");
    assertThat(recorded.getHeaders().get("X-Via")).isEqualTo("courier");
  }

  @Test
  void whenAHeaderWasAddedWithANullValueThenItIsSentEmptyAsSpringsOwnFactoriesDo()
      throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    ClientHttpRequest request = factory.createRequest(server.url("/").uri(), HttpMethod.GET);
    request.getHeaders().add("X-Empty", null);
    try (ClientHttpResponse response = request.execute()) {
      assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().values("X-Empty")).containsExactly("");
  }

  @Test
  void whenBodyIsStreamedThenCourierSendsItWithItsContentType() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    ClientHttpRequest request = factory.createRequest(server.url("/").uri(), HttpMethod.POST);
    request.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    request.getBody().write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    request.execute().close();
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(recorded.getBody().utf8()).isEqualTo("{\"a\":1}");
  }

  @Test
  void whenBodyIsRequiredButNoneWasWrittenThenAnEmptyOneIsSent() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    factory.createRequest(server.url("/").uri(), HttpMethod.PUT).execute().close();
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("PUT");
    assertThat(recorded.getHeaders().get("Content-Length")).isEqualTo("0");
  }

  @Test
  void whenRestClientUsesTheFactoryThenItsBodiesAndErrorsWork() {
    server.enqueue(new MockResponse.Builder().body("pong").build());
    server.enqueue(new MockResponse.Builder().code(404).body("missing").build());
    RestClient restClient = RestClient.builder().requestFactory(factory)
        .baseUrl(server.url("/api/").toString()).build();
    assertThat(restClient.post().uri("ping").body("ping").retrieve().body(String.class))
        .isEqualTo("pong");
    Integer status = restClient.get().uri("gone").exchange((request, response) ->
        response.getStatusCode().value());
    assertThat(status).isEqualTo(404);
  }

  @Test
  void whenSettingsAreGivenThenTheyApplyOnADerivedClient() {
    CourierClientHttpRequestFactoryBuilder builder =
        new CourierClientHttpRequestFactoryBuilder(client);
    assertThat(builder.build().client()).isSameAs(client);
    CourierClient derived = builder.build(HttpClientSettings.defaults()
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
        .withRedirects(HttpRedirects.DONT_FOLLOW)).client();
    assertThat(derived.connectTimeoutMillis()).isEqualTo(1_000);
    assertThat(derived.readTimeoutMillis()).isEqualTo(2_000);
    assertThat(derived.followRedirects()).isFalse();
    assertThat(derived.connectionPool()).isSameAs(client.connectionPool());
    assertThat(derived.interceptors()).isEqualTo(client.interceptors());
  }

  @Test
  void whenSettingsAskForUnsupportedCookieHandlingThenBuildFailsWithTheWorkaround() {
    CourierClientHttpRequestFactoryBuilder builder =
        new CourierClientHttpRequestFactoryBuilder(client);
    assertThatThrownBy(() -> builder.build(
        HttpClientSettings.defaults().withCookieHandling(HttpCookieHandling.ENABLE)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CookieJar");
  }
}
