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
import static dev.courier.internal.http2.ScriptedPeer.literals;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.testing.Await;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile HTTP/2 servers, each a script of frames sent over a real loopback socket to
 * an {@link Http2Connection}, after the client's request on stream 1. Each case names its outcome
 * as RFC 9113 defines it: a connection error (the call fails with that error code, the client
 * sends GOAWAY with it and takes no new streams), a stream error (the call fails, the client
 * resets stream 1 with the code, and the next request on the same connection works: nothing leaks
 * into another stream), a reset or refusal by the server, or a response that is fine.
 */
class Http2HostilePeerTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Frames a scripted server sends once the client's request headers arrived. */
  @FunctionalInterface
  interface Script {
    void run(ScriptedPeer peer) throws IOException;
  }

  /** What a case expects. */
  sealed interface Outcome permits ConnectionError, StreamError, Fails, Succeeds {
  }

  /** The connection fails with {@code code}: GOAWAY, and the call sees the code. */
  record ConnectionError(ErrorCode code, String message) implements Outcome {
  }

  /** Stream 1 is reset with {@code code}; the connection carries on. */
  record StreamError(ErrorCode code, String message) implements Outcome {
  }

  /** The call fails with {@code type}; {@code usable} says if the connection still is. */
  record Fails(Class<? extends IOException> type, String message, boolean usable)
      implements Outcome {
  }

  /** The response reads as {@code body}; then the client sends GOAWAY {@code goAway}, if not null. */
  record Succeeds(String body, ErrorCode goAway) implements Outcome {
  }

  /** One hostile server. */
  record Case(String name, String settings, Script script, Outcome outcome, boolean post,
      boolean readBody, UnaryOperator<Http2Connection.Builder> options) {
    @Override
    public String toString() {
      return name;
    }

    Case posting() {
      return new Case(name, settings, script, outcome, true, readBody, options);
    }

    Case headersOnly() {
      return new Case(name, settings, script, outcome, post, false, options);
    }

    Case with(UnaryOperator<Http2Connection.Builder> options) {
      return new Case(name, settings, script, outcome, post, readBody, options);
    }

    Case withoutServerSettings() {
      return new Case(name, null, script, outcome, post, readBody, options);
    }
  }

  private static Case connectionError(String name, ErrorCode code, String message,
      Script script) {
    return new Case(name, "", script, new ConnectionError(code, message), false, true,
        UnaryOperator.identity());
  }

  private static Case streamError(String name, ErrorCode code, String message, Script script) {
    return new Case(name, "", script, new StreamError(code, message), false, true,
        UnaryOperator.identity());
  }

  private static Case fails(String name, Class<? extends IOException> type, String message,
      boolean usable, Script script) {
    return new Case(name, "", script, new Fails(type, message, usable), false, true,
        UnaryOperator.identity());
  }

  private static Case succeeds(String name, String body, Script script) {
    return new Case(name, "", script, new Succeeds(body, null), false, true,
        UnaryOperator.identity());
  }

  /** Sends the response head of stream 1, then the rest of {@code script}. */
  private static Script afterHead(Script script) {
    return peer -> {
      peer.send(TYPE_HEADERS, FLAG_END_HEADERS, 1, "88");
      script.run(peer);
    };
  }

  private static Script headers(int flags, int streamId, String blockHex) {
    return peer -> peer.send(TYPE_HEADERS, flags, streamId, blockHex);
  }

  private static Script frame(int type, int flags, int streamId, String payloadHex) {
    return peer -> peer.send(type, flags, streamId, payloadHex);
  }

  private static Script repeat(int times, Script script) {
    return peer -> {
      for (int i = 0; i < times; i++) script.run(peer);
    };
  }

  private static String zeros(int bytes) {
    return "00".repeat(bytes);
  }

  static Stream<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    int endHeaders = FLAG_END_HEADERS;
    int endBoth = FLAG_END_HEADERS | FLAG_END_STREAM;

    // Frame layout (RFC 9113 §4.2, §6): sizes, stream ids and padding a type requires.
    cases.add(connectionError("DATA larger than SETTINGS_MAX_FRAME_SIZE",
        ErrorCode.FRAME_SIZE_ERROR, "DATA frame of 16385 bytes exceeds SETTINGS_MAX_FRAME_SIZE",
        afterHead(frame(TYPE_DATA, 0, 1, zeros(16_385)))));
    cases.add(connectionError("HEADERS on stream 0", ErrorCode.PROTOCOL_ERROR,
        "HEADERS frame on stream 0", headers(endHeaders, 0, "88")));
    cases.add(connectionError("DATA on stream 0", ErrorCode.PROTOCOL_ERROR,
        "DATA frame on stream 0", afterHead(frame(TYPE_DATA, 0, 0, "616263"))));
    cases.add(connectionError("DATA padding longer than its frame", ErrorCode.PROTOCOL_ERROR,
        "DATA padding of 5 bytes exceeds the payload of 4",
        afterHead(frame(TYPE_DATA, FLAG_PADDED, 1, "05616263"))));
    cases.add(connectionError("HEADERS padding longer than its frame", ErrorCode.PROTOCOL_ERROR,
        "HEADERS padding of 9 bytes exceeds the payload of 2",
        headers(endHeaders | FLAG_PADDED, 1, "0988")));
    cases.add(connectionError("RST_STREAM on stream 0", ErrorCode.PROTOCOL_ERROR,
        "RST_STREAM frame on stream 0", frame(TYPE_RST_STREAM, 0, 0, "00000008")));
    cases.add(connectionError("RST_STREAM of 3 bytes", ErrorCode.FRAME_SIZE_ERROR,
        "RST_STREAM frame of 3 bytes; expected 4", frame(TYPE_RST_STREAM, 0, 1, "000008")));
    cases.add(connectionError("PING of 7 bytes", ErrorCode.FRAME_SIZE_ERROR,
        "PING frame of 7 bytes; expected 8", frame(TYPE_PING, 0, 0, zeros(7))));
    cases.add(connectionError("PING on stream 1", ErrorCode.PROTOCOL_ERROR,
        "PING frame on stream 1; expected stream 0", frame(TYPE_PING, 0, 1, zeros(8))));
    cases.add(connectionError("GOAWAY of 7 bytes", ErrorCode.FRAME_SIZE_ERROR,
        "GOAWAY frame of 7 bytes; expected at least 8", frame(TYPE_GOAWAY, 0, 0, zeros(7))));
    cases.add(connectionError("GOAWAY on stream 1", ErrorCode.PROTOCOL_ERROR,
        "GOAWAY frame on stream 1; expected stream 0", frame(TYPE_GOAWAY, 0, 1, zeros(8))));
    cases.add(connectionError("WINDOW_UPDATE of 5 bytes", ErrorCode.FRAME_SIZE_ERROR,
        "WINDOW_UPDATE frame of 5 bytes; expected 4",
        frame(TYPE_WINDOW_UPDATE, 0, 0, "0000000100")));
    cases.add(connectionError("server's first frame is not SETTINGS", ErrorCode.PROTOCOL_ERROR,
        "Expected the server's SETTINGS first but was PING",
        frame(TYPE_PING, 0, 0, zeros(8))).withoutServerSettings());

    // Stream states (RFC 9113 §5.1): nothing for a stream the client never opened or finished.
    cases.add(connectionError("HEADERS on stream 2, which only push could open",
        ErrorCode.PROTOCOL_ERROR, "HEADERS frame on stream 2, which a server cannot open",
        headers(endBoth, 2, "88")));
    cases.add(connectionError("HEADERS on stream 5, never opened", ErrorCode.PROTOCOL_ERROR,
        "HEADERS frame on stream 5, which this client never opened", headers(endBoth, 5, "88")));
    cases.add(connectionError("DATA on stream 3, never opened", ErrorCode.PROTOCOL_ERROR,
        "DATA frame on stream 3, which this client never opened",
        frame(TYPE_DATA, 0, 3, "616263")));
    cases.add(connectionError("RST_STREAM on stream 7, never opened", ErrorCode.PROTOCOL_ERROR,
        "RST_STREAM frame on stream 7, which this client never opened",
        frame(TYPE_RST_STREAM, 0, 7, "00000008")));
    cases.add(connectionError("WINDOW_UPDATE on stream 9, never opened",
        ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE frame on stream 9, which this client never "
            + "opened", frame(TYPE_WINDOW_UPDATE, 0, 9, "00000001")));
    cases.add(new Case("DATA after END_STREAM on a finished stream", "",
        peer -> {
          peer.respond(1, "done");
          peer.send(TYPE_DATA, 0, 1, "6d6f7265");
        }, new Succeeds("done", ErrorCode.STREAM_CLOSED), false, true,
        UnaryOperator.identity()));
    cases.add(streamError("DATA after END_STREAM while the request is still sent",
        ErrorCode.STREAM_CLOSED, "DATA on stream 1 after END_STREAM",
        peer -> {
          peer.await(TYPE_DATA, 1); // The body is under way, stalled by the stream window.
          peer.send(TYPE_HEADERS, endBoth, 1, "88");
          peer.send(TYPE_DATA, 0, 1, "6d6f7265");
        }).posting());
    cases.add(connectionError("PUSH_PROMISE, with push disabled", ErrorCode.PROTOCOL_ERROR,
        "PUSH_PROMISE on stream 1 but push is disabled",
        frame(TYPE_PUSH_PROMISE, endHeaders, 1, "00000002" + "82")));

    // Header blocks (RFC 9113 §4.3, §6.10): one contiguous block, of bounded size.
    cases.add(connectionError("CONTINUATION without HEADERS", ErrorCode.PROTOCOL_ERROR,
        "CONTINUATION on stream 1 without a HEADERS frame before it",
        frame(TYPE_CONTINUATION, endHeaders, 1, "88")));
    cases.add(connectionError("HEADERS interrupted by DATA", ErrorCode.PROTOCOL_ERROR,
        "Expected CONTINUATION on stream 1 but was DATA on stream 1",
        peer -> {
          peer.send(TYPE_HEADERS, 0, 1, "88");
          peer.send(TYPE_DATA, 0, 1, "61");
        }));
    cases.add(connectionError("CONTINUATION on another stream", ErrorCode.PROTOCOL_ERROR,
        "Expected CONTINUATION on stream 1 but was CONTINUATION on stream 3",
        peer -> {
          peer.send(TYPE_HEADERS, 0, 1, "88");
          peer.send(TYPE_CONTINUATION, endHeaders, 3, "");
        }));
    cases.add(connectionError("CONTINUATION flood", ErrorCode.ENHANCE_YOUR_CALM,
        "Header block on stream 1 spans more than 64 CONTINUATION frames",
        peer -> {
          peer.send(TYPE_HEADERS, 0, 1, "88");
          for (int i = 0; i < 65; i++) peer.send(TYPE_CONTINUATION, 0, 1, "");
        }));
    cases.add(connectionError("header block over 256 KiB", ErrorCode.ENHANCE_YOUR_CALM,
        "Header block of 278528 compressed bytes exceeds 262144",
        peer -> {
          ByteString filler = ByteString.of(new byte[16_384]);
          peer.send(TYPE_HEADERS, 0, 1, filler);
          for (int i = 0; i < 16; i++) peer.send(TYPE_CONTINUATION, 0, 1, filler);
        }));

    // HPACK (RFC 7541): any coding error ends the connection's compression context.
    cases.add(connectionError("HPACK index beyond the tables", ErrorCode.COMPRESSION_ERROR,
        "Header index 62 out of range", headers(endBoth, 1, "88be")));
    cases.add(connectionError("HPACK index 0", ErrorCode.COMPRESSION_ERROR,
        "Indexed header field with index 0", headers(endBoth, 1, "80")));
    cases.add(connectionError("HPACK table size update above the setting",
        ErrorCode.COMPRESSION_ERROR, "Dynamic table size update to 4097 exceeds",
        headers(endBoth, 1, "3fe21f88")));
    cases.add(connectionError("HPACK table size update after a field",
        ErrorCode.COMPRESSION_ERROR, "Dynamic table size update after a header field",
        headers(endBoth, 1, "8820")));
    cases.add(connectionError("HPACK string past the block", ErrorCode.COMPRESSION_ERROR,
        "String literal of 5 octets exceeds the 0 left", headers(endBoth, 1, "884005")));
    cases.add(connectionError("HPACK Huffman string holding EOS", ErrorCode.COMPRESSION_ERROR,
        "EOS symbol inside a Huffman-coded string", headers(endBoth, 1, "884084ffffffff")));
    cases.add(connectionError("HPACK integer overflow", ErrorCode.COMPRESSION_ERROR,
        "Integer overflow in header block", headers(endBoth, 1, "88ffffffffff0f")));

    // SETTINGS (RFC 9113 §6.5): valid values only, and not a flood.
    cases.add(connectionError("SETTINGS_ENABLE_PUSH=1", ErrorCode.PROTOCOL_ERROR,
        "SETTINGS_ENABLE_PUSH=1 from a server", frame(TYPE_SETTINGS, 0, 0, "000200000001")));
    cases.add(connectionError("SETTINGS_INITIAL_WINDOW_SIZE of 2^31", ErrorCode.FLOW_CONTROL_ERROR,
        "SETTINGS_INITIAL_WINDOW_SIZE 2147483648 exceeds 2^31-1",
        frame(TYPE_SETTINGS, 0, 0, "000480000000")));
    cases.add(connectionError("SETTINGS_MAX_FRAME_SIZE of 1000", ErrorCode.PROTOCOL_ERROR,
        "SETTINGS_MAX_FRAME_SIZE 1000 is outside 16384..16777215",
        frame(TYPE_SETTINGS, 0, 0, "0005000003e8")));
    cases.add(connectionError("SETTINGS of 5 bytes", ErrorCode.FRAME_SIZE_ERROR,
        "SETTINGS payload of 5 bytes is not a multiple of 6",
        frame(TYPE_SETTINGS, 0, 0, "0003000000")));
    cases.add(connectionError("SETTINGS ACK with a payload", ErrorCode.FRAME_SIZE_ERROR,
        "SETTINGS ACK with a payload of 6 bytes",
        frame(TYPE_SETTINGS, FLAG_ACK, 0, "000300000001")));
    cases.add(connectionError("SETTINGS on stream 1", ErrorCode.PROTOCOL_ERROR,
        "SETTINGS frame on stream 1; expected stream 0", frame(TYPE_SETTINGS, 0, 1, "")));
    cases.add(connectionError("SETTINGS_INITIAL_WINDOW_SIZE overflowing an open stream",
        ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE grows a stream window past",
        peer -> {
          peer.send(TYPE_WINDOW_UPDATE, 0, 1, "7fff0000");
          peer.send(TYPE_SETTINGS, 0, 0, "000400020000");
        }));
    cases.add(connectionError("SETTINGS flood", ErrorCode.ENHANCE_YOUR_CALM,
        "More than 1000 PING and SETTINGS frames in a second",
        repeat(1_001, frame(TYPE_SETTINGS, 0, 0, ""))));
    cases.add(connectionError("PING flood", ErrorCode.ENHANCE_YOUR_CALM,
        "More than 1000 PING and SETTINGS frames in a second",
        repeat(1_001, frame(TYPE_PING, 0, 0, zeros(8)))));
    cases.add(connectionError("empty DATA flood", ErrorCode.ENHANCE_YOUR_CALM,
        "More than 100 consecutive empty DATA frames",
        afterHead(repeat(101, frame(TYPE_DATA, 0, 1, "")))));

    // Flow control (RFC 9113 §6.9): windows never above 2^31-1, never overrun.
    cases.add(connectionError("WINDOW_UPDATE overflowing the connection window",
        ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE grows the connection window past 2^31-1",
        frame(TYPE_WINDOW_UPDATE, 0, 0, "7fffffff")));
    cases.add(connectionError("WINDOW_UPDATE of 0 on the connection", ErrorCode.PROTOCOL_ERROR,
        "WINDOW_UPDATE with an increment of 0 on the connection",
        frame(TYPE_WINDOW_UPDATE, 0, 0, "00000000")));
    cases.add(connectionError("DATA beyond the connection window", ErrorCode.FLOW_CONTROL_ERROR,
        "DATA of 16384 bytes on stream 1 exceeds the connection window of 16383",
        afterHead(repeat(4, frame(TYPE_DATA, 0, 1, zeros(16_384))))).headersOnly()
        .with(builder -> builder.connectionWindowSize(65_535).streamWindowSize(1 << 20)));
    cases.add(streamError("DATA beyond the stream window", ErrorCode.FLOW_CONTROL_ERROR,
        "DATA of 16384 bytes on stream 1 exceeds its window of 16383",
        afterHead(repeat(4, frame(TYPE_DATA, 0, 1, zeros(16_384))))).headersOnly()
        .with(builder -> builder.streamWindowSize(65_535)));
    cases.add(streamError("WINDOW_UPDATE overflowing a stream window",
        ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE grows the window of stream 1 past 2^31-1",
        frame(TYPE_WINDOW_UPDATE, 0, 1, "7fffffff")));
    cases.add(streamError("WINDOW_UPDATE of 0 on a stream", ErrorCode.PROTOCOL_ERROR,
        "WINDOW_UPDATE with an increment of 0 on stream 1",
        frame(TYPE_WINDOW_UPDATE, 0, 1, "00000000")));

    // Priority (RFC 9113 §5.3, §6.3): ignored, but still well-formed.
    cases.add(streamError("PRIORITY of 4 bytes", ErrorCode.FRAME_SIZE_ERROR,
        "PRIORITY frame of 4 bytes; expected 5", frame(TYPE_PRIORITY, 0, 1, "00000003")));
    cases.add(streamError("PRIORITY depending on itself", ErrorCode.PROTOCOL_ERROR,
        "PRIORITY on stream 1 depends on itself", frame(TYPE_PRIORITY, 0, 1, "0000000110")));
    cases.add(streamError("HEADERS depending on itself", ErrorCode.PROTOCOL_ERROR,
        "HEADERS on stream 1 depends on itself",
        headers(endBoth | FLAG_PRIORITY, 1, "00000001" + "10" + "88")));

    // Malformed responses (RFC 9113 §8.1.1, §8.2, §8.3.2): the stream is reset, nothing else.
    String malformed = "Malformed response on stream 1: ";
    cases.add(streamError("DATA before the response head", ErrorCode.PROTOCOL_ERROR,
        malformed + "DATA before the response head", frame(TYPE_DATA, FLAG_END_STREAM, 1, "61")));
    cases.add(streamError("uppercase header name", ErrorCode.PROTOCOL_ERROR,
        malformed + "uppercase header name X-Up",
        headers(endBoth, 1, "88" + literals("X-Up", "1"))));
    cases.add(streamError("request pseudo-header :path", ErrorCode.PROTOCOL_ERROR,
        malformed + "pseudo-header field :path", headers(endBoth, 1, "88" + "04012f")));
    cases.add(streamError("unknown pseudo-header", ErrorCode.PROTOCOL_ERROR,
        malformed + "pseudo-header field :foo",
        headers(endBoth, 1, "88" + literals(":foo", "1"))));
    cases.add(streamError("two :status fields", ErrorCode.PROTOCOL_ERROR,
        malformed + "a second :status", headers(endBoth, 1, "8888")));
    cases.add(streamError(":status after a regular field", ErrorCode.PROTOCOL_ERROR,
        malformed + ":status after regular header fields",
        headers(endBoth, 1, literals("x", "1") + "88")));
    cases.add(streamError("no :status", ErrorCode.PROTOCOL_ERROR, malformed + "no :status",
        headers(endBoth, 1, literals("x", "1"))));
    cases.add(streamError(":status that is not a number", ErrorCode.PROTOCOL_ERROR,
        malformed + "invalid :status", headers(endBoth, 1, "0803" + "323078")));
    cases.add(streamError(":status 101", ErrorCode.PROTOCOL_ERROR,
        malformed + ":status 101, which HTTP/2 does not allow",
        headers(endBoth, 1, "0803" + "313031")));
    for (String name : List.of("connection", "keep-alive", "proxy-connection",
        "transfer-encoding", "upgrade", "te")) {
      cases.add(streamError("connection-specific field " + name, ErrorCode.PROTOCOL_ERROR,
          malformed + "connection-specific header field " + name,
          headers(endBoth, 1, "88" + literals(name, "x"))));
    }
    cases.add(streamError("space before a value", ErrorCode.PROTOCOL_ERROR,
        malformed + "whitespace around the value of x",
        headers(endBoth, 1, "88" + literals("x", " y"))));
    for (String control : List.of("\u0000", "\r", "\n")) {
      cases.add(streamError("control 0x" + Integer.toHexString(control.charAt(0))
          + " in a value", ErrorCode.PROTOCOL_ERROR,
          malformed + "control character 0x" + Integer.toHexString(control.charAt(0))
              + " in the value of x",
          headers(endBoth, 1, "88" + literals("x", "a" + control + "b"))));
    }
    cases.add(streamError("space in a name", ErrorCode.PROTOCOL_ERROR,
        malformed + "invalid header name x y", headers(endBoth, 1, "88" + literals("x y", "1"))));
    cases.add(streamError("body shorter than content-length", ErrorCode.PROTOCOL_ERROR,
        malformed + "the body ended after 3 of the 10 bytes content-length declared",
        peer -> {
          peer.send(TYPE_HEADERS, endHeaders, 1, "88" + literals("content-length", "10"));
          peer.send(TYPE_DATA, FLAG_END_STREAM, 1, "616263");
        }));
    cases.add(streamError("body longer than content-length", ErrorCode.PROTOCOL_ERROR,
        malformed + "more than the 2 bytes content-length declared",
        peer -> {
          peer.send(TYPE_HEADERS, endHeaders, 1, "88" + literals("content-length", "2"));
          peer.send(TYPE_DATA, FLAG_END_STREAM, 1, "616263");
        }));
    cases.add(streamError("DATA in a 204 response", ErrorCode.PROTOCOL_ERROR,
        malformed + "DATA in a response that has no body",
        peer -> {
          peer.send(TYPE_HEADERS, endHeaders, 1, "89"); // :status 204.
          peer.send(TYPE_DATA, FLAG_END_STREAM, 1, "78");
        }));
    cases.add(streamError("content-length that is not a number", ErrorCode.PROTOCOL_ERROR,
        malformed + "invalid content-length",
        headers(endBoth, 1, "88" + literals("content-length", "+3"))));
    cases.add(streamError("conflicting content-length", ErrorCode.PROTOCOL_ERROR,
        malformed + "conflicting content-length values 3, 4",
        headers(endBoth, 1, "88" + literals("content-length", "3", "content-length", "4"))));
    cases.add(streamError("1xx with END_STREAM", ErrorCode.PROTOCOL_ERROR,
        malformed + "a 103 response with END_STREAM", headers(endBoth, 1, "0803" + "313033")));
    cases.add(streamError("33 interim responses", ErrorCode.PROTOCOL_ERROR,
        malformed + "more than 32 interim responses",
        repeat(33, headers(endHeaders, 1, "0803" + "313033"))));
    cases.add(streamError("pseudo-header in trailers", ErrorCode.PROTOCOL_ERROR,
        malformed + "pseudo-header field :status in trailers",
        afterHead(headers(endBoth, 1, "88"))));
    cases.add(streamError("second head without END_STREAM", ErrorCode.PROTOCOL_ERROR,
        malformed + "HEADERS after the response head without END_STREAM",
        afterHead(headers(endHeaders, 1, literals("x", "1")))));
    cases.add(streamError("HPACK bomb past the header list limit", ErrorCode.PROTOCOL_ERROR,
        "Response header list on stream 1 exceeds SETTINGS_MAX_HEADER_LIST_SIZE",
        peer -> {
          Buffer block = new Buffer().writeByte(0x88).writeByte(0x40);
          ScriptedPeer.string(block, "x");
          ScriptedPeer.string(block, "y".repeat(4_000)); // Inserted once, 4,033 octets...
          for (int i = 0; i < 70; i++) block.writeByte(0xbe); // ...then listed 70 more times.
          peer.send(TYPE_HEADERS, endBoth, 1, block.readByteString());
        }));

    // Resets and shutdown by the server (RFC 9113 §6.4, §6.8, §8.7).
    cases.add(fails("RST_STREAM with REFUSED_STREAM", UnprocessedStreamException.class,
        "stream 1 was refused by the server (REFUSED_STREAM) before any processing", true,
        frame(TYPE_RST_STREAM, 0, 1, "00000007")));
    cases.add(fails("RST_STREAM with CANCEL", StreamResetException.class,
        "stream was reset: CANCEL", true, frame(TYPE_RST_STREAM, 0, 1, "00000008")));
    cases.add(fails("RST_STREAM with an unknown code", StreamResetException.class,
        "stream was reset: 0xff", true, frame(TYPE_RST_STREAM, 0, 1, "000000ff")));
    cases.add(fails("GOAWAY before the stream", UnprocessedStreamException.class,
        "Stream 1 was not processed: the server sent GOAWAY (NO_ERROR, last stream 0)", false,
        frame(TYPE_GOAWAY, 0, 0, "00000000" + "00000000")));
    cases.add(fails("server closing mid-frame", IOException.class, null, false,
        peer -> {
          peer.sendRaw("00000a000100000001" + "8861");
          peer.close();
        }));
    cases.add(new Case("RST_STREAM NO_ERROR after a complete response", "",
        peer -> {
          peer.await(TYPE_DATA, 1); // The body is under way, stalled by the stream window.
          peer.respond(1, "early");
          peer.send(TYPE_RST_STREAM, 0, 1, "00000000");
        }, new Succeeds("early", null), true, true, UnaryOperator.identity()));
    cases.add(new Case("GOAWAY after the stream", "",
        peer -> {
          peer.send(TYPE_GOAWAY, 0, 0, "00000001" + "00000000");
          peer.respond(1, "last");
        }, new Succeeds("last", null), false, true, UnaryOperator.identity()));

    // What a server may send, and the client must take in its stride.
    cases.add(succeeds("unknown frame type", "ok", peer -> {
      peer.send(0x42, 0xff, 1, "0102");
      peer.respond(1, "ok");
    }));
    cases.add(succeeds("PRIORITY", "ok", peer -> {
      peer.send(TYPE_PRIORITY, 0, 1, "0000000310");
      peer.respond(1, "ok");
    }));
    cases.add(succeeds("padded HEADERS and DATA", "abc", peer -> {
      peer.send(TYPE_HEADERS, endHeaders | FLAG_PADDED, 1, "02" + "88" + "0000");
      peer.send(TYPE_DATA, FLAG_PADDED | FLAG_END_STREAM, 1, "03" + "616263" + "000000");
    }));
    cases.add(succeeds("header block in CONTINUATION frames", "ok", peer -> {
      peer.send(TYPE_HEADERS, 0, 1, "88");
      peer.send(TYPE_CONTINUATION, 0, 1, "");
      peer.send(TYPE_CONTINUATION, endHeaders, 1, literals("x", "1"));
      peer.send(TYPE_DATA, FLAG_END_STREAM, 1, "6f6b");
    }));
    cases.add(succeeds("PING while the response streams", "ok", peer -> {
      peer.send(TYPE_HEADERS, endHeaders, 1, "88");
      peer.send(TYPE_PING, 0, 0, "0000000000000042");
      peer.send(TYPE_DATA, FLAG_END_STREAM, 1, "6f6b");
    }));
    cases.add(succeeds("empty DATA frames below the flood limit", "ok", afterHead(peer -> {
      for (int i = 0; i < 100; i++) peer.send(TYPE_DATA, 0, 1, "");
      peer.send(TYPE_DATA, FLAG_END_STREAM, 1, "6f6b");
    })));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void hostilePeer(Case c) throws Exception {
    try (ScriptedPeer peer = new ScriptedPeer()) {
      Http2TestClient client = Http2TestClient.connect("127.0.0.1", peer.port(), c.options());
      try {
        peer.accept(c.settings());
        Request request = c.post()
            ? new Request.Builder().url("http://127.0.0.1:" + peer.port() + "/")
                .post(RequestBody.create(new byte[1024 * 1024],
                    MediaType.get("application/octet-stream")))
                .build()
            : new Request.Builder().url("http://127.0.0.1:" + peer.port() + "/").build();
        Future<Object> call = executor.submit(() -> {
          Response response = client.execute(request);
          if (!c.readBody()) return response;
          try (response) {
            return response.body().string();
          }
        });
        peer.await(TYPE_HEADERS, 1);
        c.script().run(peer);
        check(c, peer, client, call);
      } finally {
        client.close();
      }
    }
  }

  private void check(Case c, ScriptedPeer peer, Http2TestClient client, Future<Object> call)
      throws Exception {
    Outcome outcome = c.outcome();
    // A body read before the error would grant the server more window: read it afterwards.
    if (outcome instanceof ConnectionError error) {
      ErrorCode goAway = peer.awaitGoAway();
      Throwable failure = failure(c, call);
      assertThat(failure).isInstanceOf(Http2ProtocolException.class)
          .hasMessageStartingWith(error.message());
      assertThat(((Http2ProtocolException) failure).errorCode()).isEqualTo(error.code());
      assertThat(goAway).isEqualTo(error.code());
      assertThat(client.connection.isShutdown()).isTrue();
    } else if (outcome instanceof StreamError error) {
      ErrorCode reset = peer.awaitReset(1);
      Throwable failure = failure(c, call);
      assertThat(failure).isInstanceOf(Http2ProtocolException.class)
          .hasMessageStartingWith(error.message());
      assertThat(((Http2ProtocolException) failure).errorCode()).isEqualTo(error.code());
      assertThat(reset).isEqualTo(error.code());
      assertUsable(peer, client);
    } else if (outcome instanceof Fails fails) {
      Throwable failure = failure(c, call);
      assertThat(failure).isInstanceOf(fails.type());
      if (fails.message() != null) assertThat(failure).hasMessage(fails.message());
      if (fails.usable()) {
        assertUsable(peer, client);
      } else {
        Await.until("the connection stops taking streams", client.connection::isShutdown);
      }
    } else if (outcome instanceof Succeeds succeeds) {
      assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(succeeds.body());
      if (succeeds.goAway() != null) {
        assertThat(peer.awaitGoAway()).isEqualTo(succeeds.goAway());
        assertThat(client.connection.isShutdown()).isTrue();
      } else if (!client.connection.isShutdown()) {
        assertUsable(peer, client);
      }
    }
  }

  /** Returns what the call failed with, reading the body of a headers-only call to find it. */
  private static Throwable failure(Case c, Future<Object> call) throws Exception {
    try {
      Object result = call.get(10, TimeUnit.SECONDS);
      if (c.readBody()) throw new AssertionError("expected a failure but read " + result);
      try (Response response = (Response) result) {
        String body = response.body().string();
        throw new AssertionError("expected a failure but read " + body.length() + " bytes");
      } catch (IOException e) {
        return e;
      }
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /** Asserts that the connection carries the next request, on stream 3, untouched. */
  private void assertUsable(ScriptedPeer peer, Http2TestClient client) throws Exception {
    Future<String> next = executor.submit(() -> {
      Request request = new Request.Builder().url("http://127.0.0.1:" + peer.port() + "/next")
          .build();
      try (Response response = client.execute(request)) {
        return response.body().string();
      }
    });
    peer.await(TYPE_HEADERS, 3);
    peer.respond(3, "next");
    assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("next");
  }
}
