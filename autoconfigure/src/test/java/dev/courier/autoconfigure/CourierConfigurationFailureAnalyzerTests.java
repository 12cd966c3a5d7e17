package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

import dev.courier.Interceptor;

/** Each invalid configuration stops start-up with an analysis naming property, value and fix. */
class CourierConfigurationFailureAnalyzerTests {
  /** The environment of the last context, kept because a failed context gives none. */
  private static final AtomicReference<Environment> ENVIRONMENT = new AtomicReference<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withInitializer(context -> ENVIRONMENT.set(context.getEnvironment()))
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class));

  @Test
  void whenTimeoutIsNegativeThenStartUpFailsNamingPropertyValueAndFix() {
    runner.withPropertyValues("courier.read-timeout=-1s").run(context -> {
      FailureAnalysis analysis = analyze(context);
      assertThat(analysis.getDescription()).contains("Property: courier.read-timeout")
          .contains("Value: '-1s'").contains("must not be negative");
      assertThat(analysis.getAction()).contains("Set courier.read-timeout to 0")
          .contains("positive duration");
    });
  }

  @Test
  void whenServiceTimeoutIsNegativeThenStartUpFailsNamingTheServiceProperty() {
    runner.withPropertyValues("courier.services.catalog.call-timeout=-5ms").run(context ->
        assertThat(analyze(context).getDescription())
            .contains("Property: courier.services.catalog.call-timeout"));
  }

  @Test
  void whenAServiceIsNamedDefaultThenStartUpFailsBecauseTheSharedClientHasThatName() {
    runner.withPropertyValues("courier.services.default.base-url=http://localhost/").run(context -> {
      FailureAnalysis analysis = analyze(context);
      assertThat(analysis.getDescription()).contains("Property: courier.services.default")
          .contains("reserved for the shared client");
      assertThat(analysis.getAction()).contains("another name");
    });
  }

  @Test
  void whenBaseUrlIsNotAnAbsoluteHttpUrlThenStartUpFailsNamingIt() {
    runner.withPropertyValues("courier.services.catalog.base-url=catalog:8080/api").run(context -> {
      FailureAnalysis analysis = analyze(context);
      assertThat(analysis.getDescription())
          .contains("Property: courier.services.catalog.base-url")
          .contains("Value: 'catalog:8080/api'")
          .contains("absolute http or https URL");
      assertThat(analysis.getAction()).contains("http://catalog:8080/api");
    });
  }

  @Test
  void whenCacheDirectoryCannotBeCreatedThenStartUpFailsNamingIt(@TempDir Path temp)
      throws IOException {
    // A directory below a regular file cannot be created, whoever runs the test (even root).
    Path file = Files.writeString(temp.resolve("not-a-directory"), "x");
    Path directory = file.resolve("cache");
    runner.withPropertyValues("courier.cache.enabled=true", "courier.cache.directory=" + directory)
        .run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription()).contains("Property: courier.cache.directory")
              .contains("Value: '" + directory + "'").contains("cannot be created");
          assertThat(analysis.getAction()).contains("courier.cache.enabled to false");
        });
  }

  @Test
  void whenCacheIsEnabledWithoutDirectoryThenStartUpFailsNamingIt() {
    runner.withPropertyValues("courier.cache.enabled=true").run(context -> {
      FailureAnalysis analysis = analyze(context);
      assertThat(analysis.getDescription()).contains("Property: courier.cache.directory")
          .contains("Value: (not set)");
    });
  }

  @Test
  void whenInterceptorNamesUnknownServiceThenStartUpFailsNamingServiceAndBean() {
    runner.withUserConfiguration(MisspelledScopeConfiguration.class)
        .withPropertyValues("courier.services.catalog.base-url=http://catalog/")
        .run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription()).contains("Property: courier.services.catalgo")
              .contains("Interceptor bean 'auth'").contains("configured services: [catalog]");
          assertThat(analysis.getAction()).contains("courier.services.catalgo.base-url")
              .contains("@CourierService on bean 'auth'");
        });
  }

  @Test
  void whenDispatcherLimitIsZeroThenStartUpFailsNamingIt() {
    runner.withPropertyValues("courier.dispatcher.max-requests=0").run(context ->
        assertThat(analyze(context).getDescription())
            .contains("Property: courier.dispatcher.max-requests").contains("Value: '0'"));
  }

  @Test
  void whenUserAgentHasLineBreakThenStartUpFailsNamingIt() {
    runner.withPropertyValues("courier.user-agent=a\nb").run(context ->
        assertThat(analyze(context).getAction()).contains("courier.user-agent"));
  }

  @Test
  void whenValueIsBadThenTheReportShowsItAsWrittenAndWhereItWasWritten() {
    runner.withInitializer(context -> {
      try {
        context.getEnvironment().getPropertySources().addFirst(new YamlPropertySourceLoader()
            .load("application.yml", new ClassPathResource("negative-timeout.yml", getClass()))
            .get(0));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).run(context -> {
      FailureAnalysis analysis = analyze(context);
      assertThat(analysis.getDescription())
          .contains("Property: courier.services.catalog.read-timeout")
          .contains("Value: '-1s'")
          .containsPattern("Origin: class path resource \\[.*negative-timeout.yml] - 4:21");
    });
  }

  @Test
  void whenSharedKeyIsMisspeltThenStartUpFailsNamingItAndTheNearestKey() {
    runner.withPropertyValues("courier.read-timout=-1s").run(context -> {
      FailureAnalysis analysis = analyzeUnknown(context);
      assertThat(analysis.getDescription()).contains("Property: courier.read-timout")
          .contains("Value: '-1s'").contains("Did you mean: courier.read-timeout");
      assertThat(analysis.getAction()).contains("courier.read-timout -> courier.read-timeout");
    });
  }

  @Test
  void whenServiceKeyIsMisspeltThenStartUpFailsNamingItInTheServicesTerms() {
    runner.withPropertyValues("courier.services.x.base-url=http://x/",
        "courier.services.x.read-timout=2s").run(context ->
        assertThat(analyzeUnknown(context).getDescription())
            .contains("Property: courier.services.x.read-timout")
            .contains("Did you mean: courier.services.x.read-timeout"));
  }

  @Test
  void whenResilienceKeyIsMisspeltThenStartUpFailsNamingTheNearestKey() {
    runner.withPropertyValues("courier.services.catalog.resilience.circuit-breakr.enabled=true")
        .run(context -> assertThat(analyzeUnknown(context).getDescription())
            .contains("Property: courier.services.catalog.resilience.circuit-breakr.enabled")
            .contains("Did you mean: "
                + "courier.services.catalog.resilience.circuit-breaker.enabled"));
  }

  @Test
  void whenUnknownKeysAreNotCouriersThenBootsOwnAnalysisApplies() {
    UnboundConfigurationPropertiesException other = new UnboundConfigurationPropertiesException(
        new java.util.TreeSet<>(java.util.Set.of(new ConfigurationProperty(
            ConfigurationPropertyName.of("spring.foo"), "x", null))));
    assertThat(new CourierUnknownPropertyFailureAnalyzer().analyze(other)).isNull();
  }

  private static FailureAnalysis analyzeUnknown(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis analysis =
        new CourierUnknownPropertyFailureAnalyzer().analyze(context.getStartupFailure());
    assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
    return analysis;
  }

  private static FailureAnalysis analyze(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis analysis = new CourierConfigurationFailureAnalyzer(ENVIRONMENT.get())
        .analyze(context.getStartupFailure());
    assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
    return analysis;
  }

  @Configuration(proxyBeanMethods = false)
  static class MisspelledScopeConfiguration {
    @Bean
    @CourierService("catalgo")
    Interceptor auth() {
      return chain -> chain.proceed(chain.request());
    }
  }
}
