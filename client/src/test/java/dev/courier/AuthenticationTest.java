package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 401 and 407 challenges, with and without authenticators, and the limit on attempts. */
class AuthenticationTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingEventListener listener = courier.eventListener();
  private final List<String> challenges = Collections.synchronizedList(new ArrayList<>());
  private final CourierClient client = courier.newClient();

  private Request request() {
    return new Request.Builder().url("http://origin.test:" + server.getPort() + "/").build();
  }

  /** Answers with {@code header: value}, recording each challenge it sees. */
  private Authenticator answering(String header, String value) {
    return (route, response) -> {
      challenges.add(response.code() + " " + response.header(
          response.code() == 401 ? "WWW-Authenticate" : "Proxy-Authenticate"));
      return response.request().newBuilder().header(header, value).build();
    };
  }

  private MockResponse challenge() {
    return new MockResponse.Builder().code(401)
        .setHeader("WWW-Authenticate", "Basic realm=\"origin\"").body("who are you?").build();
  }

  @Test
  void withoutAnAuthenticatorTheChallengeIsReturned() throws Exception {
    server.enqueue(challenge());
    try (Response response = client.newCall(request()).execute()) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.body().string()).isEqualTo("who are you?");
    }
    assertThat(listener.decisions()).containsExactly("followUp=false: authenticator gave up");
  }

  @Test
  void authenticatorAnswersTheChallenge() throws Exception {
    server.enqueue(challenge());
    server.enqueue(new MockResponse.Builder().body("welcome").build());
    CourierClient authenticating = client.newBuilder()
        .authenticator(answering("Authorization", "Basic dXNlcjpwYXNz"))
        .build();
    try (Response response = authenticating.newCall(request()).execute()) {
      assertThat(response.body().string()).isEqualTo("welcome");
      assertThat(response.priorResponse().code()).isEqualTo(401);
    }
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
    assertThat(server.takeRequest().getHeaders().get("Authorization"))
        .isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(challenges).containsExactly("401 Basic realm=\"origin\"");
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "connectEnd", "connectionAcquired",
        "requestHeadersStart", "requestHeadersEnd", "responseHeadersStart", "responseHeadersEnd",
        "responseBodyStart", "responseBodyEnd", "followUpDecision",
        "requestHeadersStart", "requestHeadersEnd", "responseHeadersStart", "responseHeadersEnd",
        "followUpDecision", "responseBodyStart", "responseBodyEnd", "connectionReleased",
        "callEnd");
    assertThat(listener.decisions()).containsExactly(
        "followUp=true: authentication", "followUp=false: final response 200");
  }

  @Test
  void authenticatorMayGiveUp() throws Exception {
    server.enqueue(challenge());
    server.enqueue(challenge());
    CourierClient oneTry = client.newBuilder()
        .authenticator((route, response) -> response.priorResponse() != null ? null
            : response.request().newBuilder().header("Authorization", "Basic d3Jvbmc=").build())
        .build();
    try (Response response = oneTry.newCall(request()).execute()) {
      assertThat(response.code()).isEqualTo(401);
    }
    assertThat(listener.decisions()).containsExactly(
        "followUp=true: authentication", "followUp=false: authenticator gave up");
  }

  @Test
  void anAuthenticatorThatNeverGivesUpIsStoppedAfterThreeAttempts() throws Exception {
    for (int i = 0; i < 4; i++) server.enqueue(challenge());
    CourierClient stubborn = client.newBuilder()
        .authenticator(answering("Authorization", "Basic d3Jvbmc="))
        .build();
    try (Response response = stubborn.newCall(request()).execute()) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.body().string()).isEqualTo("who are you?");
    }
    assertThat(challenges).hasSize(3);
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(listener.decisions()).containsExactly(
        "followUp=true: authentication", "followUp=true: authentication",
        "followUp=true: authentication",
        "followUp=false: authentication gave up after 3 attempts");
  }

  @Test
  void proxyAuthenticatorAnswersAnHttpProxy() throws Exception {
    server.enqueue(new MockResponse.Builder().code(407)
        .setHeader("Proxy-Authenticate", "Basic realm=\"proxy\"").build());
    server.enqueue(new MockResponse.Builder().body("proxied").build());
    CourierClient viaProxy = client.newBuilder()
        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.getPort())))
        .proxyAuthenticator(answering("Proxy-Authorization", "Basic cHJveHk="))
        .build();
    try (Response response = viaProxy.newCall(new Request.Builder()
        .url("http://origin.test/").build()).execute()) {
      assertThat(response.body().string()).isEqualTo("proxied");
    }
    assertThat(server.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
    RecordedRequest second = server.takeRequest();
    assertThat(second.getRequestLine()).isEqualTo("GET http://origin.test/ HTTP/1.1");
    assertThat(second.getHeaders().get("Proxy-Authorization")).isEqualTo("Basic cHJveHk=");
    assertThat(challenges).containsExactly("407 Basic realm=\"proxy\"");
    assertThat(listener.decisions()).containsExactly(
        "followUp=true: proxy authentication", "followUp=false: final response 200");
  }

  @Test
  void withoutAProxyAuthenticatorThe407IsReturned() throws Exception {
    server.enqueue(new MockResponse.Builder().code(407).build());
    CourierClient viaProxy = client.newBuilder()
        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.getPort())))
        .build();
    try (Response response = viaProxy.newCall(new Request.Builder()
        .url("http://origin.test/").build()).execute()) {
      assertThat(response.code()).isEqualTo(407);
    }
    assertThat(listener.decisions()).containsExactly("followUp=false: proxy authenticator gave up");
  }

  @Test
  void a407FromAServerThatIsNotOurProxyIsAProtocolError() {
    server.enqueue(new MockResponse.Builder().code(407).build());
    CourierClient authenticating = client.newBuilder()
        .proxyAuthenticator(answering("Proxy-Authorization", "Basic cHJveHk="))
        .build();
    assertThatThrownBy(() -> authenticating.newCall(request()).execute())
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Received HTTP 407 from a server that is not our proxy");
    assertThat(challenges).isEmpty();
  }
}
