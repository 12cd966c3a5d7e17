package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;

class BlackholeServerTest {
  @Test
  void connectsHangUntilTheTimeout() throws Exception {
    try (BlackholeServer blackhole = new BlackholeServer(); Socket socket = new Socket()) {
      assertThatThrownBy(() -> socket.connect(blackhole.address(), 300))
          .isInstanceOf(SocketTimeoutException.class);
    }
  }
}
