package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.courier.testing.AllowLeak;
import dev.courier.testing.Await;
import dev.courier.testing.CourierExtension;
import dev.courier.testing.Leak;
import dev.courier.testing.RawServer;
import dev.courier.testing.RecordingSocketFactory;
import dev.courier.testing.RecordingSocketFactory.Io;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import okio.ByteString;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading network bodies whole ({@code bytes()}, {@code string()}) and in large reads
 * ({@code byteStream()}), which go straight from the socket into the caller's array: every byte
 * arrives in order at every size, and failures, timeouts, events, caching, decompression and leak
 * reports are what they are on the buffered path.
 */
class ResponseBodyTest {
  private static final int MIB = 1024 * 1024;

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final CourierClient client = courier.newClient();

  private static byte[] randomBytes(int size) {
    byte[] result = new byte[size];
    new Random(size).nextBytes(result);
    return result;
  }

  private Response get(CourierClient client, String url) throws IOException {
    return client.newCall(new Request.Builder().url(url).build()).execute();
  }

  private Response get() throws IOException {
    return get(client, server.url("/").toString());
  }

  private void enqueue(byte[] body) {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(body)).build());
  }

  /** Sizes around the buffer sizes, the direct-read threshold and the first array's cap. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 8191, 8192, 8193, 65536, MIB - 1, MIB, MIB + 1, 3 * MIB + 7})
  void bytesReturnsTheWholeBodyAtEverySize(int size) throws Exception {
    byte[] body = randomBytes(size);
    enqueue(body);
    enqueue(new byte[] {'x'});
    try (Response response = get()) {
      assertThat(response.body().contentLength()).isEqualTo(size);
      assertThat(response.body().bytes()).isEqualTo(body);
    }
    // The connection, read to the body's exact end, carries the next exchange.
    try (Response response = get()) {
      assertThat(response.body().string()).isEqualTo("x");
    }
    assertThat(server.takeRequest().getConnectionIndex())
        .isEqualTo(server.takeRequest().getConnectionIndex());
  }

  @Test
  void bytesReadsFromTheSocketIntoTheArrayItReturns() throws Exception {
    RecordingSocketFactory sockets = new RecordingSocketFactory();
    CourierClient recording = courier.newClient(builder -> builder.socketFactory(sockets));
    byte[] body = randomBytes(MIB);
    enqueue(body);
    byte[] result;
    try (Response response = get(recording, server.url("/").toString())) {
      result = response.body().bytes();
    }
    assertThat(result).isEqualTo(body);
    // All but what came in with the headers went from the socket into the result itself.
    assertThat(bytesReadInto(sockets, result)).isGreaterThan(MIB - 8192);
  }

  @Test
  void byteStreamReadsLargeReadsFromTheSocketIntoTheCallersArray() throws Exception {
    RecordingSocketFactory sockets = new RecordingSocketFactory();
    CourierClient recording = courier.newClient(builder -> builder.socketFactory(sockets));
    enqueue(randomBytes(MIB));
    byte[] large = new byte[64 * 1024];
    long total = 0;
    try (Response response = get(recording, server.url("/").toString());
        InputStream in = response.body().byteStream()) {
      for (int n; (n = in.read(large)) != -1; ) total += n;
    }
    assertThat(total).isEqualTo(MIB);
    assertThat(bytesReadInto(sockets, large)).isGreaterThan(MIB - 8192);
  }

  private static long bytesReadInto(RecordingSocketFactory sockets, byte[] array) {
    long result = 0;
    for (Io read : sockets.reads()) {
      if (read.array() == array && read.result() > 0) result += read.result();
    }
    return result;
  }

  @Test
  void stringDecodesMultiByteCharactersSplitAcrossReads() throws Exception {
    String text = "héllo wörld ☃ \uD83D\uDE00 ".repeat(40_000); // About 1 MB in UTF-8.
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/plain")
        .body(text).build());
    try (Response response = get()) {
      assertThat(response.body().string()).isEqualTo(text);
    }
  }

  @Test
  void stringTakesTheCharsetFromAByteOrderMarkOverTheDeclaredOne() throws Exception {
    assertDecodes("efbbbf", StandardCharsets.UTF_8, "façade");
    assertDecodes("feff", StandardCharsets.UTF_16BE, "façade");
    assertDecodes("fffe", StandardCharsets.UTF_16LE, "façade");
    assertDecodes("fffe0000", Charset.forName("UTF-32LE"), "façade");
    assertDecodes("0000feff", Charset.forName("UTF-32BE"), "façade");
  }

  @Test
  void stringOfABodyTooShortToTellItsMarkUsesTheDeclaredCharset() throws Exception {
    // "fffe" could still be the start of UTF-32LE's mark when the body ends: no mark, as before.
    for (String hex : new String[] {"", "ef", "efbb", "fffe", "fffe00"}) {
      server.enqueue(new MockResponse.Builder()
          .setHeader("Content-Type", "text/plain; charset=iso-8859-1")
          .body(new Buffer().write(ByteString.decodeHex(hex))).build());
      try (Response response = get()) {
        assertThat(response.body().string())
            .isEqualTo(ByteString.decodeHex(hex).string(StandardCharsets.ISO_8859_1));
      }
    }
  }

  private void assertDecodes(String bomHex, Charset charset, String text) throws Exception {
    Buffer body = new Buffer().write(ByteString.decodeHex(bomHex)).writeString(text, charset);
    server.enqueue(new MockResponse.Builder()
        .setHeader("Content-Type", "text/plain; charset=iso-8859-1").body(body).build());
    try (Response response = get()) {
      assertThat(response.body().string()).isEqualTo(text);
    }
  }

  @Test
  void stringWithoutAMarkUsesTheDeclaredCharset() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .setHeader("Content-Type", "text/plain; charset=iso-8859-1")
        .body(new Buffer().writeString("ça", StandardCharsets.ISO_8859_1)).build());
    try (Response response = get()) {
      assertThat(response.body().string()).isEqualTo("ça");
    }
  }

  @Test
  void byteStreamDeliversEveryByteInOrderWhateverTheReadSizes() throws Exception {
    byte[] body = randomBytes(2 * MIB + 3);
    enqueue(body);
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    try (Response response = get(); InputStream in = response.body().byteStream()) {
      read.write(in.read()); // One byte, so the next reads start in the buffer.
      byte[] small = new byte[100];
      read.write(small, 0, in.read(small));
      byte[] large = new byte[64 * 1024];
      int[] lengths = {large.length - 3, 8192, 8191, 1, 20_000};
      for (int i = 0, n; (n = in.read(large, 3, lengths[i % lengths.length])) != -1; i++) {
        read.write(large, 3, n);
      }
      assertThat(in.read(large)).isEqualTo(-1);
    }
    assertThat(read.toByteArray()).isEqualTo(body);
  }

  @Test
  void byteStreamReadsAfterClosingFailAsBefore() throws Exception {
    enqueue(randomBytes(100_000));
    try (Response response = get()) {
      InputStream in = response.body().byteStream();
      assertThat(in.read(new byte[65536])).isPositive();
      in.close();
      assertThatThrownBy(() -> in.read(new byte[65536])).isInstanceOf(IOException.class)
          .hasMessage("closed");
    }
  }

  @Test
  void bytesAfterTheResponseIsClosedFailAsBefore() throws Exception {
    enqueue(randomBytes(100_000));
    Response response = get();
    response.close();
    assertThatThrownBy(() -> response.body().bytes()).isInstanceOf(IllegalStateException.class)
        .hasMessage("closed");
  }

  @Test
  void bytesIncludesWhatWasPeeked() throws Exception {
    byte[] body = randomBytes(200_000);
    enqueue(body);
    try (Response response = get()) {
      assertThat(response.peekBody(10_000).bytes()).isEqualTo(ByteString.of(body, 0, 10_000)
          .toByteArray());
      assertThat(response.body().bytes()).isEqualTo(body);
    }
  }

  @Test
  void bytesOfAPartlyReadBodyDisagreesWithTheLength() throws Exception {
    enqueue(randomBytes(200_000));
    try (Response response = get()) {
      response.body().source().skip(10);
      assertThatThrownBy(() -> response.body().bytes()).isInstanceOf(IOException.class)
          .hasMessage("Content-Length (200000) and stream length (199990) disagree");
    }
  }

  @Test
  void serverClosingMidBodyFailsEachWayOfReading() throws Exception {
    try (RawServer raw = new RawServer()) {
      String truncated = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "y".repeat(50_000);
      raw.enqueueAndClose(truncated).enqueueAndClose(truncated).enqueueAndClose(truncated);
      String expected = "unexpected end of stream: expected 100000 bytes of body but received "
          + "50000";
      try (Response response = get(client, raw.url("/"))) {
        assertThatThrownBy(() -> response.body().bytes()).isInstanceOf(ProtocolException.class)
            .hasMessage(expected);
      }
      try (Response response = get(client, raw.url("/"))) {
        assertThatThrownBy(() -> response.body().string())
            .isInstanceOf(ProtocolException.class).hasMessage(expected);
      }
      try (Response response = get(client, raw.url("/"));
          InputStream in = response.body().byteStream()) {
        byte[] large = new byte[64 * 1024];
        assertThatThrownBy(() -> {
          while (in.read(large) != -1) {
            // Read until it fails.
          }
        }).isInstanceOf(ProtocolException.class).hasMessage(expected);
      }
      assertThat(client.connectionPool().connectionCount()).isZero();
      assertThat(raw.connectionCount()).isEqualTo(3);
    }
  }

  @Test
  void readTimeoutMidBodyNamesItself() throws Exception {
    CourierClient impatient =
        courier.newClient(builder -> builder.readTimeout(Duration.ofMillis(200)));
    try (RawServer raw = new RawServer()) {
      // The server sends half the body and keeps the connection open, silent.
      raw.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "y".repeat(50_000));
      try (Response response = get(impatient, raw.url("/"))) {
        assertThatThrownBy(() -> response.body().bytes())
            .isInstanceOf(SocketTimeoutException.class)
            .hasMessage("Read timed out after 200 ms (readTimeout)");
      }
      assertThat(impatient.connectionPool().connectionCount()).isZero();
    }
  }

  @Test
  void chunkedBodyInLargeReadsKeepsItsTrailers() throws Exception {
    byte[] body = randomBytes(MIB + 17);
    server.enqueue(new MockResponse.Builder().chunkedBody(new Buffer().write(body), 100_000)
        .trailers(okhttp3.Headers.of("X-Digest", "abc")).build());
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    try (Response response = get(); InputStream in = response.body().byteStream()) {
      assertThat(response.body().contentLength()).isEqualTo(-1);
      byte[] large = new byte[64 * 1024];
      for (int n; (n = in.read(large)) != -1; ) read.write(large, 0, n);
      assertThat(response.trailers().get("X-Digest")).isEqualTo("abc");
    }
    assertThat(read.toByteArray()).isEqualTo(body);
  }

  @Test
  void bodyEndingWhenTheServerClosesIsReadWhole() throws Exception {
    byte[] body = randomBytes(300_000);
    try (RawServer raw = new RawServer()) {
      Buffer response = new Buffer().writeUtf8("HTTP/1.1 200 OK\r\n\r\n").write(body);
      raw.enqueue(response.readByteArray(), true);
      try (Response first = get(client, raw.url("/"))) {
        assertThat(first.body().bytes()).isEqualTo(body);
      }
    }
  }

  @Test
  void gzippedBodyIsDecompressed() throws Exception {
    StringBuilder json = new StringBuilder();
    Random random = new Random(1);
    while (json.length() < MIB) json.append("{\"id\":").append(random.nextLong()).append("},");
    byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
    Buffer gzipped = new Buffer();
    try (GzipSink gzip = new GzipSink(gzipped)) {
      gzip.write(new Buffer().write(text), text.length);
    }
    server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip")
        .body(gzipped).build());
    try (Response response = get()) {
      assertThat(response.body().bytes()).isEqualTo(text);
    }
  }

  @Test
  void cacheStoresTheWholeBody(@TempDir Path directory) throws Exception {
    CourierClient cached = courier.newClient(builder -> builder
        .cache(new Cache(directory, 16 * MIB)));
    byte[] body = randomBytes(2 * MIB);
    server.enqueue(new MockResponse.Builder().setHeader("Cache-Control", "max-age=60")
        .body(new Buffer().write(body)).build());
    String url = server.url("/cached").toString();
    try (Response response = get(cached, url)) {
      assertThat(response.body().bytes()).isEqualTo(body);
    }
    try (Response response = get(cached, url); InputStream in = response.body().byteStream()) {
      assertThat(response.cacheResponse()).isNotNull();
      assertThat(response.networkResponse()).isNull();
      assertThat(in.readAllBytes()).isEqualTo(body);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void bodyEventsCountTheBytesReadStraightFromTheSocket() throws Exception {
    List<Long> bodyEnds = new ArrayList<>();
    CourierClient listening = courier.newClient(builder -> builder.eventListener(
        new EventListener() {
          @Override
          public void responseBodyEnd(Call call, long byteCount) {
            bodyEnds.add(byteCount);
          }
        }));
    byte[] body = randomBytes(MIB + 1);
    enqueue(body);
    enqueue(body);
    String url = server.url("/").toString();
    try (Response response = get(listening, url)) {
      response.body().bytes();
    }
    try (Response response = get(listening, url); InputStream in = response.body().byteStream()) {
      in.readAllBytes();
    }
    assertThat(bodyEnds).containsExactly((long) body.length, (long) body.length);
  }

  @Test
  @AllowLeak(value = Leak.RESPONSE_BODY, because = "the test leaks a body to see it reported")
  void bodyLeftOpenAfterLargeReadsIsReportedAsLeaked() throws Exception {
    CourierClient leaking = courier.newClient(builder -> builder
        .connectionPool(new ConnectionPool(5, Duration.ofMillis(100))));
    enqueue(randomBytes(MIB));
    WeakReference<Call> leaked = leakAfterOneLargeRead(leaking);
    Await.until("the leaked call is garbage collected", () -> {
      System.gc();
      return leaked.get() == null;
    });
    Await.until("the leak is noticed",
        () -> leaking.connectionPool().leakedConnectionCount() == 1);
  }

  private WeakReference<Call> leakAfterOneLargeRead(CourierClient leaking) throws IOException {
    Call call = leaking.newCall(new Request.Builder().url(server.url("/").toString()).build());
    InputStream in = call.execute().body().byteStream();
    assertThat(in.read(new byte[64 * 1024])).isPositive(); // Then dropped, never closed.
    return new WeakReference<>(call);
  }

  @Test
  void bodyMadeByTheCallerIsReadAsBefore() throws Exception {
    ResponseBody body = ResponseBody.create(Okio.buffer(Okio.source(
        new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}))), null, 4);
    assertThatThrownBy(body::bytes).isInstanceOf(IOException.class)
        .hasMessage("Content-Length (4) and stream length (3) disagree");
  }
}
