package dev.courier.demo.upstream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the embedded upstream misbehaves, under {@code demo.upstream}.
 *
 * @param failureRate the fraction of {@code /upstream/flaky} calls that fail with 503, 0 to 1
 * @param slowDelay how long {@code /upstream/slow} takes to answer
 * @param catalogMaxAge how long catalog items may be cached ({@code Cache-Control: max-age})
 */
@ConfigurationProperties("demo.upstream")
public record UpstreamSettings(double failureRate, Duration slowDelay, Duration catalogMaxAge) {
  /** Applies the defaults: half the flaky calls fail, slow takes 2 s, items keep 10 s. */
  public UpstreamSettings {
    if (failureRate < 0 || failureRate > 1) {
      throw new IllegalArgumentException("demo.upstream.failure-rate must be between 0 and 1: "
          + failureRate);
    }
    if (slowDelay == null) slowDelay = Duration.ofSeconds(2);
    if (catalogMaxAge == null) catalogMaxAge = Duration.ofSeconds(10);
  }
}
