package dev.courier.autoconfigure.cloud.gateway;

import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Gateway Server MVC's proxy exchange on Courier: Gateway's own {@code RestClientProxyExchange}
 * (request and response copying, streaming) over a {@code RestClient} whose request factory sends
 * each Courier service's routes through the service's client ({@link ServiceRoutingRequestFactory}).
 *
 * <p>When the call to the upstream fails before a response arrives, the gateway's caller gets the
 * status {@link UpstreamFailures} names (504 for a timeout, 503 for an unreachable or refused
 * upstream, 502 for a broken exchange) through Spring's error handling, instead of a 500. The
 * reason names no URL: a query may hold secrets.
 */
final class CourierProxyExchange implements ProxyExchange {
  private final ProxyExchange delegate;

  CourierProxyExchange(ProxyExchange delegate) {
    this.delegate = delegate;
  }

  @Override
  public ServerResponse exchange(Request request) {
    try {
      return delegate.exchange(request);
    } catch (RuntimeException e) {
      HttpStatus status = UpstreamFailures.status(e);
      if (status == null) throw e;
      throw new ResponseStatusException(status, reason(status), e);
    }
  }

  private static String reason(HttpStatus status) {
    switch (status) {
      case GATEWAY_TIMEOUT:
        return "The upstream did not answer in time";
      case SERVICE_UNAVAILABLE:
        return "The upstream is unavailable";
      default:
        return "The upstream's answer could not be read";
    }
  }
}
