package dev.courier;

import static dev.courier.CacheTest.ok;
import static dev.courier.CacheTest.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache behaviours that the public {@code http-cache-tests} suite (cache-tests.fyi, run by
 * {@code conformance/http-cache-tests/run.sh}) found wrong, pinned here so the normal build
 * guards them: {@code must-understand}, what a 304 may change in a stored response, and
 * responses that arrive with {@code Transfer-Encoding}.
 */
class CacheConformanceTest {
  @TempDir
  Path directory;
  private final MockWebServer server = new MockWebServer();
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    client = new CourierClient.Builder()
        .cache(new Cache(directory, 1024 * 1024))
        .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void mustUnderstandResponseWithAnUnknownStatusIsNotStored() throws Exception {
    server.enqueue(response(599, "first", "Cache-Control: max-age=3600, must-understand"));
    server.enqueue(response(599, "second", "Cache-Control: max-age=3600, must-understand"));
    assertThat(body("/")).isEqualTo("first");
    assertThat(body("/")).isEqualTo("second");
  }

  @Test
  void mustUnderstandOverridesNoStoreForAKnownStatus() throws Exception {
    // RFC 9111 §5.2.2.3: no-store is there for caches that don't implement must-understand.
    server.enqueue(ok("kept", "Cache-Control: max-age=3600, no-store, must-understand"));
    assertThat(body("/")).isEqualTo("kept");
    assertThat(body("/")).isEqualTo("kept");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a304UpdatesTheStoredFieldsButNotThoseThatIdentifyTheStoredBytes() throws Exception {
    server.enqueue(ok("v1 body", "Cache-Control: max-age=0", "ETag: \"v1\"",
        "Content-MD5: rL0Y20zC+Fzt72VPzMSk2A==", "X-Version: 1"));
    server.enqueue(new MockResponse.Builder().code(304)
        .addHeader("Cache-Control", "max-age=3600")
        .addHeader("ETag", "\"v2\"")
        .addHeader("Content-MD5", "N7UdGUp1E+RbVvZSTy1R8g==")
        .addHeader("X-Version", "2")
        .build());
    assertThat(body("/")).isEqualTo("v1 body");

    for (int i = 0; i < 2; i++) { // Revalidated, then from the updated entry.
      try (Response response = get("/")) {
        assertThat(response.body().string()).isEqualTo("v1 body");
        assertThat(response.header("X-Version")).isEqualTo("2");
        assertThat(response.header("ETag")).isEqualTo("\"v1\"");
        assertThat(response.header("Content-MD5")).isEqualTo("rL0Y20zC+Fzt72VPzMSk2A==");
      }
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void chunkedResponseIsStoredAndServedWithoutItsTransferEncoding() throws Exception {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Cache-Control", "max-age=3600")
        .chunkedBody(new Buffer().writeUtf8("chunked body"), 5)
        .build());
    try (Response first = get("/")) {
      assertThat(first.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(first.body().string()).isEqualTo("chunked body");
    }
    try (Response second = get("/")) {
      assertThat(second.cacheResponse()).isNotNull();
      assertThat(second.networkResponse()).isNull();
      assertThat(second.header("Transfer-Encoding")).isNull();
      assertThat(second.body().string()).isEqualTo("chunked body");
    }
  }

  private Response get(String path) throws IOException {
    return client.newCall(new Request.Builder().url(server.url(path).toString()).build())
        .execute();
  }

  private String body(String path) throws IOException {
    try (Response response = client.newCall(
        new Request.Builder().url(server.url(path).toString()).build()).execute()) {
      return response.body().string();
    }
  }
}
