package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProtocolException;

import dev.courier.testing.RawServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed responses through the whole engine: the caller gets a clear exception, and the
 * connection that carried the bad bytes is discarded, never pooled.
 */
class MalformedResponseTest {
  private RawServer server;
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server = new RawServer();
    client = new CourierClient();
  }

  @AfterEach
  void tearDown() throws IOException {
    client.close();
    server.close();
  }

  private Response get() throws IOException {
    return client.newCall(new Request.Builder().url(server.url("/")).build()).execute();
  }

  private void assertConnectionDiscardedAndNextCallWorks() throws IOException {
    assertThat(client.connectionPool().connectionCount()).isZero();
    server.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    try (Response response = get()) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
    assertThat(server.connectionCount()).isEqualTo(2);
  }

  @Test
  void badStatusLine() throws IOException {
    server.enqueue("HTTP/1.1 two hundred OK\r\n\r\n");
    assertThatThrownBy(this::get).isInstanceOf(ProtocolException.class)
        .hasMessage("Unexpected status line: HTTP/1.1 two hundred OK");
    assertConnectionDiscardedAndNextCallWorks();
  }

  @Test
  void badHeaderLine() throws IOException {
    server.enqueue("HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n");
    assertThatThrownBy(this::get).isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Invalid header field: Bad Header");
    assertConnectionDiscardedAndNextCallWorks();
  }

  @Test
  void badChunkSize() throws IOException {
    server.enqueue("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n");
    try (Response response = get()) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(ProtocolException.class)
          .hasMessage("Expected a chunk size but was \"xyz\"");
    }
    assertConnectionDiscardedAndNextCallWorks();
  }

  @Test
  void missingCrlfAfterChunk() throws IOException {
    server.enqueue("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc0\r\n\r\n");
    try (Response response = get()) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(ProtocolException.class)
          .hasMessage("Expected CRLF after chunk data but was 0x30");
    }
    assertConnectionDiscardedAndNextCallWorks();
  }

  @Test
  void bodyShorterThanContentLength() throws IOException {
    server.enqueueAndClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    try (Response response = get()) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(ProtocolException.class)
          .hasMessage("unexpected end of stream: expected 10 bytes of body but received 3");
    }
    assertConnectionDiscardedAndNextCallWorks();
  }

  @Test
  void conflictingContentLengths() throws IOException {
    server.enqueue("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabc");
    assertThatThrownBy(this::get).isInstanceOf(ProtocolException.class)
        .hasMessage("Conflicting Content-Length values: 3, 30");
    assertConnectionDiscardedAndNextCallWorks();
  }

  @Test
  void serverClosingWithoutAResponse() throws IOException {
    server.enqueueAndClose("");
    assertThatThrownBy(this::get).isInstanceOf(IOException.class)
        .hasMessageStartingWith("unexpected end of stream on http://127.0.0.1:");
    assertConnectionDiscardedAndNextCallWorks();
  }

  @Test
  void tooManyInterimResponses() throws IOException {
    server.enqueue("HTTP/1.1 102 Processing\r\n\r\n".repeat(40)
        + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assertThatThrownBy(this::get).isInstanceOf(ProtocolException.class)
        .hasMessage("Too many interim (1xx) responses: more than 32");
    assertConnectionDiscardedAndNextCallWorks();
  }

  @Test
  void statusCodeOutOfRange() throws IOException {
    server.enqueue("HTTP/1.1 700 Whatever\r\nContent-Length: 0\r\n\r\n");
    assertThatThrownBy(this::get).isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Unexpected status code 700");
    assertConnectionDiscardedAndNextCallWorks();
  }
}
