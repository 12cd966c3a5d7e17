package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.Random;

import dev.courier.testing.CourierExtension;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transparent gzip within limits: a body that inflates far beyond its compressed size, or beyond
 * an absolute cap, fails cleanly with a {@link ProtocolException} naming the setting, while
 * ordinary compressed bodies and small repetitive ones pass.
 */
class DecompressionBombTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private CourierClient client = courier.newClient();

  private static Buffer gzip(byte[] content) throws IOException {
    Buffer result = new Buffer();
    try (BufferedSink sink = Okio.buffer(new GzipSink(result))) {
      sink.write(content);
    }
    return result;
  }

  private void enqueueGzip(byte[] content) throws IOException {
    server.enqueue(new MockResponse.Builder().body(gzip(content))
        .setHeader("Content-Encoding", "gzip").build());
  }

  private Response get() throws IOException {
    return client.newCall(new Request.Builder().url(server.url("/").toString()).build())
        .execute();
  }

  @Test
  void defaultsAreARatioOf100AndNoAbsoluteLimit() {
    assertThat(client.maxDecompressionRatio()).isEqualTo(100);
    assertThat(client.maxDecompressedSize()).isZero();
  }

  @Test
  void bombFailsOnceItPassesTheRatio() throws IOException {
    byte[] zeros = new byte[64 * 1024 * 1024]; // Compresses to about 64 KiB: 1,000 to 1.
    enqueueGzip(zeros);
    try (Response response = get()) {
      assertThatThrownBy(() -> response.body().bytes())
          .isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("gzip response body inflated beyond maxDecompressionRatio (100)");
    }
    server.enqueue(new MockResponse.Builder().body("next").build());
    try (Response response = get()) {
      assertThat(response.body().string()).isEqualTo("next");
    }
  }

  @Test
  void absoluteLimitFailsAnOrdinaryBodyThatIsTooLarge() throws IOException {
    client = client.newBuilder().maxDecompressedSize(100_000).build();
    enqueueGzip(text(200_000));
    try (Response response = get()) {
      assertThatThrownBy(() -> response.body().string())
          .isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("gzip response body inflated beyond maxDecompressedSize "
              + "(100000 bytes)");
    }
  }

  @Test
  void ordinaryCompressedBodiesPass() throws IOException {
    byte[] content = text(4 * 1024 * 1024);
    enqueueGzip(content);
    try (Response response = get()) {
      assertThat(response.body().bytes()).isEqualTo(content);
    }
  }

  @Test
  void smallRepetitiveBodiesPassWhateverTheirRatio() throws IOException {
    enqueueGzip(new byte[(int) (1024 * 1024)]); // 1 MiB of zeros: 1,000 to 1, but small.
    try (Response response = get()) {
      assertThat(response.body().bytes()).hasSize(1024 * 1024);
    }
  }

  @Test
  void limitsCanBeTurnedOff() throws IOException {
    client = client.newBuilder().maxDecompressionRatio(0).maxDecompressedSize(0).build();
    enqueueGzip(new byte[16 * 1024 * 1024]);
    try (Response response = get()) {
      assertThat(response.body().source().readAll(okio.Okio.blackhole()))
          .isEqualTo(16 * 1024 * 1024);
    }
  }

  @Test
  void bodiesTheCallerAskedToBeEncodedAreNeitherDecodedNorLimited() throws IOException {
    Buffer bomb = gzip(new byte[16 * 1024 * 1024]);
    long compressedSize = bomb.size();
    server.enqueue(new MockResponse.Builder().body(bomb)
        .setHeader("Content-Encoding", "gzip").build());
    Request request = new Request.Builder().url(server.url("/").toString())
        .header("Accept-Encoding", "gzip").build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().bytes()).hasSize((int) compressedSize);
    }
  }

  @Test
  void negativeLimitsAreRefusedNamingTheSetting() {
    CourierClient.Builder builder = new CourierClient.Builder();
    assertThatThrownBy(() -> builder.maxDecompressedSize(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDecompressedSize < 0: -1");
    assertThatThrownBy(() -> builder.maxDecompressionRatio(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDecompressionRatio < 0: -5");
    CourierClient configured = builder.maxDecompressedSize(7).maxDecompressionRatio(9).build();
    assertThat(configured.newBuilder().build().maxDecompressedSize()).isEqualTo(7);
    assertThat(configured.newBuilder().build().maxDecompressionRatio()).isEqualTo(9);
  }

  /** Returns text that compresses about as well as JSON does, 5 to 10 times. */
  private static byte[] text(int size) {
    Random random = new Random(42);
    String[] words = {"id", "name", "price", "widget", "steel", "blue", "stock", "catalog"};
    StringBuilder result = new StringBuilder(size + 32);
    while (result.length() < size) {
      result.append('"').append(words[random.nextInt(words.length)]).append("\":")
          .append(random.nextInt(100_000)).append(',');
    }
    result.setLength(size);
    return result.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
