package dev.courier.autoconfigure.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.courier.CourierClient;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.autoconfigure.CourierAutoConfiguration;
import dev.courier.autoconfigure.CourierConfigurationException;
import dev.courier.autoconfigure.CourierServices;
import dev.courier.logging.LoggingInterceptor;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

@ExtendWith(OutputCaptureExtension.class)
class CourierLoggingAutoConfigurationTests {
  private static final String HEADER_SECRET = "header-secret-51be";
  private static final String COOKIE_SECRET = "cookie-secret-0c77";
  private static final String QUERY_SECRET = "query-secret-a81d";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CourierAutoConfiguration.class,
          CourierLoggingAutoConfiguration.class));

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startServer() throws IOException {
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private void callWithSecrets(CourierClient client) throws IOException {
    server.enqueue(new MockResponse.Builder()
        .addHeader("Set-Cookie", "session=" + COOKIE_SECRET)
        .addHeader("Content-Type", "text/plain")
        .body("visible body").build());
    client.newCall(new Request.Builder()
        .url(server.url("/items?token=" + QUERY_SECRET + "&page=2").toString())
        .header("X-Api-Key", HEADER_SECRET)
        .header("Authorization", "Bearer " + HEADER_SECRET)
        .build()).execute().close();
  }

  @Test
  void whenNoLevelIsSetThenNothingIsAddedToTheChain() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean(LoggingInterceptor.class);
      assertThat(context.getBean(CourierClient.class).networkInterceptors()).isEmpty();
    });
  }

  @Test
  void whenTheLevelIsNoneThenNothingIsAddedToTheChain() {
    runner.withPropertyValues("courier.logging.level=none")
        .run(context -> assertThat(context).doesNotHaveBean(LoggingInterceptor.class));
  }

  @Test
  void whenALevelIsSetThenEveryClientLogsOnTheWireWithSecretsMasked() {
    runner.withPropertyValues("courier.logging.level=body",
            "courier.logging.redact-headers=X-Api-Key",
            "courier.logging.redact-query-parameters=token",
            "courier.logging.max-body-size=1KB",
            "courier.services.catalog.base-url=" + server.url("/"))
        .run(context -> {
          LoggingInterceptor interceptor = context.getBean(LoggingInterceptor.class);
          assertThat(interceptor.level()).isEqualTo(LoggingInterceptor.Level.BODY);
          assertThat(interceptor.redactedHeaders()).containsExactly("x-api-key");
          assertThat(interceptor.redactedQueryParameters()).containsExactly("token");
          assertThat(interceptor.maxBodySize()).isEqualTo(1024);
          List<Interceptor> network = context.getBean(CourierClient.class).networkInterceptors();
          assertThat(network).last().isSameAs(interceptor);
          assertThat(context.getBean(CourierServices.class).client("catalog")
              .networkInterceptors()).contains(interceptor);

          // Same settings, recording logger: the call goes through a real client and server.
          List<String> messages = new CopyOnWriteArrayList<>();
          CourierClient.Builder builder = context.getBean(CourierClient.class).newBuilder();
          builder.networkInterceptors().clear();
          CourierClient recording = builder
              .addNetworkInterceptor(interceptor.newBuilder().logger(messages::add).build())
              .build();
          callWithSecrets(recording);
          String log = String.join("\n", messages);
          assertThat(log).contains("token=██&page=2", "X-Api-Key: ██", "Authorization: ██",
              "Set-Cookie: ██", "visible body");
          assertThat(log).doesNotContain(HEADER_SECRET, COOKIE_SECRET, QUERY_SECRET);
        });
  }

  @Test
  void whenALevelIsSetThenMessagesReachTheApplicationsLogging(CapturedOutput output) {
    runner.withPropertyValues("courier.logging.level=headers",
            "courier.logging.redact-headers=X-Api-Key",
            "courier.logging.redact-query-parameters=token")
        .run(context -> {
          callWithSecrets(context.getBean(CourierClient.class));
          assertThat(output).contains("--> GET http://", "<-- 200 OK http://",
              "X-Api-Key: ██");
          assertThat(output.toString()).doesNotContain(HEADER_SECRET, COOKIE_SECRET,
              QUERY_SECRET);
        });
  }

  @Test
  void whenTheApplicationDefinesALoggingInterceptorThenItsOwnIsUsed() {
    LoggingInterceptor own = new LoggingInterceptor.Builder().build();
    runner.withPropertyValues("courier.logging.level=basic")
        .withBean(LoggingInterceptor.class, () -> own)
        .run(context -> assertThat(context.getBean(LoggingInterceptor.class)).isSameAs(own));
  }

  @Test
  void whenARedactedNameIsBlankThenStartUpFailsNamingTheProperty() {
    runner.withPropertyValues("courier.logging.level=basic",
            "courier.logging.redact-headers[0]= ")
        .run(context -> assertThat(context).getFailure()
            .rootCause().isInstanceOf(CourierConfigurationException.class)
            .hasMessageContaining("courier.logging.redact-headers"));
  }
}
