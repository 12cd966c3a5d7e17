package dev.courier.autoconfigure.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.ResourceAccessException;

import dev.courier.NoInstanceAvailableException;
import dev.courier.resilience4j.BulkheadRejectedException;
import dev.courier.resilience4j.CircuitOpenException;

/** The status a gateway answers with for each way the call to its upstream can fail. */
class UpstreamFailuresTest {

  /** As RestClient reports a failed exchange. */
  private static RuntimeException restClient(IOException failure) {
    return new ResourceAccessException("I/O error on GET request", failure);
  }

  @Test
  void timeoutsAre504() {
    assertThat(UpstreamFailures.status(restClient(
        new SocketTimeoutException("Read timed out after 300 ms (readTimeout)"))))
        .isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    assertThat(UpstreamFailures.status(restClient(
        new SocketTimeoutException("Connect timed out after 10000 ms (connectTimeout)"))))
        .isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    assertThat(UpstreamFailures.status(restClient(
        new InterruptedIOException("Call timed out after 2000 ms (callTimeout)"))))
        .isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
  }

  @Test
  void anUnreachableOrRefusedUpstreamIs503() {
    assertThat(UpstreamFailures.status(restClient(new ConnectException("Connection refused"))))
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(UpstreamFailures.status(restClient(new NoRouteToHostException())))
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(UpstreamFailures.status(restClient(new UnknownHostException("catalog"))))
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(UpstreamFailures.status(restClient(
        new NoInstanceAvailableException("catalog", "every instance of catalog is ejected"))))
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(UpstreamFailures.status(restClient(
        new CircuitOpenException("catalog", "catalog", "OPEN", null))))
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(UpstreamFailures.status(restClient(
        new BulkheadRejectedException("catalog", "catalog", 10, Duration.ZERO))))
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
  }

  @Test
  void aBrokenExchangeIs502() {
    assertThat(UpstreamFailures.status(restClient(new IOException("Connection reset"))))
        .isEqualTo(HttpStatus.BAD_GATEWAY);
    assertThat(UpstreamFailures.status(restClient(
        new ProtocolException("Unexpected status line: SSH-2.0"))))
        .isEqualTo(HttpStatus.BAD_GATEWAY);
  }

  @Test
  void whatIsNotAFailureOfTheUpstreamGetsNoStatus() {
    assertThat(UpstreamFailures.status(new IllegalStateException("a bug"))).isNull();
    assertThat(UpstreamFailures.status(restClient(new InterruptedIOException("interrupted"))))
        .isNull();
  }
}
