package dev.courier.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ProtocolException;

import com.sun.management.ThreadMXBean;

import dev.courier.Headers;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class HeadersReaderTest {
  private final Buffer source = new Buffer();
  private final HeadersReader reader = new HeadersReader(source);

  @Test
  void readsFieldsTrimmingOptionalWhitespace() throws IOException {
    source.writeUtf8("A: 1\r\nB:2\r\nC: \t three \t\r\nEmpty:\r\n\r\nrest");
    Headers headers = reader.readHeaders();
    assertThat(headers.get("A")).isEqualTo("1");
    assertThat(headers.get("B")).isEqualTo("2");
    assertThat(headers.get("C")).isEqualTo("three");
    assertThat(headers.get("Empty")).isEmpty();
    assertThat(source.readUtf8()).isEqualTo("rest");
  }

  @Test
  void joinsObsoleteLineFolding() throws IOException {
    source.writeUtf8("X: one\r\n two\r\n\tthree\r\nY: y\r\n\r\n");
    Headers headers = reader.readHeaders();
    assertThat(headers.get("X")).isEqualTo("one two three");
    assertThat(headers.get("Y")).isEqualTo("y");
  }

  @Test
  void joinsAWholeBlockOfContinuationLinesInLinearWork() throws IOException {
    StringBuilder block = new StringBuilder("X: a\r\n");
    int lines = 0;
    while (block.length() + 4 + 2 <= HeadersReader.HEADER_LIMIT) {
      block.append(" b\r\n");
      lines++;
    }
    block.append("\r\n");
    source.writeUtf8(block.toString());
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    Headers headers = reader.readHeaders();
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(headers.get("X")).hasSize(1 + 2 * lines).startsWith("a b b").endsWith("b b");
    // Copying the value joined so far for each of the ~65,000 lines would allocate about
    // lines² bytes, over 4 GB; joining once allocates a few bytes per byte read.
    assertThat(allocated).as("bytes allocated to read %s bytes", block.length())
        .isLessThan(32L * block.length());
  }

  @Test
  void refusesFoldingBeforeAnyField() {
    source.writeUtf8(" leading\r\n\r\n");
    assertThatThrownBy(reader::readHeaders).isInstanceOf(ProtocolException.class)
        .hasMessage("Unexpected continuation line before any header:  leading");
  }

  @Test
  void refusesWhitespaceBeforeTheColon() {
    source.writeUtf8("Content-Length : 5\r\n\r\n");
    assertThatThrownBy(reader::readHeaders).isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Invalid header field: Content-Length ");
  }

  @Test
  void refusesNulAndBareCr() {
    source.writeUtf8("A: x\u0000y\r\n\r\n");
    assertThatThrownBy(reader::readHeaders).isInstanceOf(ProtocolException.class)
        .hasMessage("Invalid header field: A: x\\x00y");
    Buffer bareCr = new Buffer().writeUtf8("A: x\ry\r\n\r\n");
    assertThatThrownBy(() -> new HeadersReader(bareCr).readHeaders())
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Unexpected bare CR in line: A: x\\ry");
  }

  @Test
  void refusesALineWithoutAColon() {
    source.writeUtf8("garbage\r\n\r\n");
    assertThatThrownBy(reader::readHeaders).isInstanceOf(ProtocolException.class)
        .hasMessage("Unexpected header line: garbage");
  }

  @Test
  void boundsTheWholeHeaderBlock() {
    String line = "X-Padding: " + "a".repeat(1000) + "\r\n";
    for (int i = 0; i < 300; i++) source.writeUtf8(line);
    source.writeUtf8("\r\n");
    assertThatThrownBy(reader::readHeaders).isInstanceOf(ProtocolException.class)
        .hasMessage("Response header block exceeds 262144 bytes");
  }

  @Test
  void boundsASingleHugeLine() {
    source.writeUtf8("X: " + "a".repeat(HeadersReader.HEADER_LIMIT) + "\r\n\r\n");
    assertThatThrownBy(reader::readHeaders).isInstanceOf(ProtocolException.class)
        .hasMessage("Response header block exceeds 262144 bytes");
  }

  @Test
  void theBudgetSpansEveryBlockOfTheExchange() throws IOException {
    String block = "X-Padding: " + "a".repeat(100_000) + "\r\n\r\n";
    source.writeUtf8(block).writeUtf8(block).writeUtf8(block);
    reader.readHeaders();
    reader.readHeaders();
    assertThatThrownBy(reader::readHeaders).isInstanceOf(ProtocolException.class);
  }

  @Test
  void streamEndingInsideALineIsAnEofNamingWhatArrived() {
    source.writeUtf8("A: partial");
    assertThatThrownBy(reader::readHeaders).isInstanceOf(EOFException.class)
        .hasMessageContaining("A: partial");
  }

  @Test
  void chunkSizeLinesHaveTheirOwnSmallerLimit() {
    source.writeUtf8("1;" + "x".repeat(HeadersReader.CHUNK_SIZE_LINE_LIMIT) + "\r\n");
    assertThatThrownBy(reader::readChunkSizeLine).isInstanceOf(ProtocolException.class)
        .hasMessage("Chunk size line exceeds 8192 bytes");
  }

  @Test
  void valuesRepeatedFromTheLastResponseOnTheConnectionAreReused() throws IOException {
    RecentFieldValues recent = new RecentFieldValues();
    Buffer first = new Buffer().writeUtf8(
        "Server: nginx\r\nContent-Type: text/plain\r\nX-Custom: a\r\n\r\n");
    Buffer second = new Buffer().writeUtf8(
        "Server: nginx\r\nContent-Type: text/html\r\nX-Custom: a\r\n\r\n");
    Headers one = new HeadersReader(first, recent).readHeaders();
    Headers two = new HeadersReader(second, recent).readHeaders();
    assertThat(two.get("Server")).isEqualTo("nginx").isSameAs(one.get("Server"));
    assertThat(two.get("Content-Type")).isEqualTo("text/html");
    assertThat(one.get("Content-Type")).isEqualTo("text/plain");
    assertThat(two.get("X-Custom")).isEqualTo("a");
  }

  @Test
  void reuseComparesWholeValuesNotPrefixes() throws IOException {
    RecentFieldValues recent = new RecentFieldValues();
    new HeadersReader(new Buffer().writeUtf8("Content-Length: 10\r\n\r\n"), recent)
        .readHeaders();
    Headers longer = new HeadersReader(
        new Buffer().writeUtf8("Content-Length: 100\r\n\r\n"), recent).readHeaders();
    Headers shorter = new HeadersReader(
        new Buffer().writeUtf8("Content-Length: 1\r\n\r\n"), recent).readHeaders();
    assertThat(longer.get("Content-Length")).isEqualTo("100");
    assertThat(shorter.get("Content-Length")).isEqualTo("1");
  }
}
