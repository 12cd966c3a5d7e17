package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.courier.testing.CourierExtension;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Interceptors run in order and are held to the chain's contracts. */
class InterceptorTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final CourierClient client = courier.newClient();

  private Request request() {
    return new Request.Builder().url(server.url("/").toString()).build();
  }

  @Test
  void applicationInterceptorsRunInOrderAroundTheNetwork() throws Exception {
    server.enqueue(new MockResponse.Builder().body("body").build());
    List<String> order = new ArrayList<>();
    CourierClient intercepted = client.newBuilder()
        .addInterceptor(chain -> {
          order.add("first in");
          Response response = chain.proceed(chain.request().newBuilder()
              .header("X-First", "1").build());
          order.add("first out");
          return response.newBuilder().header("X-Seen-By", "first").build();
        })
        .addInterceptor(chain -> {
          order.add("second in");
          assertThat(chain.connection()).isNull();
          assertThat(chain.request().header("X-First")).isEqualTo("1");
          Response response = chain.proceed(chain.request());
          order.add("second out");
          return response;
        })
        .build();
    try (Response response = intercepted.newCall(request()).execute()) {
      assertThat(response.header("X-Seen-By")).isEqualTo("first");
      assertThat(response.body().string()).isEqualTo("body");
    }
    assertThat(order).containsExactly("first in", "second in", "second out", "first out");
    assertThat(server.takeRequest().getHeaders().get("X-First")).isEqualTo("1");
  }

  @Test
  void applicationInterceptorMayAnswerWithoutTheNetwork() throws Exception {
    CourierClient answering = client.newBuilder()
        .addInterceptor(chain -> new Response.Builder()
            .request(chain.request())
            .protocol(Protocol.HTTP_1_1)
            .code(418)
            .message("I'm a teapot")
            .header("X-Local", "yes")
            .body(ResponseBody.create("short and stout", MediaType.get("text/plain")))
            .build())
        .build();
    try (Response response = answering.newCall(request()).execute()) {
      assertThat(response.code()).isEqualTo(418);
      assertThat(response.body().string()).isEqualTo("short and stout");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void applicationInterceptorMayProceedTwice() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().body("second try").build());
    CourierClient retrying = client.newBuilder()
        .addInterceptor(chain -> {
          Response first = chain.proceed(chain.request());
          if (first.code() < 500) return first;
          first.close();
          return chain.proceed(chain.request());
        })
        .build();
    try (Response response = retrying.newCall(request()).execute()) {
      assertThat(response.body().string()).isEqualTo("second try");
    }
  }

  @Test
  void networkInterceptorSeesTheWireRequestAndTheConnection() throws Exception {
    server.enqueue(new MockResponse.Builder().body("x").build());
    List<Request> seen = new ArrayList<>();
    List<Connection> connections = new ArrayList<>();
    CourierClient intercepted = client.newBuilder()
        .addNetworkInterceptor(chain -> {
          seen.add(chain.request());
          connections.add(chain.connection());
          return chain.proceed(chain.request());
        })
        .build();
    intercepted.newCall(request()).execute().close();
    assertThat(seen.get(0).header("Host")).isNotNull();
    assertThat(seen.get(0).header("User-Agent")).startsWith("courier/");
    assertThat(connections.get(0)).isNotNull();
    assertThat(connections.get(0).protocol()).isEqualTo(Protocol.HTTP_1_1);
    assertThat(connections.get(0).route().socketAddress().getPort()).isEqualTo(server.getPort());
  }

  @Test
  void networkInterceptorMustCallProceedExactlyOnce() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().build());
    Interceptor twice = new NamedInterceptor("twice", chain -> {
      chain.proceed(chain.request()).close();
      return chain.proceed(chain.request());
    });
    CourierClient intercepted = client.newBuilder().addNetworkInterceptor(twice).build();
    assertThatThrownBy(() -> intercepted.newCall(request()).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("network interceptor twice must call proceed() exactly once");
  }

  @Test
  void networkInterceptorMustNotSkipProceed() {
    Interceptor skipping = new NamedInterceptor("skipping", chain -> new Response.Builder()
        .request(chain.request()).code(200).body(ResponseBody.create("", null)).build());
    CourierClient intercepted = client.newBuilder().addNetworkInterceptor(skipping).build();
    assertThatThrownBy(() -> intercepted.newCall(request()).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("network interceptor skipping must call proceed() exactly once");
  }

  @Test
  void networkInterceptorMustKeepHostAndPort() {
    Interceptor redirecting = new NamedInterceptor("redirecting", chain -> chain.proceed(
        chain.request().newBuilder().url("http://127.0.0.1:1/elsewhere").build()));
    CourierClient intercepted = client.newBuilder().addNetworkInterceptor(redirecting).build();
    assertThatThrownBy(() -> intercepted.newCall(request()).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("network interceptor redirecting must retain the same host and port");
  }

  @Test
  void interceptorMustNotReturnNull() {
    Interceptor returningNull = new NamedInterceptor("returningNull", chain -> null);
    CourierClient intercepted = client.newBuilder().addInterceptor(returningNull).build();
    assertThatThrownBy(() -> intercepted.newCall(request()).execute())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("interceptor returningNull returned null");
  }

  @Test
  void interceptorMustReturnAResponseWithABody() {
    Interceptor bodiless = new NamedInterceptor("bodiless", chain ->
        new Response.Builder().request(chain.request()).code(200).build());
    CourierClient intercepted = client.newBuilder().addInterceptor(bodiless).build();
    assertThatThrownBy(() -> intercepted.newCall(request()).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("interceptor bodiless returned a response with no body");
  }

  @Test
  void networkInterceptorCannotChangeTimeouts() {
    Interceptor adjusting = chain -> chain.withReadTimeout(java.time.Duration.ofSeconds(1))
        .proceed(chain.request());
    CourierClient intercepted = client.newBuilder().addNetworkInterceptor(adjusting).build();
    assertThatThrownBy(() -> intercepted.newCall(request()).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Timeouts can't be adjusted in a network interceptor");
  }

  @Test
  void interceptorIOExceptionFailsTheCall() {
    CourierClient failing = client.newBuilder()
        .addInterceptor(chain -> {
          throw new IOException("no route to the moon");
        })
        .build();
    assertThatThrownBy(() -> failing.newCall(request()).execute())
        .isInstanceOf(IOException.class)
        .hasMessage("no route to the moon");
  }

  /** An interceptor with a readable name, as failure messages show it. */
  private static final class NamedInterceptor implements Interceptor {
    private final String name;
    private final Interceptor delegate;

    NamedInterceptor(String name, Interceptor delegate) {
      this.name = name;
      this.delegate = delegate;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      return delegate.intercept(chain);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  void runtimeExceptionInAnInterceptorOfAnAsyncCallIsTheCauseOfItsFailure() throws Exception {
    IllegalStateException thrown = new IllegalStateException("interceptor bug");
    CourierClient failing = client.newBuilder().addInterceptor(chain -> {
      throw thrown;
    }).build();
    CompletableFuture<IOException> failure = new CompletableFuture<>();
    failing.newCall(request()).enqueue(new Callback() {
      @Override public void onFailure(Call call, IOException e) {
        failure.complete(e);
      }

      @Override public void onResponse(Call call, Response response) {
        response.close();
        failure.completeExceptionally(new AssertionError("unexpected response"));
      }
    });
    assertThat(failure.get(10, TimeUnit.SECONDS))
        .hasMessage("canceled due to java.lang.IllegalStateException: interceptor bug")
        .cause().isSameAs(thrown);
  }
}
