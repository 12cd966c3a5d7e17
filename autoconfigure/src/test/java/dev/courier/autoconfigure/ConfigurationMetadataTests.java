package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import dev.courier.autoconfigure.actuate.CourierEndpointAutoConfiguration;
import dev.courier.autoconfigure.actuate.CourierHealthContributorAutoConfiguration;
import dev.courier.autoconfigure.cloud.discovery.CourierDiscoveryAutoConfiguration;
import dev.courier.autoconfigure.http.client.CourierHttpClientAutoConfiguration;
import dev.courier.autoconfigure.http.service.CourierHttpServiceClientAutoConfiguration;
import dev.courier.autoconfigure.http.service.CourierServiceRestClientAutoConfiguration;
import dev.courier.autoconfigure.logging.CourierLoggingAutoConfiguration;
import dev.courier.autoconfigure.metrics.CourierMetricsAutoConfiguration;
import dev.courier.autoconfigure.observation.CourierObservationAutoConfiguration;
import dev.courier.autoconfigure.resilience.CourierResilienceAutoConfiguration;

/**
 * The metadata IDEs complete from, the README's configuration reference made from it, and the
 * registrations Boot reads at start-up. The generated parts are checked against the properties
 * classes: run with {@code -Dcourier.metadata.write=true} to rewrite them after changing a setting.
 */
class ConfigurationMetadataTests {
  private static final Path ADDITIONAL =
      Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");
  private static final Path README = Path.of("../README.md");
  private static final boolean WRITE = Boolean.getBoolean("courier.metadata.write");

  @Test
  void whenPropertiesClassesChangeThenGeneratedMetadataFollows() throws IOException {
    String expected = GeneratedMetadata.read().json();
    if (WRITE) Files.writeString(ADDITIONAL, expected);
    assertThat(Files.readString(ADDITIONAL)).as("%s is out of date: run ./mvnw -pl autoconfigure "
        + "-am test -Dtest=ConfigurationMetadataTests -Dsurefire.failIfNoSpecifiedTests=false "
        + "-Dcourier.metadata.write=true, then rebuild", ADDITIONAL).isEqualTo(expected);
  }

  @Test
  void whenMetadataIsBuiltThenEveryServiceKeyHasADescriptionAndItsDefault() throws IOException {
    Map<String, Map<String, Object>> properties = builtProperties();
    List<String> serviceKeys = properties.keySet().stream()
        .filter(name -> name.startsWith("courier.services.*.")).toList();
    assertThat(serviceKeys).contains("courier.services.*.base-url",
        "courier.services.*.read-timeout", "courier.services.*.default-headers",
        "courier.services.*.ssl.bundle", "courier.services.*.proxy.host",
        "courier.services.*.protocols", "courier.services.*.http2.ping-interval",
        "courier.services.*.pool.max-idle-connections",
        "courier.services.*.dispatcher.max-requests-per-host", "courier.services.*.cache.enabled",
        "courier.services.*.sensitive-headers",
        "courier.services.*.resilience.circuit-breaker.enabled",
        "courier.services.*.resilience.retry.budget.ratio", "courier.services.*.instances",
        "courier.services.*.discovery.refresh-interval",
        "courier.services.*.load-balancing.policy",
        "courier.services.*.outlier-detection.consecutive5xx",
        "courier.services.*.outlier-detection.base-ejection-time",
        "courier.services.*.hedging.budget-percent");
    assertThat(serviceKeys).allSatisfy(name -> assertThat(properties.get(name))
        .as(name).containsKeys("type", "description"));
    // A service inherits courier.*, so its default is the shared client's.
    assertThat(properties.get("courier.services.*.read-timeout"))
        .containsEntry("defaultValue", "10s");
    assertThat(properties.get("courier.services.*.resilience.retry.max-retry-after"))
        .containsEntry("defaultValue", "5s");
    // The engine's defaults, Envoy's, for a service with several instances.
    assertThat(properties.get("courier.services.*.load-balancing.policy"))
        .containsEntry("defaultValue", "least-request");
    assertThat(properties.get("courier.services.*.outlier-detection.consecutive5xx"))
        .containsEntry("defaultValue", 5);
    assertThat(properties.get("courier.services.*.outlier-detection.base-ejection-time"))
        .containsEntry("defaultValue", "30s");
    assertThat(properties.get("courier.services.*.hedging.budget-percent"))
        .containsEntry("defaultValue", 10);
    // Every setting a service has, the shared client has too, and the other way round.
    for (String key : serviceKeys) {
      String shared = "courier." + key.substring("courier.services.*.".length());
      if (key.endsWith("base-url") || key.contains(".resilience.")) continue;
      if (key.endsWith(".instances") || key.contains(".discovery.")
          || key.contains(".load-balancing.") || key.contains(".outlier-detection.")
          || key.contains(".hedging.")) {
        continue; // Settings of a service with several instances: a service's alone.
      }
      assertThat(properties).as(shared).containsKey(shared);
    }
  }

  @Test
  void whenMetadataIsBuiltThenEverySharedKeyHasADescriptionAndTheEngineDefault()
      throws IOException {
    Map<String, Map<String, Object>> properties = builtProperties();
    assertThat(properties.keySet().stream().filter(name -> name.startsWith("courier.")))
        .hasSizeGreaterThan(60)
        .allSatisfy(name -> assertThat(properties.get(name)).as(name)
            .containsKey("description"));
    assertThat(properties.get("courier.read-timeout")).containsEntry("defaultValue", "10s");
    assertThat(properties.get("courier.pool.keep-alive")).containsEntry("defaultValue", "5m");
    assertThat(properties.get("courier.cache.max-size")).containsEntry("defaultValue", "50MB");
    assertThat(properties.get("courier.follow-redirects")).containsEntry("defaultValue", true);
    assertThat(properties.get("courier.protocols")).containsKey("description");
    assertThat(properties.get("courier.http2.ping-interval")).containsEntry("defaultValue", "0s");
    // IDEs complete courier.services.<name>.* by following this type into the value class.
    assertThat(properties.get("courier.services")).containsEntry("type",
        "java.util.Map<java.lang.String,dev.courier.autoconfigure.CourierServiceProperties>");
  }

  @Test
  void whenReadmeListsTheSettingsThenItListsEveryKeyOfTheMetadata() throws IOException {
    String readme = Files.readString(README);
    String table = ReadmeTable.render(builtProperties());
    String updated = ReadmeTable.replace(readme, table);
    if (WRITE) Files.writeString(README, updated);
    assertThat(readme).as("the README's configuration reference is out of date: run with "
        + "-Dcourier.metadata.write=true").isEqualTo(updated);
  }

  @Test
  void whenReadmeShowsTheStarterDependencyThenItIsThisVersionAndEveryCodeFenceCloses()
      throws IOException {
    String readme = Files.readString(README);
    String pom = Files.readString(Path.of("pom.xml"));
    String version = pom.substring(pom.indexOf("<version>", pom.indexOf("<parent>")) + 9,
        pom.indexOf("</version>", pom.indexOf("<parent>")));
    assertThat(readme).contains("<artifactId>courier-spring-boot-starter</artifactId>\n  <version>"
        + version + "</version>").contains("./mvnw -q install -DskipTests");
    // An unclosed fence turns the rest of the page into code.
    assertThat(readme.lines().filter(line -> line.startsWith("```")).count() % 2).isZero();
  }

  @Test
  void whenBootLoadsAutoConfigurationsThenCourierOnesAreListed() {
    List<String> candidates = new ArrayList<>();
    ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
        .forEach(candidates::add);
    assertThat(candidates).contains(CourierAutoConfiguration.class.getName(),
        CourierHttpClientAutoConfiguration.class.getName(),
        CourierHttpServiceClientAutoConfiguration.class.getName(),
        CourierServiceRestClientAutoConfiguration.class.getName(),
        CourierResilienceAutoConfiguration.class.getName(),
        CourierObservationAutoConfiguration.class.getName(),
        CourierMetricsAutoConfiguration.class.getName(),
        CourierEndpointAutoConfiguration.class.getName(),
        CourierHealthContributorAutoConfiguration.class.getName(),
        CourierLoggingAutoConfiguration.class.getName(),
        CourierDiscoveryAutoConfiguration.class.getName());
  }

  @Test
  void whenBootLoadsFailureAnalyzersThenCourierOnesAreRegistered() {
    // As Boot does, offer the bean factory and environment to the analyzers' constructors.
    SpringFactoriesLoader.ArgumentResolver arguments = SpringFactoriesLoader.ArgumentResolver
        .of(Environment.class, new StandardEnvironment())
        .and(BeanFactory.class, new DefaultListableBeanFactory());
    assertThat(SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
        .load(FailureAnalyzer.class, arguments,
            SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { })))
        .hasAtLeastOneElementOfType(CourierConfigurationFailureAnalyzer.class)
        .hasAtLeastOneElementOfType(CourierUnknownPropertyFailureAnalyzer.class)
        .hasAtLeastOneElementOfType(CourierInjectionFailureAnalyzer.class);
  }

  /** Returns the properties of the built metadata, by name. */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> builtProperties() throws IOException {
    String json;
    try (InputStream in = ConfigurationMetadataTests.class.getClassLoader()
        .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Map<String, Object>> result = new LinkedHashMap<>();
    for (Object property : (List<Object>) JsonParserFactory.getJsonParser().parseMap(json)
        .get("properties")) {
      Map<String, Object> map = (Map<String, Object>) property;
      result.put((String) map.get("name"), map);
    }
    return result;
  }
}
