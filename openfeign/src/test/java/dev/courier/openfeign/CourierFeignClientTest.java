package dev.courier.openfeign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import feign.Feign;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.RetryableException;
import feign.Retryer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;
import dev.courier.Request;
import dev.courier.UriTemplate;

/** Feign interfaces on Courier, against a real server on loopback. */
class CourierFeignClientTest {
  private final MockWebServer server = new MockWebServer();
  private final Queue<Request> courierRequests = new ConcurrentLinkedQueue<>();
  private CourierClient courier;

  interface CatalogApi {
    @RequestLine("GET /items/{id}")
    String item(@Param("id") int id);

    @RequestLine("GET /items/{id}")
    feign.Response rawItem(@Param("id") int id);

    @RequestLine("GET /items/{id}")
    feign.Response rawItem(@Param("id") int id, feign.Request.Options options);

    @RequestLine("POST /items")
    @Headers("Content-Type: application/json")
    String create(String json);

    @RequestLine("PUT /items/{id}")
    String replace(@Param("id") int id);
  }

  @BeforeEach
  void start() throws IOException {
    server.start();
    courier = new CourierClient.Builder()
        .addInterceptor(chain -> {
          courierRequests.add(chain.request());
          return chain.proceed(chain.request());
        })
        .build();
  }

  @AfterEach
  void stop() {
    courier.close();
    server.close();
  }

  private CatalogApi catalog() {
    return catalog(new feign.Request.Options());
  }

  private CatalogApi catalog(feign.Request.Options options) {
    return Feign.builder()
        .client(new CourierFeignClient(courier))
        .options(options)
        .retryer(Retryer.NEVER_RETRY)
        .requestInterceptor(template -> template.header("X-Multi", "a", "b"))
        .target(CatalogApi.class, server.url("/api").toString());
  }

  @Test
  void aGetSendsMethodPathAndEveryHeaderValueAndReadsTheBody() throws Exception {
    server.enqueue(new MockResponse.Builder().body("item 7").build());

    assertThat(catalog().item(7)).isEqualTo("item 7");

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("GET");
    assertThat(recorded.getTarget()).isEqualTo("/api/items/7");
    assertThat(recorded.getHeaders().values("X-Multi")).containsExactly("a", "b");
    assertThat(recorded.getHeaders().get("User-Agent")).startsWith("courier/");
  }

  @Test
  void statusReasonHeadersAndProtocolComeBackAsReceived() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .status("HTTP/1.1 418 Short And Stout")
        .addHeader("Set-Cookie", "a=1")
        .addHeader("set-cookie", "b=2")
        .addHeader("X-Single", "one")
        .body("teapot")
        .build());

    try (feign.Response response = catalog().rawItem(1)) {
      assertThat(response.status()).isEqualTo(418);
      assertThat(response.reason()).isEqualTo("Short And Stout");
      assertThat(response.headers().get("SET-COOKIE")).containsExactly("a=1", "b=2");
      assertThat(response.headers().get("x-single")).containsExactly("one");
      assertThat(response.protocolVersion()).isEqualTo(feign.Request.ProtocolVersion.HTTP_1_1);
      assertThat(response.body().length()).isEqualTo(6);
      try (InputStream body = response.body().asInputStream()) {
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("teapot");
      }
    }
    // Closing the Feign response released the connection for the next call.
    assertThat(courier.connectionPool().idleConnectionCount()).isEqualTo(1);
  }

  @Test
  void aPostSendsItsBodyWithItsContentTypeAndOneContentLength() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).body("created").build());

    assertThat(catalog().create("{\"name\":\"kettle\"}")).isEqualTo("created");

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getBody().utf8()).isEqualTo("{\"name\":\"kettle\"}");
    assertThat(recorded.getHeaders().values("Content-Type")).containsExactly("application/json");
    assertThat(recorded.getHeaders().values("Content-Length")).containsExactly("17");
  }

  @Test
  void aPutWithoutABodySendsAnEmptyOne() throws Exception {
    server.enqueue(new MockResponse.Builder().body("replaced").build());

    assertThat(catalog().replace(3)).isEqualTo("replaced");

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("PUT");
    assertThat(recorded.getBodySize()).isZero();
  }

  @Test
  void courierRequestsCarryTheFeignRequestAndTheUriTemplate() throws Exception {
    server.enqueue(new MockResponse.Builder().body("x").build());

    catalog().item(42);

    Request request = courierRequests.remove();
    assertThat(request.tag(UriTemplate.class)).isEqualTo(UriTemplate.of("/items/{id}"));
    assertThat(request.tag(feign.Request.class).url()).endsWith("/api/items/42");
  }

  @Test
  void theResponseBodyStreamsBeforeTheServerHasSentItAll() throws Exception {
    // Larger than the 8 KiB Feign reads into memory itself for a method returning a Response.
    String first = "a".repeat(16 * 1024);
    CountDownLatch firstPartRead = new CountDownLatch(1);
    try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
        try (Socket socket = upstream.accept()) {
          BufferedReader reader = new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
          while (!reader.readLine().isEmpty()) {
            // The request's head; the GET has no body.
          }
          OutputStream out = socket.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (first.length() + 4) + "\r\n\r\n"
              + first).getBytes(StandardCharsets.US_ASCII));
          out.flush();
          // The rest follows only once the client has read the first part: a client that
          // buffered the whole body would wait here until the test gives up.
          if (!firstPartRead.await(10, TimeUnit.SECONDS)) throw new IOException("not streamed");
          out.write("rest".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException | InterruptedException e) {
          throw new CompletionException(e);
        }
      });
      CatalogApi catalog = Feign.builder()
          .client(new CourierFeignClient(courier))
          .retryer(Retryer.NEVER_RETRY)
          .target(CatalogApi.class, "http://127.0.0.1:" + upstream.getLocalPort() + "/api");

      try (feign.Response response = catalog.rawItem(1);
          InputStream body = response.body().asInputStream()) {
        byte[] firstPart = new byte[first.length()];
        // readFully, not readNBytes, which ends with a zero-length read that waits for more.
        new DataInputStream(body).readFully(firstPart);
        assertThat(new String(firstPart, StandardCharsets.UTF_8)).isEqualTo(first);
        firstPartRead.countDown();
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("rest");
      }
      served.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFeignReadTimeoutAppliesToThatCall() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("late")
        .build());

    Throwable thrown = catchThrowable(() -> catalog(
        new feign.Request.Options(Duration.ofSeconds(10), Duration.ofMillis(200), true)).item(1));

    assertThat(thrown).isInstanceOf(RetryableException.class)
        .hasCauseInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void feignsDefaultTimeoutsLeaveTheCourierClientsOwn() throws Exception {
    courier = courier.newBuilder().readTimeout(Duration.ofMillis(200)).build();
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("late")
        .build());

    // Feign's default read timeout is 60 s; the client's 200 ms is the one that applies.
    Throwable thrown = catchThrowable(() -> catalog().item(1));

    assertThat(thrown).isInstanceOf(RetryableException.class)
        .hasCauseInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void optionsPerCallShareThePoolOfTheClient() throws Exception {
    server.enqueue(new MockResponse.Builder().body("a").build());
    server.enqueue(new MockResponse.Builder().body("b").build());
    CatalogApi catalog = catalog();

    try (feign.Response response = catalog.rawItem(1)) {
      response.body().asInputStream().readAllBytes();
    }
    try (feign.Response response = catalog.rawItem(2,
        new feign.Request.Options(Duration.ofSeconds(3), Duration.ofSeconds(4), true))) {
      response.body().asInputStream().readAllBytes();
    }

    assertThat(server.takeRequest().getConnectionIndex()).isZero();
    assertThat(server.takeRequest().getConnectionIndex()).isZero();
    assertThat(courier.connectionPool().connectionCount()).isEqualTo(1);
  }

  @Test
  void redirectsAreFollowedOrNotAsFeignsOptionSays() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/api/moved")
        .build());
    server.enqueue(new MockResponse.Builder().body("landed").build());
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/api/moved")
        .build());

    try (feign.Response followed = catalog().rawItem(1)) {
      assertThat(followed.status()).isEqualTo(200);
    }
    try (feign.Response notFollowed = catalog(
        new feign.Request.Options(Duration.ofSeconds(10), Duration.ofSeconds(60), false))
        .rawItem(1)) {
      assertThat(notFollowed.status()).isEqualTo(302);
      assertThat(notFollowed.headers().get("Location")).containsExactly("/api/moved");
    }
    assertThat(List.of(server.takeRequest().getTarget(), server.takeRequest().getTarget(),
        server.takeRequest().getTarget()))
        .containsExactly("/api/items/1", "/api/moved", "/api/items/1");
  }

  @Test
  void aTransportFailureReachesFeignAsAnIoException() throws Exception {
    String url = server.url("/api").toString();
    server.close();

    Throwable thrown = catchThrowable(() -> Feign.builder()
        .client(new CourierFeignClient(courier))
        .retryer(Retryer.NEVER_RETRY)
        .target(CatalogApi.class, url)
        .item(1));

    assertThat(thrown).isInstanceOf(RetryableException.class).hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aNullClientIsRefused() {
    assertThat(catchThrowable(() -> new CourierFeignClient(null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("client == null");
  }
}
