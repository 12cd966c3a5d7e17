package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The public API used the way a service author writes it, end to end: nothing from
 * {@code dev.courier.internal}, only what the README and Javadoc show.
 */
class PlainJavaApiTest {
  @Test
  void aServiceTalkingToItsDependency() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
          .body("{\"id\":1,\"name\":\"widget\"}").build());
      server.enqueue(new MockResponse.Builder().code(201).addHeader("Location", "/items/2")
          .build());
      server.enqueue(new MockResponse.Builder().body("async").build());
      String baseUrl = server.url("/").toString();

      CourierClient client = new CourierClient.Builder()
          .connectTimeout(Duration.ofSeconds(2))
          .readTimeout(Duration.ofSeconds(5))
          .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
              .header("X-Request-Id", "r-1")
              .build()))
          .build();

      Request get = new Request.Builder().url(baseUrl + "items/1").build();
      try (Response response = client.newCall(get).execute()) {
        assertThat(response.isSuccessful()).isTrue();
        assertThat(response.body().contentType().subtype()).isEqualTo("json");
        assertThat(response.body().string()).contains("widget");
      }

      RequestBody json = RequestBody.create("{\"name\":\"gadget\"}",
          MediaType.get("application/json"));
      Request post = new Request.Builder().url(baseUrl + "items").post(json).build();
      try (Response response = client.newCall(post).execute()) {
        assertThat(response.code()).isEqualTo(201);
        assertThat(response.header("Location")).isEqualTo("/items/2");
      }

      CompletableFuture<String> future = new CompletableFuture<>();
      client.newCall(new Request.Builder().url(baseUrl + "later").build()).enqueue(
          new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
              future.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) throws IOException {
              try (response) {
                future.complete(response.body().string());
              }
            }
          });
      assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("async");

      assertThat(server.takeRequest().getHeaders().get("X-Request-Id")).isEqualTo("r-1");
      assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
      client.close();
    }
  }
}
