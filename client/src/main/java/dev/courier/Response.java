package dev.courier;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.courier.internal.http.RetryAfterHeader;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP response: status, headers and a body streamed from the server.
 *
 * <p>The body holds the connection until it is consumed, so close every response, ideally with
 * try-with-resources:
 *
 * <pre>{@code
 * try (Response response = client.newCall(request).execute()) {
 *   if (!response.isSuccessful()) throw new IOException("Unexpected " + response);
 *   return response.body().string();
 * }
 * }</pre>
 *
 * <p>Apart from its body, a response is immutable. {@link #priorResponse()},
 * {@link #networkResponse()} and {@link #cacheResponse()} describe how this response came to be
 * and have no body.
 */
public final class Response implements Closeable {
  private final Request request;
  private final Protocol protocol;
  private final int code;
  private final String message;
  private final @Nullable Handshake handshake;
  private final Headers headers;
  private final @Nullable ResponseBody body;
  private final @Nullable Response networkResponse;
  private final @Nullable Response cacheResponse;
  private final @Nullable Response priorResponse;
  private final long sentRequestAtMillis;
  private final long receivedResponseAtMillis;
  private final @Nullable TrailersSource trailersSource;
  private @Nullable CacheControl cacheControl; // Lazily computed; racy but idempotent.

  private Response(Builder builder) {
    this.request = builder.request;
    this.protocol = builder.protocol;
    this.code = builder.code;
    this.message = builder.message;
    this.handshake = builder.handshake;
    this.headers = builder.headers.build();
    this.body = builder.body;
    this.networkResponse = builder.networkResponse;
    this.cacheResponse = builder.cacheResponse;
    this.priorResponse = builder.priorResponse;
    this.sentRequestAtMillis = builder.sentRequestAtMillis;
    this.receivedResponseAtMillis = builder.receivedResponseAtMillis;
    this.trailersSource = builder.trailersSource;
  }

  /**
   * Returns the request that produced this response: after redirects, the last one; after the
   * engine's bridge, the caller's request rather than the one sent on the wire (see
   * {@link #networkResponse()} for that).
   */
  public Request request() {
    return request;
  }

  /** Returns the protocol the response was received with. */
  public Protocol protocol() {
    return protocol;
  }

  /** Returns the status code, such as 200 or 404. */
  public int code() {
    return code;
  }

  /** Returns true for a 2xx status. */
  public boolean isSuccessful() {
    return code >= 200 && code < 300;
  }

  /** Returns true for a redirect status: 300, 301, 302, 303, 307 or 308. */
  public boolean isRedirect() {
    switch (code) {
      case 300: case 301: case 302: case 303: case 307: case 308:
        return true;
      default:
        return false;
    }
  }

  /** Returns the reason phrase, such as "OK"; may be empty. */
  public String message() {
    return message;
  }

  /** Returns the TLS handshake of the connection that carried this response, or null for http. */
  public @Nullable Handshake handshake() {
    return handshake;
  }

  /** Returns the response headers. */
  public Headers headers() {
    return headers;
  }

  /** Returns the last value of the header {@code name}, or null. */
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  /** Returns the last value of the header {@code name}, or {@code defaultValue}. */
  public @Nullable String header(String name, @Nullable String defaultValue) {
    String result = headers.get(name);
    return result != null ? result : defaultValue;
  }

  /** Returns every value of the header {@code name}. */
  public List<String> headers(String name) {
    return headers.values(name);
  }

  /**
   * Returns the trailers sent after a chunked body, or empty headers if there were none.
   *
   * @throws IllegalStateException if the body has not been read to the end yet
   */
  public Headers trailers() throws IOException {
    return trailersSource != null ? trailersSource.get() : Headers.EMPTY;
  }

  /**
   * Returns the body. Never null for a response returned by {@link Call#execute()} or passed to
   * {@link Callback#onResponse}; null for {@link #priorResponse()}, {@link #networkResponse()} and
   * {@link #cacheResponse()}.
   */
  public @Nullable ResponseBody body() {
    return body;
  }

  /**
   * Returns up to {@code byteCount} bytes of the body without consuming them, as a new body that
   * does not need closing. The original body can still be read in full.
   */
  public ResponseBody peekBody(long byteCount) throws IOException {
    if (body == null) throw new IllegalStateException("response has no body: " + this);
    BufferedSource peeked = body.source().peek();
    Buffer buffer = new Buffer();
    peeked.request(byteCount);
    buffer.write(peeked, Math.min(byteCount, peeked.getBuffer().size()));
    return ResponseBody.create(buffer, body.contentType(), buffer.size());
  }

  /** Returns the raw response from the network, or null if it was served from the cache. */
  public @Nullable Response networkResponse() {
    return networkResponse;
  }

  /** Returns the response read from the cache, or null if the cache had none to offer. */
  public @Nullable Response cacheResponse() {
    return cacheResponse;
  }

  /** Returns the response to the redirect or authentication challenge that led here, or null. */
  public @Nullable Response priorResponse() {
    return priorResponse;
  }

  /** Returns the directives of this response's {@code Cache-Control} header. */
  public CacheControl cacheControl() {
    CacheControl result = cacheControl;
    if (result == null) {
      result = CacheControl.parse(headers);
      cacheControl = result;
    }
    return result;
  }

  /**
   * Returns how long this response asks the client to wait before trying again, from its
   * {@code Retry-After} header (RFC 9110 §10.2.3): the number of seconds it gives, or the time from
   * {@code now} until the HTTP date it gives (zero for a date in the past; the obsolete date forms
   * are read too). Returns null if there is no such header or it is neither. The header means
   * "come back later" on a 503 or a 429; which statuses to honour is the caller's choice.
   */
  public Duration retryAfter(Instant now) {
    String value = headers.get("Retry-After");
    if (value == null) return null;
    long millis = RetryAfterHeader.delayMillis(value, now.toEpochMilli());
    return millis == RetryAfterHeader.NONE ? null : Duration.ofMillis(millis);
  }

  /** Returns when the request was sent, in epoch millis (for cached responses, when it was). */
  public long sentRequestAtMillis() {
    return sentRequestAtMillis;
  }

  /** Returns when the response headers were received, in epoch millis. */
  public long receivedResponseAtMillis() {
    return receivedResponseAtMillis;
  }

  /** Returns a builder initialised with this response's values. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Closes the body, releasing its connection; harmless if there is no body. */
  @Override
  public void close() {
    if (body != null) body.close();
  }

  /** Returns the protocol, status and URL (without credentials or query). */
  @Override
  public String toString() {
    return "Response{protocol=" + protocol + ", code=" + code + ", message=" + message + ", url="
        + request.url().redact() + "}";
  }

  /**
   * Supplies a response's trailers once its body has been read; the engine provides one for
   * chunked HTTP/1.1 bodies.
   */
  @FunctionalInterface
  public interface TrailersSource {
    /**
     * Returns the trailers.
     *
     * @throws IllegalStateException if the body has not been read to the end yet
     */
    Headers get() throws IOException;
  }

  /**
   * Assembles a {@link Response}; interceptors use it to answer on their own or to rewrite a
   * response. Not thread-safe.
   */
  public static final class Builder {
    @Nullable Request request;
    Protocol protocol = Protocol.HTTP_1_1;
    int code = -1;
    String message = "";
    @Nullable Handshake handshake;
    private final CopyOnEditHeaders headers;
    @Nullable ResponseBody body;
    @Nullable Response networkResponse;
    @Nullable Response cacheResponse;
    @Nullable Response priorResponse;
    long sentRequestAtMillis;
    long receivedResponseAtMillis;
    @Nullable TrailersSource trailersSource;

    /** Creates an empty builder; protocol defaults to HTTP/1.1 and message to "". */
    public Builder() {
      this.headers = new CopyOnEditHeaders(Headers.EMPTY);
    }

    Builder(Response response) {
      this.request = response.request;
      this.protocol = response.protocol;
      this.code = response.code;
      this.message = response.message;
      this.handshake = response.handshake;
      this.headers = new CopyOnEditHeaders(response.headers);
      this.body = response.body;
      this.networkResponse = response.networkResponse;
      this.cacheResponse = response.cacheResponse;
      this.priorResponse = response.priorResponse;
      this.sentRequestAtMillis = response.sentRequestAtMillis;
      this.receivedResponseAtMillis = response.receivedResponseAtMillis;
      this.trailersSource = response.trailersSource;
    }

    /** Sets the request this response answers. Required. */
    public Builder request(Request request) {
      if (request == null) throw new IllegalArgumentException("request == null");
      this.request = request;
      return this;
    }

    /** Sets the protocol. */
    public Builder protocol(Protocol protocol) {
      if (protocol == null) throw new IllegalArgumentException("protocol == null");
      this.protocol = protocol;
      return this;
    }

    /** Sets the status code. Required. */
    public Builder code(int code) {
      this.code = code;
      return this;
    }

    /** Sets the reason phrase. */
    public Builder message(String message) {
      if (message == null) throw new IllegalArgumentException("message == null");
      this.message = message;
      return this;
    }

    /** Sets the TLS handshake, or null for a cleartext response. */
    public Builder handshake(@Nullable Handshake handshake) {
      this.handshake = handshake;
      return this;
    }

    /** Sets the header {@code name} to {@code value}, replacing existing values. */
    public Builder header(String name, String value) {
      headers.edit().set(name, value);
      return this;
    }

    /** Adds a value for the header {@code name}. */
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

    /** Sets the body; null only for responses that describe other responses. */
    public Builder body(@Nullable ResponseBody body) {
      this.body = body;
      return this;
    }

    /** Sets the raw network response; it must have no body. */
    public Builder networkResponse(@Nullable Response networkResponse) {
      checkNoBody("networkResponse", networkResponse);
      this.networkResponse = networkResponse;
      return this;
    }

    /** Sets the response read from the cache; it must have no body. */
    public Builder cacheResponse(@Nullable Response cacheResponse) {
      checkNoBody("cacheResponse", cacheResponse);
      this.cacheResponse = cacheResponse;
      return this;
    }

    /** Sets the response that led to this one; it must have no body. */
    public Builder priorResponse(@Nullable Response priorResponse) {
      checkNoBody("priorResponse", priorResponse);
      this.priorResponse = priorResponse;
      return this;
    }

    /** Sets when the request was sent, in epoch millis. */
    public Builder sentRequestAtMillis(long sentRequestAtMillis) {
      this.sentRequestAtMillis = sentRequestAtMillis;
      return this;
    }

    /** Sets when the response headers were received, in epoch millis. */
    public Builder receivedResponseAtMillis(long receivedResponseAtMillis) {
      this.receivedResponseAtMillis = receivedResponseAtMillis;
      return this;
    }

    /** Sets where {@link Response#trailers()} reads the trailers from. */
    public Builder trailers(@Nullable TrailersSource trailersSource) {
      this.trailersSource = trailersSource;
      return this;
    }

    private static void checkNoBody(String name, @Nullable Response response) {
      if (response != null && response.body != null) {
        throw new IllegalArgumentException(name + ".body() must be null: " + response);
      }
    }

    /**
     * Returns the response.
     *
     * @throws IllegalStateException if the request or code is missing, or the code is negative
     */
    public Response build() {
      if (request == null) throw new IllegalStateException("request == null");
      if (code < 0) throw new IllegalStateException("code < 0: " + code);
      return new Response(this);
    }
  }
}
