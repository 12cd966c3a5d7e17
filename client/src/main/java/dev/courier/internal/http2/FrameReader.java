package dev.courier.internal.http2;

import static dev.courier.internal.http2.Http2.FLAG_ACK;
import static dev.courier.internal.http2.Http2.FLAG_END_HEADERS;
import static dev.courier.internal.http2.Http2.FLAG_END_STREAM;
import static dev.courier.internal.http2.Http2.FLAG_PADDED;
import static dev.courier.internal.http2.Http2.FLAG_PRIORITY;
import static dev.courier.internal.http2.Http2.TYPE_CONTINUATION;
import static dev.courier.internal.http2.Http2.TYPE_DATA;
import static dev.courier.internal.http2.Http2.TYPE_GOAWAY;
import static dev.courier.internal.http2.Http2.TYPE_HEADERS;
import static dev.courier.internal.http2.Http2.TYPE_PING;
import static dev.courier.internal.http2.Http2.TYPE_PRIORITY;
import static dev.courier.internal.http2.Http2.TYPE_PUSH_PROMISE;
import static dev.courier.internal.http2.Http2.TYPE_RST_STREAM;
import static dev.courier.internal.http2.Http2.TYPE_SETTINGS;
import static dev.courier.internal.http2.Http2.TYPE_WINDOW_UPDATE;

import java.io.EOFException;
import java.io.IOException;

import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads HTTP/2 frames (RFC 9113 §4, §6) from a connection and hands each to a {@link Handler}.
 *
 * <p>This class checks what a frame says on its own: its size against SETTINGS_MAX_FRAME_SIZE and
 * its type's fixed layout, padding, the stream id a type requires, SETTINGS values, the
 * CONTINUATION sequence. Violations that affect the whole connection are thrown as
 * {@link Http2ProtocolException}s carrying the RFC's error code; those confined to one stream go
 * to {@link Handler#streamError}. Whether a frame fits its stream's state is the handler's
 * business. Header blocks are reassembled across CONTINUATION frames within a byte and frame
 * budget (a CONTINUATION flood fails the connection rather than buffering without end) and then
 * decoded with HPACK, always, since the compression context spans the connection.
 *
 * <p>Not thread-safe: one reader thread per connection calls {@link #nextFrame}.
 */
final class FrameReader {
  /** More CONTINUATION frames than this in one header block is taken as a flood. */
  static final int MAX_CONTINUATION_FRAMES = 64;
  /** More consecutive empty DATA frames than this, none ending its stream, is taken as a flood. */
  static final int MAX_CONSECUTIVE_EMPTY_DATA_FRAMES = 100;

  /** Receives frames; each method consumes nothing but what its description says. */
  interface Handler {
    /**
     * A DATA frame: the handler consumes exactly {@code dataLength} bytes from {@code source}.
     * {@code flowControlledLength} is the whole payload, padding included, which flow control
     * counts.
     */
    void data(int streamId, boolean endStream, BufferedSource source, int dataLength,
        int flowControlledLength) throws IOException;

    /** A complete header block, decoded into {@code fields}. */
    void headers(int streamId, boolean endStream, HpackDecoder fields) throws IOException;

    /** A RST_STREAM frame with the peer's wire error code. */
    void rstStream(int streamId, int errorCode) throws IOException;

    /** A SETTINGS frame that is not an acknowledgement, its values checked. */
    void settings(Settings settings) throws IOException;

    /** The acknowledgement of this side's SETTINGS. */
    void settingsAck() throws IOException;

    /** A PING frame, or the acknowledgement of one this side sent. */
    void ping(boolean ack, long payload) throws IOException;

    /** A GOAWAY frame. */
    void goAway(int lastStreamId, int errorCode) throws IOException;

    /** A WINDOW_UPDATE frame with a positive increment. */
    void windowUpdate(int streamId, int increment) throws IOException;

    /** A frame that is malformed in a way that affects only {@code streamId}. */
    void streamError(int streamId, Http2ProtocolException e) throws IOException;
  }

  private final BufferedSource source;
  private final HpackDecoder decoder;
  private final int maxFrameSize;
  private final int maxHeaderBlockBytes;
  private final Buffer headerBlock = new Buffer();
  private boolean expectSettingsFirst = true;
  private int consecutiveEmptyDataFrames;

  /**
   * Creates a reader of {@code source} that accepts frames up to {@code maxFrameSize} bytes (the
   * SETTINGS_MAX_FRAME_SIZE this side sent) and header blocks up to {@code maxHeaderBlockBytes}
   * compressed bytes.
   */
  FrameReader(BufferedSource source, HpackDecoder decoder, int maxFrameSize,
      int maxHeaderBlockBytes) {
    this.source = source;
    this.decoder = decoder;
    this.maxFrameSize = maxFrameSize;
    this.maxHeaderBlockBytes = maxHeaderBlockBytes;
  }

  /**
   * Reads one frame and hands it to {@code handler}. The first frame must be the server's
   * SETTINGS (RFC 9113 §3.4).
   *
   * @return false if the stream ended cleanly between frames
   * @throws Http2ProtocolException for a connection error
   * @throws EOFException if the stream ended inside a frame
   */
  boolean nextFrame(Handler handler) throws IOException {
    if (source.exhausted()) return false;
    source.require(Http2.FRAME_HEADER_LENGTH);
    int length = readMedium();
    int type = source.readByte() & 0xff;
    int flags = source.readByte() & 0xff;
    int streamId = source.readInt() & 0x7fffffff;
    if (length > maxFrameSize) {
      throw error(ErrorCode.FRAME_SIZE_ERROR, Http2.typeName(type) + " frame of " + length
          + " bytes exceeds SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
    }
    if (expectSettingsFirst) {
      if (type != TYPE_SETTINGS || (flags & FLAG_ACK) != 0) {
        throw error(ErrorCode.PROTOCOL_ERROR, "Expected the server's SETTINGS first but was "
            + Http2.typeName(type) + ((flags & FLAG_ACK) != 0 ? " with ACK" : ""));
      }
      expectSettingsFirst = false;
    }
    if (type != TYPE_DATA) consecutiveEmptyDataFrames = 0;
    switch (type) {
      case TYPE_DATA:
        readData(handler, length, flags, streamId);
        break;
      case TYPE_HEADERS:
        readHeaders(handler, length, flags, streamId);
        break;
      case TYPE_PRIORITY:
        readPriority(handler, length, streamId);
        break;
      case TYPE_RST_STREAM:
        requireLength(type, length, 4);
        requireStream(type, streamId);
        handler.rstStream(streamId, source.readInt());
        break;
      case TYPE_SETTINGS:
        readSettings(handler, length, flags, streamId);
        break;
      case TYPE_PUSH_PROMISE:
        throw error(ErrorCode.PROTOCOL_ERROR,
            "PUSH_PROMISE on stream " + streamId + " but push is disabled (SETTINGS_ENABLE_PUSH=0)");
      case TYPE_PING:
        requireLength(type, length, 8);
        requireConnection(type, streamId);
        handler.ping((flags & FLAG_ACK) != 0, source.readLong());
        break;
      case TYPE_GOAWAY:
        readGoAway(handler, length, streamId);
        break;
      case TYPE_WINDOW_UPDATE:
        readWindowUpdate(handler, length, streamId);
        break;
      case TYPE_CONTINUATION:
        throw error(ErrorCode.PROTOCOL_ERROR,
            "CONTINUATION on stream " + streamId + " without a HEADERS frame before it");
      default:
        source.skip(length); // RFC 9113 §5.5: unknown frame types are ignored.
    }
    return true;
  }

  private void readData(Handler handler, int length, int flags, int streamId)
      throws IOException {
    requireStream(TYPE_DATA, streamId);
    boolean endStream = (flags & FLAG_END_STREAM) != 0;
    int padding = (flags & FLAG_PADDED) != 0 ? readPadLength(TYPE_DATA, length) : 0;
    int dataLength = length - ((flags & FLAG_PADDED) != 0 ? 1 : 0) - padding;
    if (dataLength < 0) throw paddingTooLong(TYPE_DATA, padding, length);
    if (length == 0 && !endStream) {
      if (++consecutiveEmptyDataFrames > MAX_CONSECUTIVE_EMPTY_DATA_FRAMES) {
        throw error(ErrorCode.ENHANCE_YOUR_CALM, "More than " + MAX_CONSECUTIVE_EMPTY_DATA_FRAMES
            + " consecutive empty DATA frames");
      }
    } else {
      consecutiveEmptyDataFrames = 0;
    }
    handler.data(streamId, endStream, source, dataLength, length);
    source.skip(padding);
  }

  private void readHeaders(Handler handler, int length, int flags, int streamId)
      throws IOException {
    requireStream(TYPE_HEADERS, streamId);
    int remaining = length;
    int padding = 0;
    if ((flags & FLAG_PADDED) != 0) {
      padding = readPadLength(TYPE_HEADERS, length);
      remaining--;
    }
    boolean dependsOnItself = false;
    if ((flags & FLAG_PRIORITY) != 0) {
      if (remaining < 5) {
        throw error(ErrorCode.FRAME_SIZE_ERROR, "HEADERS frame of " + length
            + " bytes is too short for its priority fields");
      }
      dependsOnItself = (source.readInt() & 0x7fffffff) == streamId;
      source.skip(1); // The weight.
      remaining -= 5;
    }
    if (padding > remaining) throw paddingTooLong(TYPE_HEADERS, padding, length);
    int fragmentLength = remaining - padding;
    headerBlock.clear();
    if (fragmentLength > maxHeaderBlockBytes) throw headerBlockTooLarge(fragmentLength);
    source.readFully(headerBlock, fragmentLength);
    source.skip(padding);
    boolean endHeaders = (flags & FLAG_END_HEADERS) != 0;
    int continuations = 0;
    while (!endHeaders) {
      source.require(Http2.FRAME_HEADER_LENGTH);
      int continuationLength = readMedium();
      int type = source.readByte() & 0xff;
      int continuationFlags = source.readByte() & 0xff;
      int continuationStreamId = source.readInt() & 0x7fffffff;
      if (type != TYPE_CONTINUATION || continuationStreamId != streamId) {
        throw error(ErrorCode.PROTOCOL_ERROR, "Expected CONTINUATION on stream " + streamId
            + " but was " + Http2.typeName(type) + " on stream " + continuationStreamId);
      }
      if (continuationLength > maxFrameSize) {
        throw error(ErrorCode.FRAME_SIZE_ERROR, "CONTINUATION frame of " + continuationLength
            + " bytes exceeds SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
      }
      if (++continuations > MAX_CONTINUATION_FRAMES) {
        throw error(ErrorCode.ENHANCE_YOUR_CALM, "Header block on stream " + streamId
            + " spans more than " + MAX_CONTINUATION_FRAMES + " CONTINUATION frames");
      }
      long blockSize = headerBlock.size() + continuationLength;
      if (blockSize > maxHeaderBlockBytes) throw headerBlockTooLarge(blockSize);
      source.readFully(headerBlock, continuationLength);
      endHeaders = (continuationFlags & FLAG_END_HEADERS) != 0;
    }
    decoder.decode(headerBlock);
    if (dependsOnItself) {
      handler.streamError(streamId, error(ErrorCode.PROTOCOL_ERROR,
          "HEADERS on stream " + streamId + " depends on itself"));
      return;
    }
    handler.headers(streamId, (flags & FLAG_END_STREAM) != 0, decoder);
  }

  private void readPriority(Handler handler, int length, int streamId) throws IOException {
    requireStream(TYPE_PRIORITY, streamId);
    if (length != 5) {
      source.skip(length);
      handler.streamError(streamId, error(ErrorCode.FRAME_SIZE_ERROR,
          "PRIORITY frame of " + length + " bytes; expected 5"));
      return;
    }
    int dependency = source.readInt() & 0x7fffffff;
    source.skip(1); // The weight. Priorities are advisory and this client sends none.
    if (dependency == streamId) {
      handler.streamError(streamId, error(ErrorCode.PROTOCOL_ERROR,
          "PRIORITY on stream " + streamId + " depends on itself"));
    }
  }

  private void readSettings(Handler handler, int length, int flags, int streamId)
      throws IOException {
    requireConnection(TYPE_SETTINGS, streamId);
    if ((flags & FLAG_ACK) != 0) {
      if (length != 0) {
        throw error(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload of " + length
            + " bytes");
      }
      handler.settingsAck();
      return;
    }
    if (length % 6 != 0) {
      throw error(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS payload of " + length
          + " bytes is not a multiple of 6");
    }
    Settings settings = new Settings();
    for (int i = 0; i < length; i += 6) {
      int id = source.readShort() & 0xffff;
      int value = source.readInt();
      switch (id) {
        case Settings.ENABLE_PUSH:
          if (value != 0) {
            throw error(ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH="
                + Integer.toUnsignedString(value) + " from a server");
          }
          break;
        case Settings.INITIAL_WINDOW_SIZE:
          if (value < 0) {
            throw error(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE "
                + Integer.toUnsignedString(value) + " exceeds 2^31-1");
          }
          break;
        case Settings.MAX_FRAME_SIZE:
          if (value < Http2.INITIAL_MAX_FRAME_SIZE || value > Http2.MAX_MAX_FRAME_SIZE) {
            throw error(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE "
                + Integer.toUnsignedString(value) + " is outside 16384..16777215");
          }
          break;
        case Settings.HEADER_TABLE_SIZE:
        case Settings.MAX_CONCURRENT_STREAMS:
        case Settings.MAX_HEADER_LIST_SIZE:
          if (value < 0) value = Integer.MAX_VALUE; // Unsigned values beyond what a limit needs.
          break;
        default:
          continue; // RFC 9113 §6.5.2: unknown settings are ignored.
      }
      settings.set(id, value);
    }
    handler.settings(settings);
  }

  private void readGoAway(Handler handler, int length, int streamId) throws IOException {
    requireConnection(TYPE_GOAWAY, streamId);
    if (length < 8) {
      throw error(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY frame of " + length
          + " bytes; expected at least 8");
    }
    int lastStreamId = source.readInt() & 0x7fffffff;
    int errorCode = source.readInt();
    source.skip(length - 8); // Debug data: the peer's words, which are kept out of messages.
    handler.goAway(lastStreamId, errorCode);
  }

  private void readWindowUpdate(Handler handler, int length, int streamId) throws IOException {
    requireLength(TYPE_WINDOW_UPDATE, length, 4);
    int increment = source.readInt() & 0x7fffffff;
    if (increment == 0) {
      if (streamId == 0) {
        throw error(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE with an increment of 0 on the "
            + "connection");
      }
      handler.streamError(streamId, error(ErrorCode.PROTOCOL_ERROR,
          "WINDOW_UPDATE with an increment of 0 on stream " + streamId));
      return;
    }
    handler.windowUpdate(streamId, increment);
  }

  private int readPadLength(int type, int length) throws IOException {
    if (length < 1) {
      throw error(ErrorCode.FRAME_SIZE_ERROR, Http2.typeName(type)
          + " frame with PADDED has no pad length");
    }
    return source.readByte() & 0xff;
  }

  private int readMedium() throws IOException {
    return (source.readByte() & 0xff) << 16 | (source.readByte() & 0xff) << 8
        | (source.readByte() & 0xff);
  }

  private static void requireLength(int type, int length, int expected)
      throws Http2ProtocolException {
    if (length != expected) {
      throw error(ErrorCode.FRAME_SIZE_ERROR, Http2.typeName(type) + " frame of " + length
          + " bytes; expected " + expected);
    }
  }

  private static void requireStream(int type, int streamId) throws Http2ProtocolException {
    if (streamId == 0) {
      throw error(ErrorCode.PROTOCOL_ERROR, Http2.typeName(type) + " frame on stream 0");
    }
  }

  private static void requireConnection(int type, int streamId) throws Http2ProtocolException {
    if (streamId != 0) {
      throw error(ErrorCode.PROTOCOL_ERROR, Http2.typeName(type) + " frame on stream "
          + streamId + "; expected stream 0");
    }
  }

  private static Http2ProtocolException paddingTooLong(int type, int padding, int length) {
    return error(ErrorCode.PROTOCOL_ERROR, Http2.typeName(type) + " padding of " + padding
        + " bytes exceeds the payload of " + length);
  }

  private Http2ProtocolException headerBlockTooLarge(long size) {
    return error(ErrorCode.ENHANCE_YOUR_CALM, "Header block of " + size
        + " compressed bytes exceeds " + maxHeaderBlockBytes);
  }

  private static Http2ProtocolException error(ErrorCode code, String message) {
    return new Http2ProtocolException(code, message);
  }
}
