package dev.courier.demo.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The upstream the demo calls: a well-behaved catalog, a large gzip'd document, a flaky endpoint,
 * a slow one and a redirect. Each shows off one part of Courier.
 */
@RestController
@RequestMapping("/upstream")
public class UpstreamController {
  private final UpstreamSettings settings;
  private final byte[] largeGzipped;
  private final AtomicReference<Double> failureRate;

  /** Creates the upstream and its large document. */
  public UpstreamController(UpstreamSettings settings) {
    this.settings = settings;
    this.largeGzipped = gzip(largeDocument());
    this.failureRate = new AtomicReference<>(settings.failureRate());
  }

  /**
   * A catalog item with an {@code ETag} and a short {@code max-age}: the first call goes to the
   * network, calls within the max-age come from Courier's cache, later ones revalidate with
   * {@code If-None-Match} and get a 304.
   */
  @GetMapping(value = "/catalog/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> catalogItem(@PathVariable int id,
      @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
      @RequestHeader(value = "X-Request-Id", required = false) String requestId) {
    String etag = "\"item-" + id + "-v1\"";
    CacheControl cacheControl = CacheControl.maxAge(settings.catalogMaxAge());
    if (etag.equals(ifNoneMatch)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cacheControl)
          .build();
    }
    String body = "{\"id\":" + id + ",\"name\":\"Widget " + id + "\",\"price\":" + (id * 7 % 100)
        + ".99,\"requestId\":\"" + (requestId != null ? requestId : "") + "\"}";
    return ResponseEntity.ok().eTag(etag).cacheControl(cacheControl).body(body);
  }

  /** A large JSON document, gzip'd on the wire; Courier decodes it transparently. */
  @GetMapping("/large")
  public ResponseEntity<byte[]> large() {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_ENCODING, "gzip")
        .body(largeGzipped);
  }

  /** Fails with 503 for a configurable fraction of calls, to trip retries and the breaker. */
  @GetMapping("/flaky")
  public ResponseEntity<String> flaky() {
    if (ThreadLocalRandom.current().nextDouble() < failureRate.get()) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body("{\"error\":\"the flaky upstream failed, as it does\"}");
    }
    return ResponseEntity.ok("{\"ok\":true}");
  }

  /** Returns the fraction of flaky calls that fail now. */
  @GetMapping("/flaky/failure-rate")
  public double failureRate() {
    return failureRate.get();
  }

  /** Changes the fraction of flaky calls that fail, so the page can break and heal the upstream. */
  @PutMapping("/flaky/failure-rate")
  public double failureRate(@RequestParam double value) {
    if (value < 0 || value > 1) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "failure rate must be between 0 and 1: " + value);
    }
    failureRate.set(value);
    return value;
  }

  /** Answers only after a delay, longer than the slow service's read timeout. */
  @GetMapping("/slow")
  public String slow() throws InterruptedException {
    Thread.sleep(settings.slowDelay().toMillis()); // The upstream being slow is the point.
    return "{\"slow\":true}";
  }

  /** Redirects to a catalog item; Courier follows it. */
  @GetMapping("/redirect")
  public ResponseEntity<Void> redirect() {
    return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION,
        "/upstream/catalog/1").build();
  }

  private static String largeDocument() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 1; i <= 2000; i++) {
      if (i > 1) json.append(',');
      json.append("{\"id\":").append(i).append(",\"sku\":\"SKU-").append(100000 + i)
          .append("\",\"description\":\"Item ").append(i)
          .append(" of the catalog, described at some length so that it compresses well.\"}");
    }
    return json.append(']').toString();
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
