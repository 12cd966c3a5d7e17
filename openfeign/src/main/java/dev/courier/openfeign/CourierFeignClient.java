package dev.courier.openfeign;

import java.io.IOException;

import feign.Client;
import feign.Request;
import feign.Response;

import dev.courier.CourierClient;

/**
 * A {@link Client feign.Client} whose requests are Courier calls, so a Feign interface runs on a
 * Courier client: its connection pool, interceptors, cache, timeouts and (with
 * {@code courier-resilience4j}) resilience.
 *
 * <pre>{@code
 * CatalogApi catalog = Feign.builder()
 *     .client(new CourierFeignClient(courierClient))
 *     .target(CatalogApi.class, "http://catalog:8080/api");
 * }</pre>
 *
 * <p><b>Requests.</b> Method, URL and every header value are sent as Feign built them, a header
 * with several values as several header lines. {@code Content-Length} and
 * {@code Transfer-Encoding} are left to Courier, which frames the body itself. Each Courier
 * request carries the Feign request as a tag ({@code request.tag(feign.Request.class)}) and, when
 * Feign knows it, the method's URI template ({@code request.tag(UriTemplate.class)}, such as
 * {@code /items/{id}}), so metrics group calls by endpoint.
 *
 * <p><b>Responses.</b> Status, reason phrase, headers (case-insensitive, each with all its
 * values) and protocol come back as Courier received them. The body streams from the connection
 * as Feign's decoder reads it; closing the Feign response closes the Courier response and frees
 * the connection.
 *
 * <p><b>Options.</b> A timeout or redirect option of Feign's {@link Request.Options} that differs
 * from Feign's default ({@code new Request.Options()}: connect 10 s, read 60 s, follow redirects)
 * applies to that call: the call runs on a client derived from this one with
 * {@link CourierClient#newBuilder()}, which shares its pool, dispatcher and cache. An option at
 * Feign's default value leaves the Courier client's own setting, so that a client configured for
 * a service keeps its timeouts unless the Feign side asks for others.
 *
 * <p>Transport failures are {@link IOException}s from Courier (Feign retries them as its
 * {@code Retryer} says). This class does not own the client: closing it is its creator's job.
 * Thread-safe.
 */
public final class CourierFeignClient implements Client {
  private final CourierClient client;
  private final OptionsClients optionsClients;

  /** Creates a Feign client whose requests run on {@code client}. */
  public CourierFeignClient(CourierClient client) {
    if (client == null) throw new IllegalArgumentException("client == null");
    this.client = client;
    this.optionsClients = new OptionsClients(client);
  }

  /** Returns the Courier client that runs the requests. */
  public CourierClient client() {
    return client;
  }

  /**
   * Executes {@code request} on the Courier client, with {@code options} applied as the class
   * description says, and returns the response with its body still streaming.
   *
   * @throws IOException if the call fails: a connect, read or write failure, a timeout, or a
   *     refusal by the client's interceptors (such as an open circuit)
   * @throws IllegalArgumentException if the request cannot be sent as it is: a URL that is not
   *     http(s), a header value with a line break, or a body on a GET or HEAD
   */
  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    dev.courier.Request courierRequest = FeignRequests.toCourier(request);
    CourierClient callClient = optionsClients.forOptions(options);
    dev.courier.Response response = callClient.newCall(courierRequest).execute();
    return FeignResponses.toFeign(response, request);
  }

  @Override
  public String toString() {
    return "CourierFeignClient";
  }
}
