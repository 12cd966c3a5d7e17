package dev.courier;

import static dev.courier.CacheTest.ok;
import static dev.courier.CacheTest.response;
import static dev.courier.CacheTest.secondsAgo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range requests and the cache (RFC 9110 §14, RFC 9111 §3.3, §3.4): a fresh stored complete
 * response answers a single byte range itself; everything else about ranges goes to the server
 * as before, and partial responses are never stored.
 */
class CacheRangeTest {
  @TempDir
  Path directory;
  private final MockWebServer server = new MockWebServer();
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    client = new CourierClient.Builder().cache(new Cache(directory, 1024 * 1024)).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void freshCompleteResponseAnswersASingleByteRange() throws Exception {
    server.enqueue(ok("0123456789A", "Cache-Control: max-age=3600", "X-Stored: yes"));
    assertThat(body(get("/"))).isEqualTo("0123456789A");

    assertSlice("bytes=0-1", "01", "bytes 0-1/11");
    assertSlice("bytes=1-", "123456789A", "bytes 1-10/11");
    assertSlice("bytes=-1", "A", "bytes 10-10/11");
    assertSlice("bytes=9-99", "9A", "bytes 9-10/11");
    assertSlice("bytes=-20", "0123456789A", "bytes 0-10/11");
    assertSlice("Bytes=2-3", "23", "bytes 2-3/11");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void rangesTheCacheCannotAnswerGoToTheServer() throws Exception {
    server.enqueue(ok("0123456789", "Cache-Control: max-age=3600"));
    assertThat(body(get("/"))).isEqualTo("0123456789");
    String[] ranges = {"bytes=0-1,3-4", "bytes=10-", "bytes=5-2", "bytes=-0", "items=0-1",
        "bytes=a-b", "bytes=0-1;x", "bytes = 0-1", "bytes=0 -1", "bytes=99999999999999999999-"};
    for (String range : ranges) {
      server.enqueue(response(416, "", "Content-Range: bytes */10"));
      try (Response response = client.newCall(get("/").header("Range", range).build())
          .execute()) {
        assertThat(response.code()).as(range).isEqualTo(416);
        assertThat(response.networkResponse()).isNotNull();
      }
    }
    server.enqueue(response(206, "01", "Content-Range: bytes 0-1/10"));
    try (Response response = client.newCall(get("/").header("Range", "bytes=0-1")
        .header("If-Range", "\"v0\"").build()).execute()) {
      assertThat(response.networkResponse()).isNotNull();
    }
    assertThat(server.getRequestCount()).isEqualTo(ranges.length + 2);
  }

  @Test
  void staleOrEncodedResponsesDoNotAnswerRanges() throws Exception {
    server.enqueue(ok("0123456789", "Cache-Control: max-age=60", "Date: " + secondsAgo(120),
        "ETag: \"v1\""));
    server.enqueue(ok("abc", "Cache-Control: max-age=3600", "Content-Encoding: x-custom"));
    assertThat(body(get("/stale"))).isEqualTo("0123456789");
    assertThat(body(get("/encoded"))).isEqualTo("abc");

    server.enqueue(response(206, "01", "Content-Range: bytes 0-1/10"));
    server.enqueue(response(206, "ab", "Content-Range: bytes 0-1/3"));
    assertThat(body(get("/stale").header("Range", "bytes=0-1"))).isEqualTo("01");
    assertThat(body(get("/encoded").header("Range", "bytes=0-1"))).isEqualTo("ab");
    assertThat(server.getRequestCount()).isEqualTo(4);
    server.takeRequest();
    server.takeRequest();
    // The range request is passed on as it is: not made conditional by the cache.
    assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isNull();
  }

  @Test
  void partialResponsesAreNotStored() throws Exception {
    server.enqueue(response(206, "01", "Cache-Control: max-age=3600",
        "Content-Range: bytes 0-1/10"));
    server.enqueue(response(206, "01", "Cache-Control: max-age=3600",
        "Content-Range: bytes 0-1/10"));
    assertThat(body(get("/").header("Range", "bytes=0-1"))).isEqualTo("01");
    assertThat(body(get("/").header("Range", "bytes=0-1"))).isEqualTo("01");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  private void assertSlice(String range, String content, String contentRange) throws Exception {
    try (Response response = client.newCall(get("/").header("Range", range).build()).execute()) {
      assertThat(response.code()).as(range).isEqualTo(206);
      assertThat(response.message()).isEqualTo("Partial Content");
      assertThat(response.header("Content-Range")).isEqualTo(contentRange);
      assertThat(response.header("Content-Length")).isEqualTo(
          Integer.toString(content.length()));
      assertThat(response.header("X-Stored")).isEqualTo("yes");
      assertThat(response.networkResponse()).isNull();
      assertThat(response.cacheResponse()).isNotNull();
      assertThat(response.body().contentLength()).isEqualTo(content.length());
      assertThat(response.body().string()).isEqualTo(content);
    }
  }

  private Request.Builder get(String path) {
    return new Request.Builder().url(server.url(path).toString());
  }

  private String body(Request.Builder request) throws IOException {
    try (Response response = client.newCall(request.build()).execute()) {
      return response.body().string();
    }
  }
}
