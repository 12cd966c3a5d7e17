package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.courier.autoconfigure.actuate.CourierEndpointAutoConfiguration;
import dev.courier.autoconfigure.actuate.CourierHealthContributorAutoConfiguration;
import dev.courier.autoconfigure.http.client.CourierHttpClientAutoConfiguration;
import dev.courier.autoconfigure.http.service.CourierHttpServiceClientAutoConfiguration;
import dev.courier.autoconfigure.resilience.CourierResilienceAutoConfiguration;
import dev.courier.autoconfigure.logging.CourierLoggingAutoConfiguration;
import dev.courier.autoconfigure.metrics.CourierMetricsAutoConfiguration;
import dev.courier.autoconfigure.observation.CourierObservationAutoConfiguration;

/** The generated metadata IDEs complete from, and the registrations Boot reads at start-up. */
class ConfigurationMetadataTests {
  /** One flat JSON object, as the configuration processor writes each property. */
  private static final Pattern PROPERTY = Pattern.compile("\\{[^{}]*}");

  @Test
  void whenMetadataIsGeneratedThenEveryPropertyHasADescription() throws IOException {
    List<String> properties = properties();
    assertThat(properties).hasSizeGreaterThanOrEqualTo(18);
    assertThat(properties).allSatisfy(property ->
        assertThat(property).as(property).contains("\"description\""));
    assertThat(String.join("\n", properties)).contains("\"courier.read-timeout\"")
        .contains("\"defaultValue\": \"10s\"").contains("\"courier.cache.max-size\"")
        .contains("\"defaultValue\": \"50MB\"").contains("\"courier.services\"")
        .contains("\"courier.logging.level\"").contains("\"courier.logging.redact-headers\"")
        .contains("\"courier.logging.redact-query-parameters\"")
        .contains("\"courier.logging.max-body-size\"")
        .contains("\"management.health.courier.enabled\"")
        .contains("\"courier.protocols\"").contains("\"courier.http2.ping-interval\"");
  }

  @Test
  void whenBootLoadsAutoConfigurationsThenCourierOnesAreListed() {
    List<String> candidates = new ArrayList<>();
    ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
        .forEach(candidates::add);
    assertThat(candidates).contains(CourierAutoConfiguration.class.getName(),
        CourierHttpClientAutoConfiguration.class.getName(),
        CourierHttpServiceClientAutoConfiguration.class.getName(),
        CourierResilienceAutoConfiguration.class.getName(),
        CourierObservationAutoConfiguration.class.getName(),
        CourierMetricsAutoConfiguration.class.getName(),
        CourierEndpointAutoConfiguration.class.getName(),
        CourierHealthContributorAutoConfiguration.class.getName(),
        CourierLoggingAutoConfiguration.class.getName());
  }

  @Test
  void whenBootLoadsFailureAnalyzersThenCourierOneIsRegistered() {
    // Boot's own analyzers need constructor arguments; skip those rather than fail on them.
    assertThat(SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
        .load(FailureAnalyzer.class, null,
            SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { })))
        .hasAtLeastOneElementOfType(CourierConfigurationFailureAnalyzer.class);
  }

  private List<String> properties() throws IOException {
    String json;
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String section = json.substring(json.indexOf("\"properties\""), json.indexOf("\"hints\""));
    List<String> result = new ArrayList<>();
    Matcher matcher = PROPERTY.matcher(section);
    while (matcher.find()) result.add(matcher.group());
    return result;
  }
}
