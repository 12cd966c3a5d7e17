package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** {@link ConnectionPool}'s settings read back as given, for monitoring. */
class ConnectionPoolTest {

  @Test
  void settingsReadBack() {
    ConnectionPool pool = new ConnectionPool(3, Duration.ofSeconds(30));
    assertThat(pool.maxIdleConnections()).isEqualTo(3);
    assertThat(pool.keepAlive()).isEqualTo(Duration.ofSeconds(30));
    assertThat(new ConnectionPool().keepAlive()).isEqualTo(Duration.ofMinutes(5));
  }
}
