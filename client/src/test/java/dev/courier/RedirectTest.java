package dev.courier;

import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProtocolException;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RecordingEventListener;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Redirects: which are followed, how the method changes, and what is dropped on the way. */
class RedirectTest {
  private static final MediaType TEXT = MediaType.get("text/plain");

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingEventListener listener = courier.eventListener();
  private final CourierClient client = courier.newClient();

  private String url(String host, String path) {
    return "http://" + host + ":" + server.getPort() + path;
  }

  private MockResponse redirect(int code, String location) {
    return new MockResponse.Builder().code(code).setHeader("Location", location).build();
  }

  @ParameterizedTest(name = "{0} after {1} becomes {2}")
  @CsvSource({
      "300, POST, GET, ",
      "301, POST, GET, ",
      "302, POST, GET, ",
      "303, POST, GET, ",
      "303, PUT, GET, ",
      "302, DELETE, DELETE, ",
      "301, PUT, PUT, body",
      "302, PATCH, PATCH, body",
      "301, GET, GET, ",
      "303, HEAD, HEAD, ",
      "307, POST, POST, body",
      "308, POST, POST, body",
      "307, PUT, PUT, body",
      "308, PATCH, PATCH, body",
      "300, QUERY, QUERY, body",
      "301, QUERY, QUERY, body",
      "302, QUERY, QUERY, body",
      "303, QUERY, GET, ",
      "307, QUERY, QUERY, body",
  })
  void redirectRewritesTheMethod(int code, String method, String expectedMethod,
      String expectedBody) throws Exception {
    server.enqueue(redirect(code, "/b"));
    server.enqueue(new MockResponse.Builder().body("landed").build());
    RequestBody body = method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")
        ? null : RequestBody.create("body", TEXT);
    Request request = new Request.Builder().url(url("origin.test", "/a"))
        .method(method, body).build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.request().method()).isEqualTo(expectedMethod);
      assertThat(response.priorResponse().code()).isEqualTo(code);
    }
    server.takeRequest();
    RecordedRequest followed = server.takeRequest();
    assertThat(followed.getMethod()).isEqualTo(expectedMethod);
    assertThat(followed.getTarget()).isEqualTo("/b");
    if (expectedBody != null) {
      assertThat(followed.getBody().utf8()).isEqualTo(expectedBody);
      assertThat(followed.getHeaders().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    } else {
      assertThat(followed.getBodySize()).isZero();
      assertThat(followed.getHeaders().get("Content-Type")).isNull();
      assertThat(followed.getHeaders().get("Content-Length")).isNull();
    }
    assertThat(listener.decisions()).containsExactly(
        "followUp=true: redirect " + code, "followUp=false: final response 200");
  }

  @Test
  void eventsOfARedirectOnTheSameConnection() throws Exception {
    server.enqueue(redirect(302, "/b"));
    server.enqueue(new MockResponse.Builder().body("landed").build());
    try (Response response = client.newCall(new Request.Builder()
        .url(url("origin.test", "/a")).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("landed");
    }
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "connectEnd", "connectionAcquired",
        "requestHeadersStart", "requestHeadersEnd", "responseHeadersStart", "responseHeadersEnd",
        "responseBodyStart", "responseBodyEnd", "followUpDecision",
        "requestHeadersStart", "requestHeadersEnd", "responseHeadersStart", "responseHeadersEnd",
        "followUpDecision", "responseBodyStart", "responseBodyEnd", "connectionReleased",
        "callEnd");
  }

  @Test
  void credentialsAndCookiesStayWithTheHostThatGotThem() throws Exception {
    server.enqueue(redirect(302, url("origin.test", "/same-host")));
    server.enqueue(redirect(302, url("other.test", "/other-host")));
    server.enqueue(new MockResponse.Builder().body("landed").build());
    Request request = new Request.Builder().url(url("origin.test", "/"))
        .header("Authorization", "Bearer secret")
        .header("Cookie", "session=1")
        .header("Proxy-Authorization", "Basic cHJveHk=")
        .header("X-Custom", "kept")
        .build();
    client.newCall(request).execute().close();
    server.takeRequest();
    RecordedRequest sameHost = server.takeRequest();
    assertThat(sameHost.getHeaders().get("Authorization")).isEqualTo("Bearer secret");
    assertThat(sameHost.getHeaders().get("Cookie")).isEqualTo("session=1");
    RecordedRequest otherHost = server.takeRequest();
    assertThat(otherHost.getHeaders().get("Host")).isEqualTo("other.test:" + server.getPort());
    assertThat(otherHost.getHeaders().get("Authorization")).isNull();
    assertThat(otherHost.getHeaders().get("Cookie")).isNull();
    assertThat(otherHost.getHeaders().get("Proxy-Authorization")).isNull();
    assertThat(otherHost.getHeaders().get("X-Custom")).isEqualTo("kept");
  }

  @Test
  void namedSensitiveHeadersStayWithTheOriginThatGotThem() throws Exception {
    CourierClient named = client.newBuilder().sensitiveHeaders(List.of("X-Api-Key")).build();
    server.enqueue(redirect(302, url("origin.test", "/same-host")));
    server.enqueue(redirect(302, url("other.test", "/other-host")));
    server.enqueue(new MockResponse.Builder().body("landed").build());
    named.newCall(new Request.Builder().url(url("origin.test", "/"))
        .header("X-Api-Key", "k-123")
        .header("X-Custom", "kept")
        .build()).execute().close();
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("X-Api-Key")).isEqualTo("k-123");
    RecordedRequest otherHost = server.takeRequest();
    assertThat(otherHost.getHeaders().get("X-Api-Key")).isNull();
    assertThat(otherHost.getHeaders().get("X-Custom")).isEqualTo("kept");
  }

  @Test
  void sensitiveHeadersAreCheckedNames() {
    assertThatThrownBy(() -> new CourierClient.Builder().sensitiveHeaders(List.of("X Bad")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new CourierClient.Builder().sensitiveHeaders(List.of("X-Api-Key")).build()
        .sensitiveHeaders()).containsExactly("X-Api-Key");
  }

  @Test
  void aPortChangeAlsoDropsCredentials() throws Exception {
    MockWebServer other = courier.newServer();
    server.enqueue(redirect(307, "http://origin.test:" + other.getPort() + "/"));
    other.enqueue(new MockResponse.Builder().build());
    client.newCall(new Request.Builder().url(url("origin.test", "/"))
        .header("Authorization", "Bearer secret").build()).execute().close();
    assertThat(other.takeRequest().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void httpsToHttpIsRefusedUnlessAllowed() throws Exception {
    MockWebServer secure = courier.newHttpsServer(TlsFixtures.SERVER.sslSocketFactory());
    String insecure = url("localhost", "/insecure");
    secure.enqueue(redirect(302, insecure));
    secure.enqueue(redirect(302, insecure));
    server.enqueue(new MockResponse.Builder().body("cleartext").build());
    CourierClient https = client.newBuilder()
        .sslSocketFactory(TlsFixtures.CLIENT.sslSocketFactory(),
            TlsFixtures.CLIENT.trustManager())
        .build();
    Request request = new Request.Builder()
        .url("https://localhost:" + secure.getPort() + "/").build();

    try (Response response = https.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(302);
      assertThat(response.header("Location")).isEqualTo(insecure);
    }
    assertThat(listener.decisions())
        .containsExactly("followUp=false: redirect 302 from https to http refused");
    assertThat(server.getRequestCount()).isZero();

    CourierClient downgrading = https.newBuilder().followSslRedirects(true).build();
    try (Response response = downgrading.newCall(request).execute()) {
      assertThat(response.body().string()).isEqualTo("cleartext");
    }
  }

  @Test
  void twentyFollowUpsAreFollowed() throws Exception {
    for (int i = 1; i <= 20; i++) server.enqueue(redirect(302, "/" + i));
    server.enqueue(new MockResponse.Builder().body("the end").build());
    try (Response response = client.newCall(new Request.Builder()
        .url(url("origin.test", "/0")).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("the end");
      int priors = 0;
      for (Response prior = response.priorResponse(); prior != null;
          prior = prior.priorResponse()) {
        priors++;
      }
      assertThat(priors).isEqualTo(20);
    }
  }

  @Test
  void theTwentyFirstFollowUpFails() throws Exception {
    for (int i = 1; i <= 21; i++) server.enqueue(redirect(302, "/" + i));
    assertThatThrownBy(() -> client.newCall(new Request.Builder()
        .url(url("origin.test", "/0")).build()).execute())
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Too many follow-up requests: 21");
    assertThat(server.getRequestCount()).isEqualTo(21);
    assertThat(listener.decisions()).endsWith("followUp=false: too many follow-ups");
    assertThat(listener.events()).endsWith("followUpDecision", "connectionReleased", "callFailed");
  }

  @ParameterizedTest(name = "Location {0}")
  @CsvSource(delimiter = '|', value = {
      "ftp://origin.test/file | redirect 302 to an unsupported URL",
      "mailto:someone@origin.test | redirect 302 to an unsupported URL",
      "http://[::1 | redirect 302 to an unsupported URL",
      "http://exa mple.com/ | redirect 302 to an unsupported URL",
  })
  void unusableLocationReturnsTheRedirect(String location, String reason) throws Exception {
    server.enqueue(redirect(302, location));
    try (Response response = client.newCall(new Request.Builder()
        .url(url("origin.test", "/")).build()).execute()) {
      assertThat(response.code()).isEqualTo(302);
    }
    assertThat(listener.decisions()).containsExactly("followUp=false: " + reason);
  }

  @Test
  void missingLocationReturnsTheRedirect() throws Exception {
    server.enqueue(new MockResponse.Builder().code(301).build());
    try (Response response = client.newCall(new Request.Builder()
        .url(url("origin.test", "/")).build()).execute()) {
      assertThat(response.code()).isEqualTo(301);
    }
    assertThat(listener.decisions())
        .containsExactly("followUp=false: redirect 301 without Location");
  }

  @Test
  void redirectsCanBeTurnedOff() throws Exception {
    server.enqueue(redirect(302, "/b"));
    CourierClient notFollowing = client.newBuilder().followRedirects(false).build();
    try (Response response = notFollowing.newCall(new Request.Builder()
        .url(url("origin.test", "/a")).build()).execute()) {
      assertThat(response.code()).isEqualTo(302);
    }
    assertThat(listener.decisions()).containsExactly("followUp=false: followRedirects is off");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void oneShotBodyIsNotSentAgainOnA307() throws Exception {
    server.enqueue(redirect(307, "/b"));
    Request request = new Request.Builder().url(url("origin.test", "/a"))
        .post(new RequestBody() {
          @Override public MediaType contentType() {
            return TEXT;
          }

          @Override public boolean isOneShot() {
            return true;
          }

          @Override public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8("streamed once");
          }
        }).build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(307);
    }
    assertThat(listener.decisions())
        .containsExactly("followUp=false: not following redirect 307: request body is one-shot");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
