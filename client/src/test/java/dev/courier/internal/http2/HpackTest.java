package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/**
 * HPACK (RFC 7541) on bytes: every example of Appendix C, decoded and, where this encoder makes
 * the same choices as the RFC's, encoded byte for byte; then the limits a hostile peer probes.
 */
class HpackTest {
  private static final String DATE_21 = "Mon, 21 Oct 2013 20:13:21 GMT";
  private static final String DATE_22 = "Mon, 21 Oct 2013 20:13:22 GMT";
  private static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

  private final HpackDecoder decoder = new HpackDecoder(4096, 256 * 1024);

  // C.1: integer representation.

  @Test
  void c1IntegerEncoding() {
    Buffer out = new Buffer();
    HpackEncoder.writeInt(out, 10, 0x1f, 0xe0);
    assertThat(out.readByteString().hex()).isEqualTo("ea");
    HpackEncoder.writeInt(out, 1337, 0x1f, 0xe0);
    assertThat(out.readByteString().hex()).isEqualTo("ff9a0a");
    HpackEncoder.writeInt(out, 42, 0xff, 0x00);
    assertThat(out.readByteString().hex()).isEqualTo("2a");
  }

  @Test
  void c1IntegerDecoding() throws Exception {
    decode("2a"); // A table size update of 10 with a 5-bit prefix: 001 01010.
    assertThat(decoder.table().maxSize()).isEqualTo(10);
    decode("3f9a0a"); // 1337: prefix 31, then 154, then 10.
    assertThat(decoder.table().maxSize()).isEqualTo(1337);
  }

  // C.2: header field representations.

  @Test
  void c21LiteralWithIndexing() throws Exception {
    String block = "400a637573746f6d2d6b65790d637573746f6d2d686561646572";
    assertThat(decode(block)).containsExactly("custom-key", "custom-header");
    assertThat(decoder.table().count()).isEqualTo(1);
    assertThat(decoder.table().size()).isEqualTo(55);
    assertThat(encode(new HpackEncoder(false, 4096), "custom-key", "custom-header"))
        .isEqualTo(block);
  }

  @Test
  void c22LiteralWithoutIndexing() throws Exception {
    String block = "040c2f73616d706c652f70617468";
    assertThat(decode(block)).containsExactly(":path", "/sample/path");
    assertThat(decoder.table().count()).isZero();
    assertThat(encode(new HpackEncoder(false, 4096), ":path", "/sample/path")).isEqualTo(block);
  }

  @Test
  void c23LiteralNeverIndexed() throws Exception {
    assertThat(decode("100870617373776f726406736563726574"))
        .containsExactly("password", "secret");
    assertThat(decoder.table().count()).isZero();
  }

  @Test
  void c24IndexedField() throws Exception {
    assertThat(decode("82")).containsExactly(":method", "GET");
    assertThat(decoder.table().count()).isZero();
    assertThat(encode(new HpackEncoder(false, 4096), ":method", "GET")).isEqualTo("82");
  }

  // C.3 and C.4: three requests on one connection, without and with Huffman coding.

  @Test
  void c3RequestsWithoutHuffman() throws Exception {
    requests(false, new String[] {
        "828684410f7777772e6578616d706c652e636f6d",
        "828684be58086e6f2d6361636865",
        "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565",
    });
  }

  @Test
  void c4RequestsWithHuffman() throws Exception {
    requests(true, new String[] {
        "828684418cf1e3c2e5f23a6ba0ab90f4ff",
        "828684be5886a8eb10649cbf",
        "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf",
    });
  }

  private void requests(boolean huffman, String[] blocks) throws Exception {
    HpackEncoder encoder = new HpackEncoder(huffman, 4096);
    String[] first = {":method", "GET", ":scheme", "http", ":path", "/",
        ":authority", "www.example.com"};
    String[] second = {":method", "GET", ":scheme", "http", ":path", "/",
        ":authority", "www.example.com", "cache-control", "no-cache"};
    String[] third = {":method", "GET", ":scheme", "https", ":path", "/index.html",
        ":authority", "www.example.com", "custom-key", "custom-value"};

    assertThat(encode(encoder, first)).isEqualTo(blocks[0]);
    assertThat(decode(blocks[0])).containsExactly(first);
    assertTable(decoder.table(), 57, ":authority", "www.example.com");

    assertThat(encode(encoder, second)).isEqualTo(blocks[1]);
    assertThat(decode(blocks[1])).containsExactly(second);
    assertTable(decoder.table(), 110, "cache-control", "no-cache", ":authority", "www.example.com");

    assertThat(encode(encoder, third)).isEqualTo(blocks[2]);
    assertThat(decode(blocks[2])).containsExactly(third);
    assertTable(decoder.table(), 164, "custom-key", "custom-value", "cache-control", "no-cache",
        ":authority", "www.example.com");
    assertTable(encoder.table(), 164, "custom-key", "custom-value", "cache-control", "no-cache",
        ":authority", "www.example.com");
  }

  // C.5 and C.6: three responses with a 256-octet table, so entries get evicted.

  @Test
  void c5ResponsesWithoutHuffman() throws Exception {
    responses(false, new String[] {
        "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d"
            + "546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
        "4803333037c1c0bf",
        "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f"
            + "6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d33363030"
            + "3b2076657273696f6e3d31",
    });
  }

  @Test
  void c6ResponsesWithHuffman() throws Exception {
    responses(true, new String[] {
        "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c7"
            + "8f0b97c8e9ae82ae43d3",
        "4883640effc1c0bf",
        "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335"
            + "dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007",
    });
  }

  private void responses(boolean huffman, String[] blocks) throws Exception {
    HpackDecoder decoder = new HpackDecoder(256, 256 * 1024);
    HpackEncoder encoder = new HpackEncoder(huffman, 256);
    String[] first = {":status", "302", "cache-control", "private", "date", DATE_21,
        "location", "https://www.example.com"};
    String[] second = {":status", "307", "cache-control", "private", "date", DATE_21,
        "location", "https://www.example.com"};
    String[] third = {":status", "200", "cache-control", "private", "date", DATE_22,
        "location", "https://www.example.com", "content-encoding", "gzip", "set-cookie", COOKIE};

    assertThat(decode(decoder, blocks[0])).containsExactly(first);
    assertTable(decoder.table(), 222, "location", "https://www.example.com", "date", DATE_21,
        "cache-control", "private", ":status", "302");
    assertThat(encode(encoder, first)).isEqualTo(blocks[0]);

    assertThat(decode(decoder, blocks[1])).containsExactly(second);
    assertTable(decoder.table(), 222, ":status", "307", "location", "https://www.example.com",
        "date", DATE_21, "cache-control", "private");
    assertThat(encode(encoder, second)).isEqualTo(blocks[1]);

    assertThat(decode(decoder, blocks[2])).containsExactly(third);
    assertTable(decoder.table(), 215, "set-cookie", COOKIE, "content-encoding", "gzip",
        "date", DATE_22);

    // This encoder never indexes set-cookie, where the RFC's example does: the rest is the same.
    String encoded = encode(encoder, third);
    String neverIndexedSetCookie = "1f28";
    assertThat(encoded).contains(neverIndexedSetCookie);
    assertThat(decode(new HpackDecoder(256, 256 * 1024), encode(new HpackEncoder(huffman, 256),
        third))).containsExactly(third);
  }

  // The encoder's choices.

  @Test
  void secretsAreNeverIndexed() throws Exception {
    HpackEncoder encoder = new HpackEncoder(false, 4096);
    for (String name : List.of("authorization", "cookie", "proxy-authorization", "set-cookie")) {
      int staticIndex = StaticTable.indexOfName(name);
      String block = encode(encoder, name, "secret");
      // 0001xxxx: literal never indexed, name from the static table (4-bit prefix).
      assertThat(ByteString.decodeHex(block).getByte(0) & 0xf0).isEqualTo(0x10);
      assertThat(decode(block)).containsExactly(name, "secret");
      assertThat(staticIndex).isPositive();
    }
    assertThat(encoder.table().count()).isZero();
    assertThat(decoder.table().count()).isZero();
  }

  @Test
  void repeatedFieldsBecomeOneByteIndices() throws Exception {
    HpackEncoder encoder = new HpackEncoder(true, 4096);
    String[] fields = {":method", "GET", "user-agent", "courier/1.0", "x-trace", "abc"};
    String first = encode(encoder, fields);
    String second = encode(encoder, fields);
    assertThat(second).isEqualTo("82bfbe");
    assertThat(decode(first)).containsExactly(fields);
    assertThat(decode(second)).containsExactly(fields);
  }

  @Test
  void pathIsNotIndexed() {
    HpackEncoder encoder = new HpackEncoder(false, 4096);
    encode(encoder, ":path", "/items/1");
    assertThat(encoder.table().count()).isZero();
  }

  @Test
  void smallerPeerTableIsSignalledAtTheStartOfTheNextBlock() throws Exception {
    HpackEncoder encoder = new HpackEncoder(false, 4096);
    encode(encoder, "x-a", "1");
    encoder.peerHeaderTableSize(0);
    encoder.peerHeaderTableSize(100);
    String block = encode(encoder, "x-b", "2");
    // The smallest size seen (0), then the current one (100), then the field.
    assertThat(block).startsWith("20" + "3f45");
    decode("400378" + "2d610131"); // Mirror the first block so the table matches.
    assertThat(decode(block)).containsExactly("x-b", "2");
    assertThat(decoder.table().maxSize()).isEqualTo(100);
    assertTable(decoder.table(), 36, "x-b", "2");
  }

  @Test
  void largerPeerTableIsCappedAtOurs() {
    HpackEncoder encoder = new HpackEncoder();
    encoder.peerHeaderTableSize(1 << 20);
    assertThat(encode(encoder, ":method", "GET")).isEqualTo("82");
    assertThat(encoder.table().maxSize()).isEqualTo(HpackEncoder.MAX_TABLE_SIZE);
  }

  @Test
  void nonAsciiValuesAreUtf8() throws Exception {
    HpackEncoder encoder = new HpackEncoder(true, 4096);
    String block = encode(encoder, "x-name", "caf\u00e9");
    assertThat(decode(block)).containsExactly("x-name", "caf\u00e9");
    assertThat(decoder.table().size()).isEqualTo(6 + 5 + 32);
  }

  // Huffman coding.

  @Test
  void huffmanRoundTripsEveryByte() throws Exception {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) all[i] = (byte) i;
    Buffer encoded = new Buffer();
    Huffman.encode(all, all.length, encoded);
    assertThat(encoded.size()).isEqualTo(Huffman.encodedLength(all, all.length));
    byte[] in = encoded.readByteArray();
    byte[] out = new byte[in.length * 8 / 5 + 1];
    int length = Huffman.decode(in, 0, in.length, out);
    assertThat(ByteString.of(out, 0, length)).isEqualTo(ByteString.of(all));
  }

  @Test
  void huffmanRefusesTheEosSymbol() {
    // 30 one bits (EOS) then padding: 0xffffffff.
    assertThatThrownBy(() -> huffman("ffffffff"))
        .isInstanceOf(Http2ProtocolException.class)
        .hasMessage("EOS symbol inside a Huffman-coded string (COMPRESSION_ERROR)");
  }

  @Test
  void huffmanRefusesPaddingOfEightBitsOrMore() throws Exception {
    // 'a' (00011) padded with 111, then a whole byte of ones.
    assertThat(huffman("1f")).isEqualTo("a");
    assertThatThrownBy(() -> huffman("1fff"))
        .isInstanceOf(Http2ProtocolException.class)
        .hasMessage("Huffman-coded string ends inside a symbol (COMPRESSION_ERROR)");
  }

  @Test
  void huffmanRefusesPaddingThatIsNotOnes() {
    // 'a' (00011) padded with 000 instead of 111.
    assertThatThrownBy(() -> huffman("18"))
        .isInstanceOf(Http2ProtocolException.class)
        .hasMessage("Huffman padding is not made of 1 bits (COMPRESSION_ERROR)");
  }

  // What a hostile peer sends.

  @Test
  void indexZeroIsRefused() {
    assertCompressionError("80", "Indexed header field with index 0");
  }

  @Test
  void indexBeyondTheTablesIsRefused() {
    assertCompressionError("be", "Header index 62 out of range: the dynamic table holds 0 entries");
    assertCompressionError("7f00", "Header index 63 out of range");
  }

  @Test
  void tableSizeUpdateAboveTheSettingIsRefused() {
    assertCompressionError("3fe21f", "Dynamic table size update to 4097 exceeds the 4096 octets "
        + "allowed");
  }

  @Test
  void tableSizeUpdateAfterAFieldIsRefused() {
    assertCompressionError("8220", "Dynamic table size update after a header field");
  }

  @Test
  void truncatedIntegerIsRefused() {
    assertCompressionError("ff", "Header block ends inside an integer");
    assertCompressionError("ff80", "Header block ends inside an integer");
  }

  @Test
  void integerOverflowIsRefused() {
    assertCompressionError("ffffffffff0f", "Integer overflow in header block");
    assertCompressionError("ff808080808001", "Integer overflow in header block");
  }

  @Test
  void stringLongerThanTheBlockIsRefused() {
    assertCompressionError("400a6162", "String literal of 10 octets exceeds the 2 left");
    assertCompressionError("40", "Header block ends before a string literal");
  }

  @Test
  void headerListLimitBoundsAnHpackBomb() throws Exception {
    HpackDecoder small = new HpackDecoder(4096, 16 * 1024);
    // One 4000-byte value inserted once, then referenced 1,000 times: 4 MB decoded from 5 KB.
    StringBuilder hex = new StringBuilder("4001787fa11e"); // Literal, name "x", value length 4000.
    hex.append("61".repeat(4000));
    hex.append("be".repeat(1000));
    small.decode(new Buffer().write(ByteString.decodeHex(hex.toString())));
    assertThat(small.listTooLarge()).isTrue();
    assertThat(small.fieldCount()).isEqualTo(4); // 4,033 octets each: 4 fit in 16 KiB.
    assertThat(small.table().size()).isEqualTo(4033);
  }

  @Test
  void dynamicTableStaysWithinItsSize() throws Exception {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      hex.append("4003782d").append(String.format("%02x", '0' + i % 10)).append("0176");
    }
    decode(hex.toString());
    assertThat(decoder.table().size()).isLessThanOrEqualTo(4096);
    assertThat(decoder.table().count()).isEqualTo(4096 / 36);
  }

  @Test
  void entryLargerThanTheTableEmptiesIt() throws Exception {
    decode("400a637573746f6d2d6b65790d637573746f6d2d686561646572");
    assertThat(decoder.table().count()).isEqualTo(1);
    String big = "61".repeat(4096);
    decode("400178" + "7f811f" + big); // Name "x", value of 4,096 octets: larger than the table.
    assertThat(decoder.table().count()).isZero();
    assertThat(decoder.table().size()).isZero();
  }

  private void assertCompressionError(String hex, String message) {
    HpackDecoder fresh = new HpackDecoder(4096, 256 * 1024);
    assertThatThrownBy(() -> fresh.decode(new Buffer().write(ByteString.decodeHex(hex))))
        .isInstanceOf(Http2ProtocolException.class)
        .hasMessageStartingWith(message)
        .extracting(e -> ((Http2ProtocolException) e).errorCode())
        .isEqualTo(ErrorCode.COMPRESSION_ERROR);
  }

  private static String huffman(String hex) throws Http2ProtocolException {
    byte[] in = ByteString.decodeHex(hex).toByteArray();
    byte[] out = new byte[in.length * 8 / 5 + 1];
    int length = Huffman.decode(in, 0, in.length, out);
    return new String(out, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private List<String> decode(String hex) throws Http2ProtocolException {
    return decode(decoder, hex);
  }

  private static List<String> decode(HpackDecoder decoder, String hex)
      throws Http2ProtocolException {
    decoder.decode(new Buffer().write(ByteString.decodeHex(hex)));
    List<String> result = new ArrayList<>();
    for (int i = 0; i < decoder.fieldCount(); i++) {
      result.add(decoder.name(i));
      result.add(decoder.value(i));
    }
    return result;
  }

  private static String encode(HpackEncoder encoder, String... namesAndValues) {
    Buffer out = new Buffer();
    encoder.beginBlock(out);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      encoder.field(out, namesAndValues[i], namesAndValues[i + 1]);
    }
    return out.readByteString().hex();
  }

  private static void assertTable(DynamicTable table, int size, String... namesAndValues) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < table.count(); i++) {
      entries.add(table.name(i));
      entries.add(table.value(i));
    }
    assertThat(entries).containsExactly(namesAndValues);
    assertThat(table.size()).isEqualTo(size);
  }
}
