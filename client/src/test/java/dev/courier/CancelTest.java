package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.courier.testing.BlackholeServer;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.RecordingEventListener;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Call#cancel()} reaches a call at every step. */
class CancelTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final RecordingEventListener listener = courier.eventListener();
  private final CourierClient client = courier.newClient();

  private Request request(String path) {
    return new Request.Builder().url(server.url(path).toString()).build();
  }

  @Test
  void canceledBeforeExecuteFailsWithoutReachingTheServer() {
    Call call = client.newCall(request("/"));
    call.cancel();
    assertThat(call.isCanceled()).isTrue();
    assertThatThrownBy(call::execute).isInstanceOf(IOException.class).hasMessage("Canceled");
    assertThat(server.getRequestCount()).isZero();
    assertThat(listener.events()).containsExactly("canceled", "callStart", "callFailed");
  }

  @Test
  void canceledWhileQueuedFailsThroughTheCallback() throws Exception {
    client.dispatcher().setMaxRequests(1);
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE)
        .build());
    CallTest.FutureCallback first = new CallTest.FutureCallback();
    client.newCall(request("/stalled")).enqueue(first);
    server.takeRequest();

    Call queued = client.newCall(request("/queued"));
    CallTest.FutureCallback second = new CallTest.FutureCallback();
    queued.enqueue(second);
    assertThat(client.dispatcher().queuedCallsCount()).isEqualTo(1);
    queued.cancel();
    client.dispatcher().cancelAll(); // Frees the stalled call so the queued one runs and fails.

    CallTest.FutureCallback.Result result = second.result.get(10, TimeUnit.SECONDS);
    assertThat(result.failure).hasMessage("Canceled");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void canceledWhileConnecting() throws Exception {
    try (BlackholeServer blackhole = new BlackholeServer()) {
      CountDownLatch connecting = new CountDownLatch(1);
      CourierClient watching = client.newBuilder()
          .connectTimeout(Duration.ofSeconds(30))
          .eventListener(new EventListener() {
            @Override
            public void connectStart(Call c, java.net.InetSocketAddress address,
                java.net.Proxy proxy) {
              connecting.countDown();
            }
          })
          .build();
      Call watched = watching.newCall(new Request.Builder().url(blackhole.url("/")).build());
      Thread canceler = new Thread(() -> {
        try {
          connecting.await();
          watched.cancel();
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      });
      canceler.start();
      long start = System.nanoTime();
      assertThatThrownBy(watched::execute).isInstanceOf(IOException.class).hasMessage("Canceled");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      canceler.join();
      watching.close();
    }
  }

  @Test
  void canceledWhileWritingTheRequestBody() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch canceled = new CountDownLatch(1);
    RequestBody body = new RequestBody() {
      @Override public MediaType contentType() {
        return null;
      }

      @Override public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("partial");
        sink.flush();
        writing.countDown();
        try {
          canceled.await();
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        for (int i = 0; i < 1000; i++) {
          sink.write(new byte[8192]);
          sink.flush();
        }
      }
    };
    Call call = client.newCall(new Request.Builder().url(server.url("/").toString())
        .post(body).build());
    Thread canceler = new Thread(() -> {
      try {
        writing.await();
        call.cancel();
        canceled.countDown();
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    });
    canceler.start();
    assertThatThrownBy(call::execute).isInstanceOf(IOException.class).hasMessage("Canceled");
    canceler.join();
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void canceledWhileReadingTheResponseBody() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .body(new okio.Buffer().write(new byte[1024 * 1024]))
        .throttleBody(1024, 1, TimeUnit.SECONDS)
        .build());
    Call call = client.newCall(request("/slow"));
    Response response = call.execute();
    InputStream in = response.body().byteStream();
    assertThat(in.read(new byte[100])).isPositive();
    call.cancel();
    assertThatThrownBy(() -> in.readAllBytes()).isInstanceOf(IOException.class)
        .hasMessage("Canceled");
    response.close();
    assertThat(listener.events()).contains("canceled").endsWith("callFailed");
  }
}
