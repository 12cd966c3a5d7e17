package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

  @Test
  void ofNamesAndValues() {
    Headers headers = Headers.of("Content-Type", "text/plain", "X-Id", "7", "x-id", "8");
    assertThat(headers.size()).isEqualTo(3);
    assertThat(headers.name(0)).isEqualTo("Content-Type");
    assertThat(headers.value(0)).isEqualTo("text/plain");
    assertThat(headers.name(2)).isEqualTo("x-id");
    assertThat(headers.value(2)).isEqualTo("8");
  }

  @Test
  void ofTrimsSpacesAndTabs() {
    Headers headers = Headers.of(" \tX-Id ", " \t 7 \t");
    assertThat(headers.name(0)).isEqualTo("X-Id");
    assertThat(headers.value(0)).isEqualTo("7");
  }

  @Test
  void ofRejectsOddCountAndNulls() {
    assertThatThrownBy(() -> Headers.of("a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("namesAndValues must alternate names and values, but has 1 elements");
    assertThatThrownBy(() -> Headers.of("a", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Headers.of(null, "b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ofDoesNotAliasTheArray() {
    String[] namesAndValues = {"a", "1"};
    Headers headers = Headers.of(namesAndValues);
    namesAndValues[1] = "2";
    assertThat(headers.value(0)).isEqualTo("1");
  }

  @Test
  void ofMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("A", "1");
    map.put("B", "2");
    Headers headers = Headers.of(map);
    assertThat(headers.size()).isEqualTo(2);
    assertThat(headers.get("b")).isEqualTo("2");
  }

  @Test
  void getReturnsLastValueCaseInsensitively() {
    Headers headers = Headers.of("Set-Cookie", "a=1", "SET-COOKIE", "b=2", "Other", "x");
    assertThat(headers.get("set-cookie")).isEqualTo("b=2");
    assertThat(headers.get("missing")).isNull();
  }

  @Test
  void valuesInOrder() {
    Headers headers = Headers.of("Accept", "a", "X", "x", "accept", "b");
    assertThat(headers.values("ACCEPT")).containsExactly("a", "b");
    assertThat(headers.values("missing")).isEmpty();
    assertThatThrownBy(() -> headers.values("accept").add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void names() {
    Headers headers = Headers.of("b", "1", "A", "2", "B", "3", "c", "4");
    assertThat(headers.names()).containsExactly("A", "b", "c");
    assertThat(headers.names().contains("C")).isTrue();
  }

  @Test
  void toMultimap() {
    Headers headers = Headers.of("B", "1", "a", "2", "b", "3");
    Map<String, List<String>> multimap = headers.toMultimap();
    assertThat(multimap).containsOnlyKeys("a", "b");
    assertThat(multimap.get("b")).containsExactly("1", "3");
    assertThatThrownBy(() -> multimap.put("c", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void getInstant() {
    Headers headers = Headers.of("Date", "Sun, 06 Nov 1994 08:49:37 GMT", "Expires", "0");
    assertThat(headers.getInstant("Date")).isEqualTo(Instant.parse("1994-11-06T08:49:37Z"));
    assertThat(headers.getInstant("Expires")).isNull();
    assertThat(headers.getInstant("Missing")).isNull();
  }

  @Test
  void byteCount() {
    Headers headers = Headers.of("ab", "cde", "f", "");
    // "ab: cde\r\n" is 9 bytes, "f: \r\n" is 5.
    assertThat(headers.byteCount()).isEqualTo(14);
    assertThat(Headers.EMPTY.byteCount()).isZero();
  }

  @Test
  void iterator() {
    Headers headers = Headers.of("a", "1", "b", "2");
    assertThat(headers).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }

  @Test
  void equalsAndHashCodeAreOrderAndCaseSensitive() {
    Headers headers = Headers.of("a", "1", "b", "2");
    assertThat(headers).isEqualTo(Headers.of("a", "1", "b", "2"))
        .hasSameHashCodeAs(Headers.of("a", "1", "b", "2"));
    assertThat(headers).isNotEqualTo(Headers.of("b", "2", "a", "1"));
    assertThat(headers).isNotEqualTo(Headers.of("A", "1", "b", "2"));
  }

  @Test
  void toStringRedactsSecrets() {
    Headers headers = Headers.of("Authorization", "Bearer secret", "Cookie", "a=b",
        "Proxy-Authorization", "Basic x", "Set-Cookie", "c=d", "Accept", "*/*");
    assertThat(headers.toString()).isEqualTo("Authorization: ██\nCookie: ██\n"
        + "Proxy-Authorization: ██\nSet-Cookie: ██\nAccept: */*\n");
    assertThat(Headers.isSensitive("authorization")).isTrue();
    assertThat(Headers.isSensitive("Accept")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "a:b", "a\r", "a\n", "a\u0000", "a\u007f", "é", "a(b",
      "a\"b", "a/b", "a@b", "a{b", "[a]"})
  void invalidNamesAreRejected(String name) {
    assertThatThrownBy(() -> new Headers.Builder().add(name, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u0000"));
  }

  @Test
  void invalidNameMessageNamesCharacterAndPosition() {
    assertThatThrownBy(() -> new Headers.Builder().add("a\rb", "v"))
        .hasMessage("Unexpected char 0x0d at 1 in header name: \"a\\rb\"");
    assertThatThrownBy(() -> new Headers.Builder().add("", "v"))
        .hasMessage("header name is empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nb", "a\rb", "a\nb", "a\u0000b", "a\u007fb", "a\u001bb",
      "a\r\n", "\r\na", "a\n", "\u0000"})
  void controlCharactersInValuesAreRejectedEvenAtTheEnds(String value) {
    assertThatThrownBy(() -> new Headers.Builder().add("X", value))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u0000"));
    assertThatThrownBy(() -> new Headers.Builder().set("X", value))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Headers.of("X", value))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidValueMessageEscapesTheValue() {
    assertThatThrownBy(() -> new Headers.Builder().add("X-Id", "a\r\nEvil: 1"))
        .hasMessage("Unexpected char 0x0d at 1 in X-Id value: \"a\\r\\nEvil: 1\"");
  }

  @Test
  void invalidValueMessageHidesSecrets() {
    assertThatThrownBy(() -> new Headers.Builder().add("Authorization", "Bearer s3cret\u0000"))
        .hasMessage("Unexpected char 0x00 at 13 in Authorization value");
  }

  @Test
  void tabInsideValueIsAllowed() {
    assertThat(new Headers.Builder().add("X", "a\tb").build().value(0)).isEqualTo("a\tb");
  }

  @Test
  void builderAddLine() {
    Headers headers = new Headers.Builder().add("X-Id: 7").add("Y:  8  ").add("Z:").build();
    assertThat(headers.get("X-Id")).isEqualTo("7");
    assertThat(headers.get("Y")).isEqualTo("8");
    assertThat(headers.get("Z")).isEmpty();
    assertThatThrownBy(() -> new Headers.Builder().add("no colon\r\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unexpected header line without a colon: \"no colon\\r\\n\"");
    assertThatThrownBy(() -> new Headers.Builder().add("X: a\r\nY: b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderAddSetRemove() {
    Headers.Builder builder = new Headers.Builder()
        .add("A", "1")
        .add("B", "2")
        .add("a", "3");
    assertThat(builder.get("A")).isEqualTo("3");
    builder.set("a", "4");
    assertThat(builder.build()).isEqualTo(Headers.of("B", "2", "a", "4"));
    builder.removeAll("A");
    assertThat(builder.build()).isEqualTo(Headers.of("B", "2"));
    assertThat(builder.get("A")).isNull();
  }

  @Test
  void builderDates() {
    Instant instant = Instant.parse("1994-11-06T08:49:37Z");
    Headers headers = new Headers.Builder().add("Date", instant).set("Expires", instant).build();
    assertThat(headers.get("Date")).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(headers.getInstant("Expires")).isEqualTo(instant);
  }

  @Test
  void builderAddAll() {
    Headers headers = new Headers.Builder()
        .add("A", "1")
        .addAll(Headers.of("B", "2", "C", "3"))
        .build();
    assertThat(headers).isEqualTo(Headers.of("A", "1", "B", "2", "C", "3"));
  }

  @Test
  void builderNulls() {
    assertThatThrownBy(() -> new Headers.Builder().add(null, "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("header name == null");
    assertThatThrownBy(() -> new Headers.Builder().add("X", (String) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("header value == null for X");
  }

  @Test
  void newBuilderCopies() {
    Headers headers = Headers.of("A", "1");
    Headers changed = headers.newBuilder().add("B", "2").build();
    assertThat(headers.size()).isEqualTo(1);
    assertThat(changed).isEqualTo(Headers.of("A", "1", "B", "2"));
  }

  @Test
  void newBuilderKeepsEveryFieldInOrderWhenEditsOutgrowItsRoom() {
    Headers.Builder original = new Headers.Builder();
    Headers.Builder expected = new Headers.Builder();
    for (int i = 0; i < 12; i++) {
      original.add("A" + i, Integer.toString(i));
      expected.add("A" + i, Integer.toString(i));
    }
    Headers.Builder edited = original.build().newBuilder();
    for (int i = 0; i < 12; i++) {
      edited.add("B" + i, Integer.toString(i));
      expected.add("B" + i, Integer.toString(i));
    }
    edited.set("A0", "first");
    expected.removeAll("A0").add("A0", "first");
    assertThat(edited.build()).isEqualTo(expected.build());
    assertThat(edited.build().size()).isEqualTo(24);
  }

  @Test
  void builtHeadersAreIndependentOfTheBuilder() {
    Headers.Builder builder = new Headers.Builder().add("A", "1");
    Headers first = builder.build();
    builder.add("B", "2");
    assertThat(first.size()).isEqualTo(1);
  }

  @Test
  void indexOutOfRange() {
    Headers headers = Headers.of("A", "1");
    assertThatThrownBy(() -> headers.name(1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index 1 out of range for 1 headers");
    assertThatThrownBy(() -> headers.value(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void empty() {
    assertThat(Headers.EMPTY.size()).isZero();
    assertThat(Headers.EMPTY).isEqualTo(new Headers.Builder().build());
    assertThat(Headers.EMPTY.toString()).isEmpty();
    assertThat(Headers.of()).isEqualTo(Headers.EMPTY);
  }
}
