package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import com.code_intelligence.jazzer.junit.FuzzTest;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Fuzz tests for the HTTP/2 parsers that read what a server sends: the frame reader (with HPACK
 * decoding of every header block) and the HPACK decoder alone. A parser may refuse its input only
 * with an {@link IOException}; anything else it throws is a crash, and so is breaking a bound it
 * promises (a frame larger than the maximum, a dynamic table or header list past its limit).
 *
 * <p>In the normal test run each method replays its seed corpus from
 * {@code src/test/resources/dev/courier/internal/http2/Http2FuzzTestInputs/<method>/}; to fuzz
 * one, see {@code client/fuzz.sh}.
 */
class Http2FuzzTest {
  private static final int MAX_FRAME_SIZE = 16_384;
  private static final int MAX_HEADER_LIST_SIZE = 16 * 1024;

  /** Frames after the server's SETTINGS, as the connection's reader thread reads them. */
  @FuzzTest(maxDuration = "2m")
  void frameReader(byte[] input) {
    Buffer in = new Buffer()
        .write(new byte[] {0, 0, 0, Http2.TYPE_SETTINGS, 0, 0, 0, 0, 0}) // Empty SETTINGS.
        .write(input);
    HpackDecoder decoder = new HpackDecoder(4096, MAX_HEADER_LIST_SIZE);
    FrameReader reader = new FrameReader(in, decoder, MAX_FRAME_SIZE, MAX_HEADER_LIST_SIZE);
    CheckingHandler handler = new CheckingHandler();
    try {
      while (reader.nextFrame(handler)) {
        assertThat(decoder.table().size()).isLessThanOrEqualTo(4096);
      }
    } catch (IOException expected) {
      // Malformed input must be refused with an IOException, and nothing else.
    }
  }

  /** Header blocks, decoded one after the other so the dynamic table carries over. */
  @FuzzTest(maxDuration = "2m")
  void hpackDecoder(byte[] input) {
    HpackDecoder decoder = new HpackDecoder(4096, MAX_HEADER_LIST_SIZE);
    // The first byte splits the input into two blocks.
    int split = input.length == 0 ? 0 : Math.min(input[0] & 0xff, input.length - 1);
    try {
      decoder.decode(new Buffer().write(input, Math.min(1, input.length), Math.max(0, split - 1)));
      checkFields(decoder);
      decoder.decode(new Buffer().write(input, split, input.length - split));
      checkFields(decoder);
    } catch (IOException expected) {
      // A coding error is a COMPRESSION_ERROR, and nothing else.
      assertThat(((Http2ProtocolException) expected).errorCode())
          .isEqualTo(ErrorCode.COMPRESSION_ERROR);
    }
  }

  private static void checkFields(HpackDecoder decoder) {
    long listSize = 0;
    for (int i = 0; i < decoder.fieldCount(); i++) {
      assertThat(decoder.name(i)).isNotNull();
      assertThat(decoder.value(i)).isNotNull();
      listSize += decoder.name(i).length() + decoder.value(i).length() + 32L;
    }
    // Characters never outnumber the octets they were decoded from.
    assertThat(listSize).isLessThanOrEqualTo(MAX_HEADER_LIST_SIZE);
    assertThat(decoder.table().size()).isLessThanOrEqualTo(decoder.table().maxSize());
    assertThat(decoder.table().maxSize()).isLessThanOrEqualTo(4096);
  }

  /** Consumes what each frame offers and checks the reader's promises. */
  private static final class CheckingHandler implements FrameReader.Handler {
    @Override
    public void data(int streamId, boolean endStream, BufferedSource source, int dataLength,
        int flowControlledLength) throws IOException {
      assertThat(streamId).isPositive();
      assertThat(dataLength).isBetween(0, flowControlledLength);
      assertThat(flowControlledLength).isLessThanOrEqualTo(MAX_FRAME_SIZE);
      source.skip(dataLength);
    }

    @Override
    public void headers(int streamId, boolean endStream, HpackDecoder fields) {
      assertThat(streamId).isPositive();
      checkFields(fields);
      try {
        ResponseFields.response(fields, streamId);
      } catch (Http2ProtocolException malformed) {
        assertThat(malformed.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Override
    public void rstStream(int streamId, int errorCode) {
      assertThat(streamId).isPositive();
    }

    @Override
    public void settings(Settings settings) {
      if (settings.isSet(Settings.MAX_FRAME_SIZE)) {
        assertThat(settings.get(Settings.MAX_FRAME_SIZE)).isBetween(16_384, 16_777_215);
      }
      if (settings.isSet(Settings.INITIAL_WINDOW_SIZE)) {
        assertThat(settings.get(Settings.INITIAL_WINDOW_SIZE)).isNotNegative();
      }
    }

    @Override
    public void settingsAck() {
    }

    @Override
    public void ping(boolean ack, long payload) {
    }

    @Override
    public void goAway(int lastStreamId, int errorCode) {
      assertThat(lastStreamId).isNotNegative();
    }

    @Override
    public void windowUpdate(int streamId, int increment) {
      assertThat(increment).isPositive();
    }

    @Override
    public void streamError(int streamId, Http2ProtocolException e) {
      assertThat(streamId).isPositive();
    }
  }
}
