package dev.courier.demo.api;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.courier.CourierClient;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.autoconfigure.CourierServices;

/**
 * The front end: each endpoint calls the upstream through Courier and reports what happened. A
 * failed upstream call is answered with 502 and the report.
 */
@RestController
@RequestMapping("/api")
public class DemoController {
  private final CourierServices services;
  private final CourierClient client;
  private final CatalogApi catalogApi;
  private final RestClient restClient;

  /** Creates the controller from Courier's beans and Boot's RestClient builder. */
  public DemoController(CourierServices services, CourierClient client, CatalogApi catalogApi,
      RestClient.Builder restClientBuilder) {
    this.services = services;
    this.client = client;
    this.catalogApi = catalogApi;
    HttpUrl upstream = services.baseUrl("catalog");
    this.restClient = restClientBuilder.baseUrl(upstream != null ? upstream.toString() : "").build();
  }

  /** A catalog item through the {@code catalog} service client: cached, then revalidated. */
  @GetMapping("/catalog/{id}")
  public ResponseEntity<CallReport> catalog(@PathVariable int id) {
    return call("catalog service client", services.client("catalog"),
        services.url("catalog", "catalog/" + id));
  }

  /** The same item through the {@code @HttpExchange} interface backed by Courier. */
  @GetMapping("/interface/catalog/{id}")
  public ResponseEntity<CallReport> catalogInterface(@PathVariable int id) {
    long start = System.nanoTime();
    try {
      ResponseEntity<String> response = catalogApi.item(id);
      return ResponseEntity.ok(CallReport.of("HTTP interface", response.getStatusCode().value(),
          response.getBody(), start));
    } catch (RestClientException e) {
      return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
          .body(CallReport.failed("HTTP interface", e, start));
    }
  }

  /** A large gzip'd document through Boot's {@code RestClient}, which runs on Courier. */
  @GetMapping("/large")
  public ResponseEntity<CallReport> large() {
    long start = System.nanoTime();
    try {
      ResponseEntity<String> response = restClient.get().uri("/large").retrieve()
          .toEntity(String.class);
      String body = response.getBody();
      return ResponseEntity.ok(CallReport.of("RestClient", response.getStatusCode().value(),
          "decoded " + (body != null ? body.length() : 0) + " characters of JSON", start));
    } catch (RestClientException e) {
      return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
          .body(CallReport.failed("RestClient", e, start));
    }
  }

  /** The flaky endpoint through the {@code flaky} service, with its retry and circuit breaker. */
  @GetMapping("/flaky")
  public ResponseEntity<CallReport> flaky() {
    return call("flaky service client", services.client("flaky"),
        services.url("flaky", "flaky"));
  }

  /** The slow endpoint through the {@code slow} service, whose read timeout is shorter. */
  @GetMapping("/slow")
  public ResponseEntity<CallReport> slow() {
    return call("slow service client", services.client("slow"), services.url("slow", "slow"));
  }

  /**
   * A call to the {@code fleet} service, which has three instances: the engine picks one per
   * attempt, retries a refused or reset attempt on another and ejects an instance that keeps
   * failing. The body names the instance that answered.
   */
  @GetMapping("/fleet")
  public ResponseEntity<CallReport> fleet() {
    return call("fleet service client", services.client("fleet"), services.url("fleet", "whoami"));
  }

  /** A redirect, followed by the shared client. */
  @GetMapping("/redirect")
  public ResponseEntity<CallReport> redirect() {
    return call("shared client", client, services.url("catalog", "redirect"));
  }

  private static ResponseEntity<CallReport> call(String via, CourierClient client, HttpUrl url) {
    long start = System.nanoTime();
    Request request = new Request.Builder().url(url).build();
    try (Response response = client.newCall(request).execute()) {
      String body = response.body().string();
      CallReport report = CallReport.of(via, response, body, start);
      return response.isSuccessful() ? ResponseEntity.ok(report)
          : ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(report);
    } catch (IOException e) {
      return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(CallReport.failed(via, e, start));
    }
  }
}
