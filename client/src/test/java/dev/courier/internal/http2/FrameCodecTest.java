package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.courier.Request;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/**
 * The frame reader and writer on bytes (RFC 9113 §4, §6): each frame type's layout, padding,
 * header blocks across CONTINUATION frames, and the checks the reader makes on its own.
 */
class FrameCodecTest {
  private final Buffer wire = new Buffer();
  private final List<IOException> writeFailures = new ArrayList<>();
  private final FrameWriter writer = new FrameWriter(wire, writeFailures::add);
  private final Recorder recorder = new Recorder();

  // The writer.

  @Test
  void connectionPreface() throws IOException {
    writer.lock();
    try {
      writer.connectionPreface(new Settings().set(Settings.ENABLE_PUSH, 0)
          .set(Settings.INITIAL_WINDOW_SIZE, 4 * 1024 * 1024), 16_711_681);
    } finally {
      writer.unlock();
    }
    assertThat(wire.readUtf8(24)).isEqualTo("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assertThat(wire.readByteString().hex()).isEqualTo(""
        + "00000c" + "04" + "00" + "00000000" + "0002" + "00000000" + "0004" + "00400000"
        + "000004" + "08" + "00" + "00000000" + "00ff0001");
  }

  @Test
  void headersFitInOneFrame() throws IOException {
    Request request = new Request.Builder().url("http://example.com/").build();
    writer.lock();
    try {
      writer.headers(1, true, RequestFields.of(request));
      writer.flushOnUnlock();
    } finally {
      writer.unlock();
    }
    // END_STREAM | END_HEADERS; :method GET, :scheme http, :authority (Huffman), :path /.
    assertThat(wire.clone().readByteString(9).hex()).startsWith("00").endsWith("010500000001");
    Recorder headers = readAll(afterServerPreface(wire));
    assertThat(headers.events).containsExactly("SETTINGS {}", "HEADERS 1 end=true :method=GET :scheme=http "
        + ":authority=example.com :path=/");
  }

  @Test
  void largeHeaderBlockContinues() throws IOException {
    String big = "v".repeat(40_000);
    Request request = new Request.Builder().url("http://example.com/")
        .header("X-Big", big).build();
    writer.lock();
    try {
      writer.headers(3, false, RequestFields.of(request));
      writer.flushOnUnlock();
    } finally {
      writer.unlock();
    }
    Buffer copy = wire.clone();
    List<String> frames = new ArrayList<>();
    while (!copy.exhausted()) {
      int length = (copy.readByte() & 0xff) << 16 | (copy.readShort() & 0xffff);
      int type = copy.readByte();
      int flags = copy.readByte();
      copy.readInt();
      copy.skip(length);
      frames.add(Http2.typeName(type) + " " + length + " " + flags);
    }
    assertThat(frames).hasSize(3);
    assertThat(frames.get(0)).isEqualTo("HEADERS 16384 0");
    assertThat(frames.get(1)).isEqualTo("CONTINUATION 16384 0");
    assertThat(frames.get(2)).startsWith("CONTINUATION ").endsWith(" 4");
    assertThat(readAll(afterServerPreface(wire)).events).hasSize(2).last().asString()
        .startsWith("HEADERS 3 end=false :method=GET").endsWith("x-big=" + big);
  }

  @Test
  void dataFrame() throws IOException {
    writer.lock();
    try {
      writer.data(5, true, new Buffer().writeUtf8("hello"), 5);
      writer.flushOnUnlock();
    } finally {
      writer.unlock();
    }
    assertThat(wire.readByteString().hex()).isEqualTo("000005" + "00" + "01" + "00000005"
        + ByteString.encodeUtf8("hello").hex());
  }

  @Test
  void controlFrames() {
    writer.control(Http2.TYPE_SETTINGS, Http2.FLAG_ACK, 0, 0);
    writer.control(Http2.TYPE_PING, Http2.FLAG_ACK, 0, 0x0102030405060708L);
    writer.control(Http2.TYPE_RST_STREAM, 0, 7, ErrorCode.CANCEL.code());
    writer.control(Http2.TYPE_WINDOW_UPDATE, 0, 0, 0x7fffffff);
    writer.control(Http2.TYPE_GOAWAY, 0, 0, ErrorCode.PROTOCOL_ERROR.code());
    assertThat(wire.readByteString().hex()).isEqualTo(""
        + "000000" + "04" + "01" + "00000000"
        + "000008" + "06" + "01" + "00000000" + "0102030405060708"
        + "000004" + "03" + "00" + "00000007" + "00000008"
        + "000004" + "08" + "00" + "00000000" + "7fffffff"
        + "000008" + "07" + "00" + "00000000" + "00000000" + "00000001");
    assertThat(writeFailures).isEmpty();
  }

  @Test
  void controlFramesWaitForTheLockHolder() throws Exception {
    writer.lock();
    Thread other = new Thread(() -> writer.control(Http2.TYPE_PING, Http2.FLAG_ACK, 0, 1));
    other.start();
    other.join(); // The control frame did not wait for the lock.
    assertThat(wire.size()).isZero();
    writer.data(1, false, new Buffer().writeUtf8("x"), 1);
    writer.unlock(); // The holder sends what was queued.
    assertThat(wire.readByteString().hex()).isEqualTo("000001000000000001" + "78"
        + "000008060100000000" + "0000000000000001");
  }

  // The reader.

  @Test
  void readsEveryFrameType() throws IOException {
    Buffer in = serverPreface();
    frame(in, Http2.TYPE_DATA, Http2.FLAG_END_STREAM, 1, "616263");
    frame(in, Http2.TYPE_PRIORITY, 0, 1, "0000000310");
    frame(in, Http2.TYPE_RST_STREAM, 0, 3, "00000008");
    frame(in, Http2.TYPE_SETTINGS, 0, 0, "000300000064" + "000400010000" + "0099" + "00000001");
    frame(in, Http2.TYPE_SETTINGS, Http2.FLAG_ACK, 0, "");
    frame(in, Http2.TYPE_PING, 0, 0, "0000000000000007");
    frame(in, Http2.TYPE_PING, Http2.FLAG_ACK, 0, "0000000000000008");
    frame(in, Http2.TYPE_GOAWAY, 0, 0, "00000003" + "00000000" + "6465627567");
    frame(in, Http2.TYPE_WINDOW_UPDATE, 0, 1, "00001000");
    frame(in, 0x42, 0xff, 9, "0102"); // Unknown types are skipped.
    frame(in, Http2.TYPE_HEADERS, Http2.FLAG_END_HEADERS, 1, "8840016100");
    assertThat(readAll(in).events).containsExactly(
        "SETTINGS {}",
        "DATA 1 end=true abc",
        "RST_STREAM 3 8",
        "SETTINGS {3=100, 4=65536}",
        "SETTINGS ACK",
        "PING false 7",
        "PING true 8",
        "GOAWAY 3 0",
        "WINDOW_UPDATE 1 4096",
        "HEADERS 1 end=false :status=200 a=");
  }

  @Test
  void paddingIsStripped() throws IOException {
    Buffer in = serverPreface();
    frame(in, Http2.TYPE_DATA, Http2.FLAG_PADDED, 1, "03" + "616263" + "000000");
    frame(in, Http2.TYPE_HEADERS,
        Http2.FLAG_PADDED | Http2.FLAG_PRIORITY | Http2.FLAG_END_HEADERS | Http2.FLAG_END_STREAM,
        1, "02" + "00000000" + "10" + "88" + "0000");
    assertThat(readAll(in).events).containsExactly("SETTINGS {}",
        "DATA 1 end=false abc (7 flow-controlled)", "HEADERS 1 end=true :status=200");
  }

  @Test
  void headerBlockAcrossContinuations() throws IOException {
    Buffer in = serverPreface();
    frame(in, Http2.TYPE_HEADERS, 0, 1, "88");
    frame(in, Http2.TYPE_CONTINUATION, 0, 1, "");
    frame(in, Http2.TYPE_CONTINUATION, Http2.FLAG_END_HEADERS, 1, "40017800");
    frame(in, Http2.TYPE_CONTINUATION, Http2.FLAG_END_HEADERS, 1, "0179");
    assertThatThrownBy(() -> readAll(in)).isInstanceOf(Http2ProtocolException.class);
    assertThat(recorder.events).containsExactly("SETTINGS {}", "HEADERS 1 end=false "
        + ":status=200 x=");
  }

  @Test
  void frameLargerThanOurMaximumIsRefused() {
    Buffer in = serverPreface();
    frame(in, Http2.TYPE_DATA, 0, 1, "00".repeat(16_385));
    assertConnectionError(in, ErrorCode.FRAME_SIZE_ERROR,
        "DATA frame of 16385 bytes exceeds SETTINGS_MAX_FRAME_SIZE 16384");
  }

  @Test
  void serverPrefaceMustBeSettings() {
    Buffer in = new Buffer();
    frame(in, Http2.TYPE_PING, 0, 0, "0000000000000000");
    assertConnectionError(in, ErrorCode.PROTOCOL_ERROR,
        "Expected the server's SETTINGS first but was PING");
  }

  @Test
  void truncatedFrameIsAnEndOfStream() {
    Buffer in = serverPreface();
    in.write(ByteString.decodeHex("00000a0000000000016162"));
    assertThatThrownBy(() -> readAll(in)).isInstanceOf(EOFException.class);
  }

  @Test
  void cleanEndBetweenFrames() throws IOException {
    FrameReader reader = reader(serverPreface());
    assertThat(reader.nextFrame(recorder)).isTrue();
    assertThat(reader.nextFrame(recorder)).isFalse();
  }

  private void assertConnectionError(Buffer in, ErrorCode code, String message) {
    assertThatThrownBy(() -> readAll(in))
        .isInstanceOf(Http2ProtocolException.class)
        .hasMessage(message + " (" + code + ")")
        .extracting(e -> ((Http2ProtocolException) e).errorCode())
        .isEqualTo(code);
  }

  private Recorder readAll(Buffer in) throws IOException {
    FrameReader reader = reader(in);
    while (reader.nextFrame(recorder)) {
      // Each frame is recorded.
    }
    return recorder;
  }

  private static FrameReader reader(Buffer in) {
    return new FrameReader(in, new HpackDecoder(4096, 256 * 1024), 16_384, 256 * 1024);
  }

  private static Buffer afterServerPreface(Buffer frames) {
    Buffer in = serverPreface();
    in.write(frames, frames.size());
    return in;
  }

  private static Buffer serverPreface() {
    Buffer in = new Buffer();
    frame(in, Http2.TYPE_SETTINGS, 0, 0, "");
    return in;
  }

  static void frame(Buffer out, int type, int flags, int streamId, String payloadHex) {
    ByteString payload = ByteString.decodeHex(payloadHex);
    out.writeByte(payload.size() >>> 16).writeShort(payload.size() & 0xffff)
        .writeByte(type).writeByte(flags).writeInt(streamId).write(payload);
  }

  /** Records each frame as a line of text. */
  static final class Recorder implements FrameReader.Handler {
    final List<String> events = new ArrayList<>();

    @Override
    public void data(int streamId, boolean endStream, BufferedSource source, int dataLength,
        int flowControlledLength) throws IOException {
      events.add("DATA " + streamId + " end=" + endStream + " " + source.readUtf8(dataLength)
          + (flowControlledLength != dataLength
              ? " (" + flowControlledLength + " flow-controlled)" : ""));
    }

    @Override
    public void headers(int streamId, boolean endStream, HpackDecoder fields) {
      StringBuilder line = new StringBuilder("HEADERS " + streamId + " end=" + endStream);
      for (int i = 0; i < fields.fieldCount(); i++) {
        line.append(' ').append(fields.name(i)).append('=').append(fields.value(i));
      }
      events.add(line.toString());
    }

    @Override
    public void rstStream(int streamId, int errorCode) {
      events.add("RST_STREAM " + streamId + " " + errorCode);
    }

    @Override
    public void settings(Settings settings) {
      events.add("SETTINGS " + settings.toString().substring("Settings".length()));
    }

    @Override
    public void settingsAck() {
      events.add("SETTINGS ACK");
    }

    @Override
    public void ping(boolean ack, long payload) {
      events.add("PING " + ack + " " + payload);
    }

    @Override
    public void goAway(int lastStreamId, int errorCode) {
      events.add("GOAWAY " + lastStreamId + " " + errorCode);
    }

    @Override
    public void windowUpdate(int streamId, int increment) {
      events.add("WINDOW_UPDATE " + streamId + " " + increment);
    }

    @Override
    public void streamError(int streamId, Http2ProtocolException e) {
      events.add("STREAM_ERROR " + streamId + " " + e.errorCode());
    }
  }
}
