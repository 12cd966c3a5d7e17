package dev.courier.internal.http2;

import okio.ByteString;

/** The constants of RFC 9113's framing layer: frame types, flags, defaults and the preface. */
final class Http2 {
  /** What a client sends first on every HTTP/2 connection (RFC 9113 §3.4). */
  static final ByteString CONNECTION_PREFACE = ByteString.encodeUtf8("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

  /** The size of every frame header. */
  static final int FRAME_HEADER_LENGTH = 9;
  /** The largest frame payload before SETTINGS_MAX_FRAME_SIZE says otherwise. */
  static final int INITIAL_MAX_FRAME_SIZE = 0x4000;
  /** The largest value SETTINGS_MAX_FRAME_SIZE may take. */
  static final int MAX_MAX_FRAME_SIZE = 0xffffff;
  /** Every flow-control window starts at this size (RFC 9113 §6.9.2). */
  static final int DEFAULT_INITIAL_WINDOW_SIZE = 65_535;
  /** A flow-control window may never exceed this (RFC 9113 §6.9.1). */
  static final long MAX_WINDOW_SIZE = Integer.MAX_VALUE;
  /** The HPACK dynamic table size before SETTINGS_HEADER_TABLE_SIZE says otherwise. */
  static final int DEFAULT_HEADER_TABLE_SIZE = 4096;

  static final int TYPE_DATA = 0x0;
  static final int TYPE_HEADERS = 0x1;
  static final int TYPE_PRIORITY = 0x2;
  static final int TYPE_RST_STREAM = 0x3;
  static final int TYPE_SETTINGS = 0x4;
  static final int TYPE_PUSH_PROMISE = 0x5;
  static final int TYPE_PING = 0x6;
  static final int TYPE_GOAWAY = 0x7;
  static final int TYPE_WINDOW_UPDATE = 0x8;
  static final int TYPE_CONTINUATION = 0x9;

  static final int FLAG_NONE = 0x0;
  static final int FLAG_ACK = 0x1; // SETTINGS and PING.
  static final int FLAG_END_STREAM = 0x1;
  static final int FLAG_END_HEADERS = 0x4;
  static final int FLAG_PADDED = 0x8;
  static final int FLAG_PRIORITY = 0x20;

  private static final String[] TYPE_NAMES = {
      "DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY",
      "WINDOW_UPDATE", "CONTINUATION",
  };

  private Http2() {
  }

  /** Returns the name of a frame type, such as {@code DATA}, or its hexadecimal value. */
  static String typeName(int type) {
    return type < TYPE_NAMES.length ? TYPE_NAMES[type] : "0x" + Integer.toHexString(type);
  }
}
