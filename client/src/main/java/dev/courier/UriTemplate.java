package dev.courier;

import org.jspecify.annotations.Nullable;

/**
 * The URI template a request was made from, such as {@code /items/{id}}, carried as a request tag
 * so that metrics can group calls by template instead of by raw path. The raw path holds IDs and
 * would give every item its own time series; the template gives one per endpoint.
 *
 * <pre>{@code
 * Request request = new Request.Builder()
 *     .url(base.resolve("items/" + id))
 *     .tag(UriTemplate.class, UriTemplate.of("/items/{id}"))
 *     .build();
 * }</pre>
 *
 * <p>The engine itself ignores the tag; observers such as the Spring Boot starter's
 * {@code http.client.requests} observation read it with {@code request.tag(UriTemplate.class)}.
 * Immutable.
 */
public final class UriTemplate {
  private final String template;

  private UriTemplate(String template) {
    this.template = template;
  }

  /**
   * Returns the template {@code template}, kept as given.
   *
   * @throws IllegalArgumentException if {@code template} is null, empty, or holds a control
   *     character (it ends up in metric tags and logs, where CR or LF would forge lines)
   */
  public static UriTemplate of(String template) {
    if (template == null) throw new IllegalArgumentException("template == null");
    if (template.isEmpty()) {
      throw new IllegalArgumentException("template is empty: " + template);
    }
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("Unexpected char 0x" + Integer.toHexString(c)
            + " at " + i + " in URI template");
      }
    }
    return new UriTemplate(template);
  }

  /** Returns the template, such as {@code /items/{id}}. */
  public String template() {
    return template;
  }

  /** Returns true if {@code other} is a {@code UriTemplate} with the same text. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof UriTemplate && ((UriTemplate) other).template.equals(template);
  }

  /** Returns the hash code of the text. */
  @Override
  public int hashCode() {
    return template.hashCode();
  }

  /** Returns the template. */
  @Override
  public String toString() {
    return template;
  }
}
