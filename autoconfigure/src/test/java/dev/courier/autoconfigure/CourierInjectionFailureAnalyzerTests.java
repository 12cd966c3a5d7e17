package dev.courier.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.courier.CourierClient;
import dev.courier.Interceptor;

/** The two wiring traps get reports that say what to do. */
class CourierInjectionFailureAnalyzerTests {
  private static final AtomicReference<BeanFactory> BEAN_FACTORY = new AtomicReference<>();
  private static final AtomicReference<Environment> ENVIRONMENT = new AtomicReference<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withInitializer(context -> {
        BEAN_FACTORY.set(context.getBeanFactory());
        ENVIRONMENT.set(context.getEnvironment());
      })
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class));

  @Test
  void whenAQualifierNamesNoServiceThenTheReportListsTheServicesAndTheNearest() {
    runner.withPropertyValues("courier.services.catalog.base-url=http://catalog/",
        "courier.services.billing.base-url=http://billing/")
        .withUserConfiguration(MisspeltQualifier.class).run(context -> {
          FailureAnalysis analysis = analyze(context);
          assertThat(analysis.getDescription()).contains("qualified 'catalogue'")
              .contains("Configured services: [catalog, billing]");
          assertThat(analysis.getAction()).contains("Did you mean @Qualifier(\"catalog\")?");
        });
  }

  @Test
  void whenAnInterceptorBeanMethodSitsInAClassInjectingTheClientThenTheReportSaysMakeItStatic() {
    runner.withUserConfiguration(InterceptorBesideClient.class).run(context -> {
      FailureAnalysis analysis = analyze(context);
      assertThat(analysis.getDescription()).contains("courierClient")
          .contains("Interceptor bean 'auth' is made by a non-static @Bean method");
      assertThat(analysis.getAction()).contains("Make the @Bean method of 'auth' static")
          .contains("move it to a class that injects no Courier client");
    });
  }

  @Test
  void whenTheInterceptorBeanMethodIsStaticThenThereIsNoCycle() {
    runner.withUserConfiguration(StaticInterceptorBesideClient.class)
        .run(context -> assertThat(context).hasNotFailed());
  }

  private static FailureAnalysis analyze(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    FailureAnalysis analysis = new CourierInjectionFailureAnalyzer(BEAN_FACTORY.get(),
        ENVIRONMENT.get()).analyze(context.getStartupFailure());
    assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
    return analysis;
  }

  @Configuration(proxyBeanMethods = false)
  static class MisspeltQualifier {
    @Bean
    String user(@Qualifier("catalogue") CourierClient catalogue) {
      return "uses " + catalogue;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class InterceptorBesideClient {
    InterceptorBesideClient(CourierClient client) {
    }

    @Bean
    Interceptor auth() {
      return chain -> chain.proceed(chain.request());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class StaticInterceptorBesideClient {
    StaticInterceptorBesideClient(CourierClient client) {
    }

    @Bean
    static Interceptor auth() {
      return chain -> chain.proceed(chain.request());
    }
  }
}
