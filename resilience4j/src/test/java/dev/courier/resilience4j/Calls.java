package dev.courier.resilience4j;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.courier.Call;
import dev.courier.Callback;
import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.Response;
import mockwebserver3.MockWebServer;

/** Small helpers for calling a MockWebServer through a Courier client in these tests. */
final class Calls {
  private Calls() {
  }

  /** Executes {@code request} and returns its status code, reading and closing the body. */
  static int execute(CourierClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      response.body().string();
      return response.code();
    }
  }

  /** Executes a GET of {@code path} on {@code server} and returns the status code. */
  static int get(CourierClient client, MockWebServer server, String path) throws IOException {
    return execute(client, new Request.Builder().url(server.url(path).toString()).build());
  }

  /**
   * Enqueues {@code request} and returns a future of its status code, or of the failure the
   * callback received.
   */
  static CompletableFuture<Integer> enqueue(CourierClient client, Request request) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    client.newCall(request).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          response.body().string();
          result.complete(response.code());
        }
      }
    });
    return result;
  }

  /** Waits for {@code future} and returns the exception it failed with. */
  static Throwable failureOf(CompletableFuture<?> future)
      throws InterruptedException, TimeoutException {
    try {
      future.get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected the call to fail");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
