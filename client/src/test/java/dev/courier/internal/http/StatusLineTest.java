package dev.courier.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;

import dev.courier.Protocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StatusLineTest {
  @Test
  void parsesVersionCodeAndMessage() throws ProtocolException {
    assertThat(StatusLine.parse("HTTP/1.1 200 OK"))
        .isEqualTo(new StatusLine(Protocol.HTTP_1_1, 200, "OK"));
    assertThat(StatusLine.parse("HTTP/1.0 404 Not Found"))
        .isEqualTo(new StatusLine(Protocol.HTTP_1_0, 404, "Not Found"));
    assertThat(StatusLine.parse("HTTP/1.1 204"))
        .isEqualTo(new StatusLine(Protocol.HTTP_1_1, 204, ""));
    assertThat(StatusLine.parse("HTTP/1.1 200 "))
        .isEqualTo(new StatusLine(Protocol.HTTP_1_1, 200, ""));
    assertThat(StatusLine.parse("HTTP/1.1 500 Internal\tServer Error"))
        .isEqualTo(new StatusLine(Protocol.HTTP_1_1, 500, "Internal\tServer Error"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "HTTP/1.1", "HTTP/1.1 20", "HTTP/1.1 2000 OK", "HTTP/1.1 abc OK",
      "HTTP/1.2 200 OK", "HTTP/2.0 200 OK", "http/1.1 200 OK", "HTTP/1.1  200 OK",
      "HTTP/1.1 200OK", "ICY 200 OK", "HTTP/1.1 200 O\u0000K", "HTTP/1.1 -20 OK"})
  void refusesMalformedLines(String line) {
    assertThatThrownBy(() -> StatusLine.parse(line))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Unexpected status line");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1.1 000 Zero", "HTTP/1.1 099 Low", "HTTP/1.1 600 High",
      "HTTP/1.1 999 Max"})
  void refusesCodesOutsideTheRange(String line) {
    assertThatThrownBy(() -> StatusLine.parse(line))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Unexpected status code");
  }

  @Test
  void escapesControlCharactersInMessages() {
    assertThatThrownBy(() -> StatusLine.parse("HTTP/1.1 200 evil\u001b[31m"))
        .hasMessage("Unexpected status line: HTTP/1.1 200 evil\\x1b[31m");
  }
}
