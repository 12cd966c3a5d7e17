package dev.courier.internal.http2;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;

/**
 * A loopback HTTP/2 server that sends exactly the frames a test scripts, however malformed, and
 * reports the frames the client sends back. It parses and builds frames and header blocks with
 * its own few lines of code, independent of the client's, so a bug in one cannot hide in the
 * other.
 */
final class ScriptedPeer implements Closeable {
  private static final ByteString PREFACE =
      ByteString.encodeUtf8("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

  /** A frame the client sent. */
  record Frame(int type, int flags, int streamId, ByteString payload) {
    int readInt(int offset) {
      return (payload.getByte(offset) & 0xff) << 24 | (payload.getByte(offset + 1) & 0xff) << 16
          | (payload.getByte(offset + 2) & 0xff) << 8 | (payload.getByte(offset + 3) & 0xff);
    }
  }

  private final ServerSocket serverSocket;
  /** Every connection accepted; frames are read from and sent to the last one. */
  private final List<Socket> sockets = new ArrayList<>();
  private Socket socket;
  private BufferedSource in;
  private BufferedSink out;
  /** Every frame received, in order. */
  final List<Frame> received = new ArrayList<>();

  ScriptedPeer() throws IOException {
    serverSocket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  /**
   * Accepts the client, checks its preface and SETTINGS, and sends SETTINGS with
   * {@code settingsPayloadHex} as this server's first frame, or nothing if it is null. A second
   * call accepts another connection, which the script then talks on; the first stays open.
   */
  void accept(String settingsPayloadHex) throws IOException {
    serverSocket.setSoTimeout(5_000);
    socket = serverSocket.accept();
    sockets.add(socket);
    socket.setSoTimeout(5_000);
    in = Okio.buffer(Okio.source(socket));
    out = Okio.buffer(Okio.sink(socket));
    ByteString preface = in.readByteString(PREFACE.size());
    if (!preface.equals(PREFACE)) throw new IOException("bad preface: " + preface.hex());
    Frame settings = readFrame();
    if (settings.type() != Http2.TYPE_SETTINGS) throw new IOException("expected SETTINGS");
    if (settingsPayloadHex != null) send(Http2.TYPE_SETTINGS, 0, 0, settingsPayloadHex);
  }

  /** Reads the next frame. */
  Frame readFrame() throws IOException {
    int length = (in.readByte() & 0xff) << 16 | (in.readShort() & 0xffff);
    int type = in.readByte() & 0xff;
    int flags = in.readByte() & 0xff;
    int streamId = in.readInt() & 0x7fffffff;
    Frame frame = new Frame(type, flags, streamId, in.readByteString(length));
    received.add(frame);
    return frame;
  }

  /** Reads frames until one of {@code type} on {@code streamId} (any stream if -1) arrives. */
  Frame await(int type, int streamId) throws IOException {
    while (true) {
      Frame frame = readFrame();
      if (frame.type() == type && (streamId == -1 || frame.streamId() == streamId)) return frame;
    }
  }

  /** Returns the error code of the GOAWAY the client sends next. */
  ErrorCode awaitGoAway() throws IOException {
    return ErrorCode.fromCode(await(Http2.TYPE_GOAWAY, 0).readInt(4));
  }

  /** Returns the error code of the RST_STREAM the client sends next for {@code streamId}. */
  ErrorCode awaitReset(int streamId) throws IOException {
    return ErrorCode.fromCode(await(Http2.TYPE_RST_STREAM, streamId).readInt(0));
  }

  /** Writes one frame and flushes it. */
  ScriptedPeer send(int type, int flags, int streamId, String payloadHex) throws IOException {
    return send(type, flags, streamId, ByteString.decodeHex(payloadHex));
  }

  /** Writes one frame and flushes it. */
  ScriptedPeer send(int type, int flags, int streamId, ByteString payload) throws IOException {
    out.writeByte(payload.size() >>> 16).writeShort(payload.size() & 0xffff)
        .writeByte(type).writeByte(flags).writeInt(streamId).write(payload).flush();
    return this;
  }

  /** Writes bytes as they are. */
  ScriptedPeer sendRaw(String hex) throws IOException {
    out.write(ByteString.decodeHex(hex)).flush();
    return this;
  }

  /** Answers {@code streamId} with a 200 and {@code body}. */
  void respond(int streamId, String body) throws IOException {
    send(Http2.TYPE_HEADERS, Http2.FLAG_END_HEADERS, streamId, "88");
    send(Http2.TYPE_DATA, Http2.FLAG_END_STREAM, streamId, ByteString.encodeUtf8(body));
  }

  /**
   * Returns a header block in hex holding each field as a literal without indexing, with a new
   * name and no Huffman coding: the simplest HPACK there is.
   */
  static String literals(String... namesAndValues) {
    Buffer block = new Buffer();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      block.writeByte(0x00);
      string(block, namesAndValues[i]);
      string(block, namesAndValues[i + 1]);
    }
    return block.readByteString().hex();
  }

  /** Writes an HPACK string literal without Huffman coding. */
  static void string(Buffer block, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    integer(block, bytes.length, 0x7f, 0x00);
    block.write(bytes);
  }

  /** Writes an HPACK integer with a {@code prefixMask}-bit prefix. */
  static void integer(Buffer block, int value, int prefixMask, int pattern) {
    if (value < prefixMask) {
      block.writeByte(pattern | value);
      return;
    }
    block.writeByte(pattern | prefixMask);
    value -= prefixMask;
    while (value >= 0x80) {
      block.writeByte((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    block.writeByte(value);
  }

  @Override
  public void close() throws IOException {
    for (Socket accepted : sockets) accepted.close();
    serverSocket.close();
  }
}
