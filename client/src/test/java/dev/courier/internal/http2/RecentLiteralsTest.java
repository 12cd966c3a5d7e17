package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** Literals a server repeats on every response are decoded once, and never confused. */
class RecentLiteralsTest {
  /** A header block of one literal field without indexing, with a new name, not Huffman-coded. */
  private static Buffer block(String name, String value) {
    return new Buffer().write(ByteString.decodeHex(ScriptedPeer.literals(name, value)));
  }

  @Test
  void aRepeatedLiteralDecodesToTheSameString() throws Exception {
    HpackDecoder decoder = new HpackDecoder(4096, 64 * 1024);
    decoder.decode(block("server", "nginx/1.22.1"));
    String first = decoder.value(0);
    decoder.decode(block("server", "nginx/1.22.1"));
    assertThat(decoder.value(0)).isEqualTo("nginx/1.22.1").isSameAs(first);
    assertThat(decoder.name(0)).isEqualTo("server");

    decoder.decode(block("server", "nginx/1.22.2"));
    assertThat(decoder.value(0)).isEqualTo("nginx/1.22.2");
  }

  @Test
  void theSameOctetsWithOtherCodingOrCharsetAreNotConfused() {
    RecentLiterals recent = new RecentLiterals();
    byte[] octets = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    recent.remember(octets, 0, octets.length, 0, "as raw latin-1", 4);
    assertThat(recent.find(octets, 0, octets.length, 0)).isEqualTo("as raw latin-1");
    assertThat(recent.lastDecodedLength()).isEqualTo(4);
    assertThat(recent.find(octets, 0, octets.length, 1)).as("Huffman-coded").isNull();
    assertThat(recent.find(octets, 0, octets.length, 2)).as("UTF-8").isNull();
    assertThat(recent.find(octets, 1, octets.length - 1, 0)).as("other octets").isNull();
  }

  @Test
  void longLiteralsAreNotKept() {
    RecentLiterals recent = new RecentLiterals();
    byte[] octets = new byte[RecentLiterals.MAX_ENCODED_LENGTH + 1];
    recent.remember(octets, 0, octets.length, 0, "long", octets.length);
    assertThat(recent.find(octets, 0, octets.length, 0)).isNull();
  }
}
