package dev.courier.openfeign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import feign.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.courier.CourierClient;

/** Which client a call with Feign's options runs on. */
class OptionsClientsTest {
  private final CourierClient base = new CourierClient.Builder()
      .connectTimeout(Duration.ofSeconds(2))
      .readTimeout(Duration.ofSeconds(3))
      .followRedirects(false)
      .build();
  private final OptionsClients clients = new OptionsClients(base);

  @AfterEach
  void close() {
    base.close();
  }

  @Test
  void feignsDefaultOptionsRunOnTheBaseClient() {
    assertThat(clients.forOptions(new Request.Options())).isSameAs(base);
    assertThat(clients.keptCount()).isZero();
  }

  @Test
  void optionsEqualToTheBaseClientsSettingsRunOnIt() {
    assertThat(clients.forOptions(new Request.Options(Duration.ofSeconds(2),
        Duration.ofSeconds(3), false))).isSameAs(base);
  }

  @Test
  void otherOptionsRunOnADerivedClientThatSharesThePoolDispatcherAndCache() {
    CourierClient derived = clients.forOptions(
        new Request.Options(1234, TimeUnit.MILLISECONDS, 5678, TimeUnit.MILLISECONDS, true));

    // Redirects: Feign's default (follow) keeps the base client's own (don't follow).
    assertThat(derived.connectTimeoutMillis()).isEqualTo(1234);
    assertThat(derived.readTimeoutMillis()).isEqualTo(5678);
    assertThat(derived.followRedirects()).isFalse();
    assertThat(derived.connectionPool()).isSameAs(base.connectionPool());
    assertThat(derived.dispatcher()).isSameAs(base.dispatcher());
    assertThat(derived.cache()).isSameAs(base.cache());
  }

  @Test
  void aTimeoutAtFeignsDefaultKeepsTheBaseClientsWhileTheOtherApplies() {
    CourierClient derived = clients.forOptions(
        new Request.Options(Duration.ofSeconds(10), Duration.ofMillis(250), true));

    assertThat(derived.connectTimeoutMillis()).isEqualTo(2000);
    assertThat(derived.readTimeoutMillis()).isEqualTo(250);
  }

  @Test
  void theSameOptionsReuseOneDerivedClient() {
    CourierClient first = clients.forOptions(
        new Request.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), true));
    CourierClient second = clients.forOptions(
        new Request.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), true));

    assertThat(second).isSameAs(first);
    assertThat(clients.keptCount()).isEqualTo(1);
  }

  @Test
  void everNewOptionsAreNotKeptBeyondTheLimit() {
    for (int i = 1; i <= OptionsClients.MAX_KEPT + 10; i++) {
      CourierClient derived = clients.forOptions(
          new Request.Options(Duration.ofMillis(i), Duration.ofSeconds(1), true));
      assertThat(derived.connectTimeoutMillis()).isEqualTo(i);
    }

    assertThat(clients.keptCount()).isEqualTo(OptionsClients.MAX_KEPT);
  }

  @Test
  void aTimeoutUnderAMillisecondIsOneNotNone() {
    CourierClient derived = clients.forOptions(
        new Request.Options(500, TimeUnit.MICROSECONDS, 1, TimeUnit.SECONDS, true));

    assertThat(derived.connectTimeoutMillis()).isEqualTo(1);
  }
}
