package dev.courier.internal.http;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import dev.courier.MediaType;
import okio.BufferedSource;
import okio.ByteString;
import okio.Options;

/**
 * Picks the charset of text bodies. Decoding: a byte order mark at the start of the body wins over
 * the charset the headers declare (as the WHATWG encoding standard does), and is consumed.
 * Encoding: the declared charset, else UTF-8, declared.
 */
public final class BodyCharsets {
  private static final Options UNICODE_BOMS = Options.of(
      ByteString.decodeHex("efbbbf"),   // UTF-8
      ByteString.decodeHex("feff"),     // UTF-16BE
      ByteString.decodeHex("fffe0000"), // UTF-32LE, listed before UTF-16LE which it starts with
      ByteString.decodeHex("fffe"),     // UTF-16LE
      ByteString.decodeHex("0000feff")  // UTF-32BE
  );

  private BodyCharsets() {
  }

  /**
   * How text becomes body bytes: in the charset its media type declares, or else in UTF-8, with
   * {@code ; charset=utf-8} added to the type so the reader decodes it the same way.
   *
   * @param charset the charset to encode the text with
   * @param contentType the media type to send, or null if there is none
   */
  public record TextEncoding(Charset charset, MediaType contentType) {
  }

  /** Returns how to encode text declared as {@code contentType}, which may be null. */
  public static TextEncoding forText(MediaType contentType) {
    if (contentType == null) return new TextEncoding(StandardCharsets.UTF_8, null);
    Charset declared = contentType.charset();
    if (declared != null) return new TextEncoding(declared, contentType);
    return new TextEncoding(StandardCharsets.UTF_8, MediaType.parse(contentType + "; charset=utf-8"));
  }

  /**
   * Returns the length of the byte order mark that {@code bytes} starts with, or 0: the same marks
   * {@link #select(BufferedSource, Charset)} consumes.
   */
  public static int byteOrderMarkLength(byte[] bytes) {
    int index = byteOrderMark(bytes);
    return index == -1 ? 0 : UNICODE_BOMS.get(index).size();
  }

  /**
   * Returns the charset of the byte order mark that {@code bytes} starts with.
   *
   * @throws IllegalArgumentException if it starts with none
   */
  public static Charset byteOrderMarkCharset(byte[] bytes) {
    int index = byteOrderMark(bytes);
    if (index == -1) throw new IllegalArgumentException("no byte order mark");
    return charset(index, null);
  }

  /**
   * Returns the index in {@link #UNICODE_BOMS} of the mark that starts {@code bytes}, or -1,
   * deciding as {@link BufferedSource#select} does at the end of a source: the first mark listed
   * wins, and a body that ends while an earlier-listed mark could still match has none.
   */
  private static int byteOrderMark(byte[] bytes) {
    for (int i = 0, size = UNICODE_BOMS.size(); i < size; i++) {
      ByteString bom = UNICODE_BOMS.get(i);
      int length = Math.min(bytes.length, bom.size());
      if (!bom.rangeEquals(0, bytes, 0, length)) continue;
      return length == bom.size() ? i : -1;
    }
    return -1;
  }

  /** Consumes a byte order mark if {@code source} starts with one, and returns the charset. */
  public static Charset select(BufferedSource source, Charset declared) throws IOException {
    return charset(source.select(UNICODE_BOMS), declared);
  }

  private static Charset charset(int bomIndex, Charset declared) {
    switch (bomIndex) {
      case 0: return StandardCharsets.UTF_8;
      case 1: return StandardCharsets.UTF_16BE;
      case 2: return Charset.forName("UTF-32LE");
      case 3: return StandardCharsets.UTF_16LE;
      case 4: return Charset.forName("UTF-32BE");
      default: return declared;
    }
  }
}
