package dev.courier.logging;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import dev.courier.MediaType;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a body may be logged as text, and decodes it. Exists because a log is text:
 * binary bodies (images, protobuf, compressed data) would only fill it with noise, so only media
 * types that are text by definition are decoded, and even then content holding control characters
 * is refused.
 */
final class BodyText {
  private static final Set<String> TEXT_SUBTYPES = Set.of("json", "xml", "x-www-form-urlencoded",
      "javascript", "ecmascript", "graphql", "yaml", "x-yaml", "x-ndjson", "csv");

  private BodyText() {
  }

  /** Returns true if {@code type} names text: {@code text/*}, JSON, XML, forms and the like. */
  static boolean isText(@Nullable MediaType type) {
    if (type == null) return false; // No type says nothing; it could as well be binary.
    if (type.type().equals("text")) return true;
    String subtype = type.subtype();
    return TEXT_SUBTYPES.contains(subtype) || subtype.endsWith("+json")
        || subtype.endsWith("+xml") || subtype.endsWith("+yaml");
  }

  /**
   * Returns the content of {@code buffer} decoded with the charset of {@code type} (UTF-8 if it
   * names none), or null if the result holds control characters other than tab, CR and LF, which
   * text does not.
   */
  static @Nullable String decode(Buffer buffer, MediaType type) {
    Charset charset = type.charset(StandardCharsets.UTF_8);
    String text = buffer.readString(charset);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) return null;
    }
    return text;
  }
}
