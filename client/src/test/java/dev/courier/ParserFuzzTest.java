package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.courier.internal.cache.CacheEntryReader;
import dev.courier.internal.http.StatusLine;
import dev.courier.internal.http1.HeadersReader;
import dev.courier.internal.http1.Http1ExchangeCodec;
import dev.courier.testing.RecordingCarrier;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz tests for the parsers that read bytes a peer or a disk controls. A parser may refuse its
 * input only with the checked exception its contract names ({@code IOException}, or null from
 * {@code HttpUrl.parse}); anything else it throws is a crash, and so is breaking an invariant
 * checked here (a parsed value that does not survive a round trip, a header holding a line
 * break).
 *
 * <p>In the normal test run each method replays its seed corpus from
 * {@code src/test/resources/dev/courier/ParserFuzzTestInputs/<method>/}. To fuzz one for its
 * {@code maxDuration} (see README, Reliability):
 * {@code JAZZER_FUZZ=1 ./mvnw -pl client test -Dtest='ParserFuzzTest#chunkedBody'}.
 */
class ParserFuzzTest {
  private static Path cacheEntryFile;

  @BeforeAll
  static void createCacheEntryFile() throws IOException {
    cacheEntryFile = Files.createTempFile("courier-fuzz", ".entry");
  }

  @AfterAll
  static void deleteCacheEntryFile() throws IOException {
    Files.deleteIfExists(cacheEntryFile);
  }

  /** A status line and header block, as {@link HeadersReader} reads them off a connection. */
  @FuzzTest(maxDuration = "2m")
  void statusLineAndHeaders(byte[] input) {
    HeadersReader reader = new HeadersReader(new Buffer().write(input));
    try {
      StatusLine statusLine = reader.readStatusLine();
      assertThat(statusLine.code()).isBetween(100, 599);
      Headers headers = reader.readHeaders();
      for (int i = 0; i < headers.size(); i++) {
        assertThat(headers.name(i)).isNotEmpty().doesNotContain(":", " ", "\r", "\n");
        assertThat(headers.value(i)).doesNotContain("\r", "\n", "\u0000");
      }
    } catch (IOException expected) {
      // Malformed input must be refused with an IOException, and nothing else.
    }
  }

  /** A chunked body after a fixed head, as the HTTP/1.1 codec decodes it. */
  @FuzzTest(maxDuration = "2m")
  void chunkedBody(byte[] input) {
    Buffer incoming = new Buffer()
        .writeUtf8("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        .write(input);
    RecordingCarrier carrier = new RecordingCarrier();
    Http1ExchangeCodec codec = new Http1ExchangeCodec(carrier, incoming, new Buffer());
    Request request = new Request.Builder().url("http://fuzz.test/").build();
    try {
      codec.writeRequestHeaders(request);
      Response response = codec.readResponseHeaders(false).request(request).build();
      long decoded;
      try (Source body = codec.openResponseBodySource(response)) {
        decoded = Okio.buffer(body).readAll(Okio.blackhole());
      }
      assertThat(decoded).isLessThanOrEqualTo(input.length);
      assertThat(codec.peekTrailers()).isNotNull();
    } catch (IOException expected) {
      // A malformed or truncated body fails, and the connection must not be reused.
      assertThat(carrier.noNewExchanges).isTrue();
    }
  }

  /** {@code Cache-Control} values, which come from servers and from callers. */
  @FuzzTest(maxDuration = "2m")
  void cacheControl(byte[] input) {
    String value = new String(input, StandardCharsets.ISO_8859_1);
    Headers headers;
    try {
      // Two fields, so that toString() is computed from the directives rather than echoed.
      headers = new Headers.Builder().add("Cache-Control", value).add("Cache-Control", value)
          .build();
    } catch (IllegalArgumentException notAHeaderValue) {
      return; // No connection or caller can produce such a field.
    }
    CacheControl parsed = CacheControl.parse(headers);
    CacheControl reparsed = CacheControl.parse(Headers.of("Cache-Control", parsed.toString()));
    assertThat(reparsed.toString()).isEqualTo(parsed.toString());
    assertThat(parsed.maxAgeSeconds()).isGreaterThanOrEqualTo(-1);
    assertThat(parsed.sMaxAgeSeconds()).isGreaterThanOrEqualTo(-1);
    assertThat(parsed.maxStaleSeconds()).isGreaterThanOrEqualTo(-1);
    assertThat(parsed.minFreshSeconds()).isGreaterThanOrEqualTo(-1);
    assertThat(parsed.staleWhileRevalidateSeconds()).isGreaterThanOrEqualTo(-1);
    assertThat(parsed.staleIfErrorSeconds()).isGreaterThanOrEqualTo(-1);
  }

  /** URLs: a parsed URL prints as a string that parses back to an equal URL. */
  @FuzzTest(maxDuration = "2m")
  void httpUrl(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    HttpUrl url = HttpUrl.parse(text);
    if (url == null) return;
    assertThat(url.port()).isBetween(1, 65535);
    assertThat(url.host()).isNotEmpty();
    String printed = url.toString();
    assertThat(printed).doesNotContain("\r", "\n", " ", "\t");
    HttpUrl reparsed = HttpUrl.parse(printed);
    assertThat(reparsed).as("reparsing %s", printed).isEqualTo(url);
    assertThat(reparsed.toString()).isEqualTo(printed);
  }

  /** Cache metadata files, which may be truncated, corrupted or crafted. */
  @FuzzTest(maxDuration = "2m")
  void cacheEntry(byte[] input) throws IOException {
    try {
      CacheEntryReader.readChecksummed(cacheEntryFile, input);
    } catch (IOException expected) {
      // A malformed entry is refused with an IOException; the cache then drops it.
    }
  }
}
