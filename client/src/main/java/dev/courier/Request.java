package dev.courier;

import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.courier.internal.http.HttpMethod;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request: method, URL, headers and an optional body, plus tags that carry application
 * data through interceptors.
 *
 * <p>Immutable and safe to share. Build one with {@link Builder}; derive a changed copy with
 * {@link #newBuilder()}.
 *
 * <pre>{@code
 * Request request = new Request.Builder()
 *     .url("https://api.example.com/items/1")
 *     .header("Accept", "application/json")
 *     .build();
 * }</pre>
 */
public final class Request {
  private final HttpUrl url;
  private final String method;
  private final Headers headers;
  private final @Nullable RequestBody body;
  private final Map<Class<?>, Object> tags;
  private @Nullable CacheControl cacheControl; // Lazily computed; racy but idempotent.

  private Request(Builder builder) {
    this.url = builder.url;
    this.method = builder.method;
    this.headers = builder.headers.build();
    this.body = builder.body;
    this.tags = builder.tags.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(builder.tags));
  }

  /** Returns the URL to request. */
  public HttpUrl url() {
    return url;
  }

  /** Returns the method, such as {@code GET}. */
  public String method() {
    return method;
  }

  /** Returns the headers the caller set (the engine adds its own on the way out). */
  public Headers headers() {
    return headers;
  }

  /** Returns the last value of the header {@code name}, or null. */
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  /** Returns every value of the header {@code name}. */
  public List<String> headers(String name) {
    return headers.values(name);
  }

  /** Returns the body, or null for a request without one. */
  public @Nullable RequestBody body() {
    return body;
  }

  /** Returns the tag set with {@link Builder#tag(Object)}, or null. */
  public @Nullable Object tag() {
    return tag(Object.class);
  }

  /** Returns the tag stored under {@code type}, or null. */
  public <T> @Nullable T tag(Class<? extends T> type) {
    return type.cast(tags.get(type));
  }

  /** Returns true if the URL is https. */
  public boolean isHttps() {
    return url.isHttps();
  }

  /** Returns the directives of this request's {@code Cache-Control} header. */
  public CacheControl cacheControl() {
    CacheControl result = cacheControl;
    if (result == null) {
      result = CacheControl.parse(headers);
      cacheControl = result;
    }
    return result;
  }

  /** Returns a builder initialised with this request's values. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Returns the method and URL, without credentials or query. */
  @Override
  public String toString() {
    return "Request{method=" + method + ", url=" + url.redact() + "}";
  }

  /** Assembles a {@link Request}. Not thread-safe. */
  public static final class Builder {
    @Nullable HttpUrl url;
    String method = "GET";
    private final CopyOnEditHeaders headers;
    @Nullable RequestBody body;
    Map<Class<?>, Object> tags = Map.of();

    /** Creates a builder for a GET with no URL yet. */
    public Builder() {
      this.headers = new CopyOnEditHeaders(Headers.EMPTY);
    }

    Builder(Request request) {
      this.url = request.url;
      this.method = request.method;
      this.body = request.body;
      this.tags = request.tags.isEmpty() ? Map.of() : new LinkedHashMap<>(request.tags);
      this.headers = new CopyOnEditHeaders(request.headers);
    }

    /** Sets the URL. */
    public Builder url(HttpUrl url) {
      if (url == null) throw new IllegalArgumentException("url == null");
      this.url = url;
      return this;
    }

    /**
     * Sets the URL from its string form.
     *
     * @throws IllegalArgumentException if {@code url} is not a valid http or https URL
     */
    public Builder url(String url) {
      if (url == null) throw new IllegalArgumentException("url == null");
      return url(HttpUrl.get(url));
    }

    /**
     * Sets the URL from a {@link URL}.
     *
     * @throws IllegalArgumentException if the scheme is not http or https
     */
    public Builder url(URL url) {
      if (url == null) throw new IllegalArgumentException("url == null");
      return url(HttpUrl.get(url.toString()));
    }

    /**
     * Sets the header {@code name} to {@code value}, replacing any values it had.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF or
     *     another control character
     */
    public Builder header(String name, String value) {
      headers.edit().set(name, value);
      return this;
    }

    /**
     * Adds a value for the header {@code name}, keeping existing ones.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF or
     *     another control character
     */
    public Builder addHeader(String name, String value) {
      headers.edit().add(name, value);
      return this;
    }

    /** Removes every value of the header {@code name}. */
    public Builder removeHeader(String name) {
      headers.edit().removeAll(name);
      return this;
    }

    /** Replaces all headers with {@code headers}. */
    public Builder headers(Headers headers) {
      if (headers == null) throw new IllegalArgumentException("headers == null");
      this.headers.replace(headers);
      return this;
    }

    /**
     * Sets this request's {@code Cache-Control} header, or removes it if {@code cacheControl} has
     * no directives.
     */
    public Builder cacheControl(CacheControl cacheControl) {
      if (cacheControl == null) throw new IllegalArgumentException("cacheControl == null");
      String value = cacheControl.toString();
      if (value.isEmpty()) return removeHeader("Cache-Control");
      return header("Cache-Control", value);
    }

    /** Makes this a GET request (the default). */
    public Builder get() {
      return method("GET", null);
    }

    /** Makes this a HEAD request. */
    public Builder head() {
      return method("HEAD", null);
    }

    /** Makes this a POST request with {@code body}. */
    public Builder post(RequestBody body) {
      if (body == null) throw new IllegalArgumentException("body == null");
      return method("POST", body);
    }

    /** Makes this a DELETE request without a body. */
    public Builder delete() {
      return method("DELETE", null);
    }

    /** Makes this a DELETE request with {@code body}. */
    public Builder delete(@Nullable RequestBody body) {
      return method("DELETE", body);
    }

    /** Makes this a PUT request with {@code body}. */
    public Builder put(RequestBody body) {
      if (body == null) throw new IllegalArgumentException("body == null");
      return method("PUT", body);
    }

    /** Makes this a PATCH request with {@code body}. */
    public Builder patch(RequestBody body) {
      if (body == null) throw new IllegalArgumentException("body == null");
      return method("PATCH", body);
    }

    /**
     * Sets the method and body.
     *
     * @param body the body, or null for none
     * @throws IllegalArgumentException if the method is not a token, is GET or HEAD with a body,
     *     or requires a body (POST, PUT, PATCH, PROPPATCH, REPORT) and has none
     */
    public Builder method(String method, @Nullable RequestBody body) {
      if (method == null) throw new IllegalArgumentException("method == null");
      if (method.isEmpty()) throw new IllegalArgumentException("method is empty");
      HttpMethod.checkToken(method);
      if (body != null && !HttpMethod.permitsRequestBody(method)) {
        throw new IllegalArgumentException("method " + method + " must not have a request body.");
      }
      if (body == null && HttpMethod.requiresRequestBody(method)) {
        throw new IllegalArgumentException("method " + method + " must have a request body.");
      }
      this.method = method;
      this.body = body;
      return this;
    }

    /** Attaches {@code tag} under {@code Object.class}; null removes it. */
    public Builder tag(@Nullable Object tag) {
      return tag(Object.class, tag);
    }

    /**
     * Attaches {@code tag} under {@code type}, for interceptors and listeners to read with
     * {@link Request#tag(Class)}; null removes it.
     */
    public <T> Builder tag(Class<? super T> type, @Nullable T tag) {
      if (type == null) throw new IllegalArgumentException("type == null");
      if (tag == null) {
        if (!tags.isEmpty()) {
          tags = new LinkedHashMap<>(tags);
          tags.remove(type);
        }
      } else {
        if (!(tags instanceof LinkedHashMap)) tags = new LinkedHashMap<>(tags);
        tags.put(type, type.cast(tag));
      }
      return this;
    }

    /**
     * Returns the request.
     *
     * @throws IllegalStateException if no URL was set
     */
    public Request build() {
      if (url == null) throw new IllegalStateException("url == null");
      return new Request(this);
    }
  }
}
