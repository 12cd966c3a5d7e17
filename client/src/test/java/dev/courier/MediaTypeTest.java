package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypeTest {

  @Test
  void typeAndSubtype() {
    MediaType mediaType = MediaType.get("text/plain");
    assertThat(mediaType.type()).isEqualTo("text");
    assertThat(mediaType.subtype()).isEqualTo("plain");
    assertThat(mediaType.charset()).isNull();
    assertThat(mediaType).hasToString("text/plain");
  }

  @Test
  void typeAndSubtypeAreLowerCasedButToStringIsOriginal() {
    MediaType mediaType = MediaType.get("Application/VND.API+JSON; Charset=UTF-8");
    assertThat(mediaType.type()).isEqualTo("application");
    assertThat(mediaType.subtype()).isEqualTo("vnd.api+json");
    assertThat(mediaType.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(mediaType).hasToString("Application/VND.API+JSON; Charset=UTF-8");
  }

  @Test
  void parameters() {
    MediaType mediaType =
        MediaType.get("multipart/form-data; boundary=\"a b;c,d\"; charset=utf-8;x=y");
    assertThat(mediaType.parameter("boundary")).isEqualTo("a b;c,d");
    assertThat(mediaType.parameter("BOUNDARY")).isEqualTo("a b;c,d");
    assertThat(mediaType.parameter("charset")).isEqualTo("utf-8");
    assertThat(mediaType.parameter("x")).isEqualTo("y");
    assertThat(mediaType.parameter("missing")).isNull();
  }

  @Test
  void firstParameterWins() {
    assertThat(MediaType.get("text/plain; a=1; A=2").parameter("a")).isEqualTo("1");
  }

  @Test
  void quotedStringEscapes() {
    MediaType mediaType = MediaType.get("text/plain; title=\"say \\\"hi\\\" \\\\ now\"");
    assertThat(mediaType.parameter("title")).isEqualTo("say \"hi\" \\ now");
  }

  @Test
  void emptyQuotedValue() {
    assertThat(MediaType.get("text/plain; a=\"\"").parameter("a")).isEmpty();
  }

  @Test
  void singleQuotedValueHasQuotesRemoved() {
    MediaType mediaType = MediaType.get("text/plain; charset='utf-8'");
    assertThat(mediaType.parameter("charset")).isEqualTo("utf-8");
    assertThat(mediaType.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(MediaType.get("text/plain; a=''").parameter("a")).isEqualTo("''");
  }

  @Test
  void whitespaceAndEmptyParameters() {
    MediaType mediaType = MediaType.get("  text/html ;  charset=utf-8 ;; ; \t");
    assertThat(mediaType.subtype()).isEqualTo("html");
    assertThat(mediaType.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(MediaType.get("text/plain;").subtype()).isEqualTo("plain");
  }

  @Test
  void charset() {
    assertThat(MediaType.get("text/plain; charset=ISO-8859-1").charset())
        .isEqualTo(StandardCharsets.ISO_8859_1);
    assertThat(MediaType.get("text/plain; charset=\"utf-16\"").charset())
        .isEqualTo(StandardCharsets.UTF_16);
  }

  @Test
  void unsupportedOrIllegalCharsetIsNull() {
    assertThat(MediaType.get("text/plain; charset=no-such-charset").charset()).isNull();
    assertThat(MediaType.get("text/plain; charset=\"utf 8\"").charset()).isNull();
    assertThat(MediaType.get("text/plain; charset=no-such-charset")
        .charset(StandardCharsets.UTF_8)).isEqualTo(StandardCharsets.UTF_8);
    assertThat(MediaType.get("text/plain").charset(StandardCharsets.US_ASCII))
        .isEqualTo(StandardCharsets.US_ASCII);
    assertThat(MediaType.get("text/plain; charset=utf-8").charset(StandardCharsets.US_ASCII))
        .isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void duplicateCharsetWithSameValueIsAllowed() {
    assertThat(MediaType.get("text/plain; charset=utf-8; charset=UTF-8").charset())
        .isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void duplicateCharsetWithDifferentValuesIsRejected() {
    String input = "text/plain; charset=utf-8; charset=utf-16";
    assertThat(MediaType.parse(input)).isNull();
    assertThatThrownBy(() -> MediaType.get(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Multiple charsets defined: \"utf-8\" and: \"utf-16\" for: \"" + input + "\"");
  }

  @Test
  void noSubtypeMessage() {
    assertThatThrownBy(() -> MediaType.get("text"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No subtype found for: \"text\"");
    assertThatThrownBy(() -> MediaType.get("text/"))
        .hasMessage("No subtype found for: \"text/\"");
  }

  @Test
  void badParameterMessage() {
    assertThatThrownBy(() -> MediaType.get("text/plain; a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Parameter is not formatted correctly: \"; a\" for: \"text/plain; a\"");
  }

  @Test
  void messagesEscapeControlCharacters() {
    assertThatThrownBy(() -> MediaType.get("text/plain\r\nX-Evil: 1"))
        .hasMessage("Parameter is not formatted correctly: \"\\r\\nX-Evil: 1\" for: "
            + "\"text/plain\\r\\nX-Evil: 1\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "text", "text/", "/plain", "text /plain", "text/ plain", "te(xt/plain",
      "text/pl@in", "text/plain/x", "text/plain; a", "text/plain; =b", "text/plain; a=",
      "text/plain; a=b c", "text/plain; a=\"b", "text/plain; a=\"b\\", "text/plain; a=\"b\"c",
      "text/plain; a b=c", "text/plain; a=@", "text/plain x", "text/plain\n", "text/plain;\u0000",
      "text/plain; a=\"b\rc\"", "téxt/plain", "text/plain; a=é"})
  void invalid(String input) {
    assertThat(MediaType.parse(input)).isNull();
    assertThatThrownBy(() -> MediaType.get(input)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenCharactersAreAccepted() {
    MediaType mediaType = MediaType.get("a!#$%&'*+-.^_`|~z/b!#$%&'*+-.^_`|~z; c!#=d!#");
    assertThat(mediaType.type()).isEqualTo("a!#$%&'*+-.^_`|~z");
    assertThat(mediaType.parameter("c!#")).isEqualTo("d!#");
  }

  @Test
  void quotedValueMayHoldTabAndNonAscii() {
    assertThat(MediaType.get("text/plain; a=\"b\tc é\"").parameter("a")).isEqualTo("b\tc é");
  }

  @Test
  void nullIsRejected() {
    assertThatThrownBy(() -> MediaType.get(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaType.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalsAndHashCodeUseTheString() {
    assertThat(MediaType.get("text/plain")).isEqualTo(MediaType.get("text/plain"))
        .hasSameHashCodeAs(MediaType.get("text/plain"));
    assertThat(MediaType.get("text/plain")).isNotEqualTo(MediaType.get("TEXT/PLAIN"));
    assertThat(MediaType.get("text/plain")).isNotEqualTo("text/plain");
  }
}
