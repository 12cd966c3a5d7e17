package dev.courier.logging;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.courier.Connection;
import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Interceptor;
import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.ResponseBody;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Logs requests and responses, with secrets redacted: the values of {@code Authorization},
 * {@code Proxy-Authorization}, {@code Cookie} and {@code Set-Cookie} always, plus the headers and
 * query parameters named on the builder. A URL's username and password are never logged. The
 * URLs in {@code Location}, {@code Content-Location} and {@code Referer} are masked like the
 * request's own (logged resolved against it); a value there that is not an http or https URL is
 * masked whole.
 *
 * <pre>{@code
 * CourierClient client = new CourierClient.Builder()
 *     .addNetworkInterceptor(new LoggingInterceptor.Builder()
 *         .level(LoggingInterceptor.Level.HEADERS)
 *         .redactHeader("X-Api-Key")
 *         .redactQueryParameter("token")
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>As a network interceptor it logs each request put on the wire (redirects and retries
 * included) with the headers the engine adds; as an application interceptor, each call once.
 * Each request and each response is one message, so lines of concurrent calls do not interleave.
 *
 * <p>At {@link Level#BODY}, a body is logged only if its media type is text (such as
 * {@code text/*}, JSON, XML or a form), it is not content-encoded, and it holds at most
 * {@link #maxBodySize()} bytes; otherwise a note says why it was left out. A request body is
 * written once more, into memory, to log it (one-shot bodies are not). A response body is peeked,
 * not consumed: logging waits until {@code maxBodySize + 1} bytes or the whole body arrived, so
 * do not use {@code BODY} with streaming responses. Immutable and thread-safe.
 */
public final class LoggingInterceptor implements Interceptor {
  private static final System.Logger SYSTEM_LOGGER =
      System.getLogger(LoggingInterceptor.class.getName());

  private final Level level;
  private final Logger logger;
  private final Set<String> redactedHeaders;
  private final Set<String> redactedQueryParameters;
  private final long maxBodySize;
  private final Redactor redactor;

  private LoggingInterceptor(Builder builder) {
    this.level = builder.level;
    this.logger = builder.logger;
    this.redactedHeaders = Set.copyOf(builder.redactedHeaders);
    this.redactedQueryParameters = Set.copyOf(builder.redactedQueryParameters);
    this.maxBodySize = builder.maxBodySize;
    this.redactor = new Redactor(redactedHeaders, redactedQueryParameters);
  }

  /** Returns how much is logged. */
  public Level level() {
    return level;
  }

  /** Returns where messages go. */
  public Logger logger() {
    return logger;
  }

  /**
   * Returns the header names whose values are masked in addition to the sensitive ones of
   * {@link Headers#isSensitive}, lower-cased.
   */
  public Set<String> redactedHeaders() {
    return redactedHeaders;
  }

  /** Returns the query parameter names whose values are masked, lower-cased. */
  public Set<String> redactedQueryParameters() {
    return redactedQueryParameters;
  }

  /** Returns the size of the largest body logged at {@link Level#BODY}, in bytes. */
  public long maxBodySize() {
    return maxBodySize;
  }

  /** Returns a builder holding this interceptor's settings. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Logs the request, proceeds, logs the response or the failure, and returns or rethrows. */
  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (level == Level.NONE) return chain.proceed(request);

    logger.log(requestMessage(request, chain.connection()));
    long startNanos = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException | RuntimeException e) {
      logger.log("<-- HTTP FAILED: " + Redactor.printable(e.toString()) + " "
          + redactor.url(request.url()));
      throw e;
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    logger.log(responseMessage(response, tookMillis));
    return response;
  }

  private String requestMessage(Request request, @Nullable Connection connection)
      throws IOException {
    RequestBody body = request.body();
    StringBuilder message = new StringBuilder(128);
    message.append("--> ").append(request.method()).append(' ').append(redactor.url(request.url()));
    if (connection != null) message.append(' ').append(connection.protocol());
    if (level == Level.BASIC) {
      if (body != null) message.append(" (").append(byteCount(body.contentLength())).append(')');
      return message.toString();
    }

    Headers headers = request.headers();
    if (body != null) {
      // An application interceptor runs before the engine derives these from the body.
      if (body.contentType() != null && headers.get("Content-Type") == null) {
        header(message, "Content-Type", body.contentType().toString(), request.url());
      }
      if (body.contentLength() != -1 && headers.get("Content-Length") == null) {
        header(message, "Content-Length", Long.toString(body.contentLength()), request.url());
      }
    }
    headers(message, headers, request.url());

    message.append("\n--> END ").append(request.method());
    if (body != null) {
      if (level == Level.BODY) {
        requestBody(message, body, headers);
      } else {
        message.append(" (").append(byteCount(body.contentLength())).append(')');
      }
    }
    return message.toString();
  }

  private void requestBody(StringBuilder message, RequestBody body, Headers headers)
      throws IOException {
    long length = body.contentLength();
    String omitted = omission(body.contentType(), headers.get("Content-Encoding"), length);
    if (omitted == null && body.isOneShot()) omitted = "one-shot body omitted";
    if (omitted == null && length == -1) omitted = "body of unknown length omitted";
    if (omitted != null) {
      message.append(" (").append(omitted).append(')');
      return;
    }
    Buffer buffer = new Buffer();
    body.writeTo(buffer);
    appendText(message, buffer, body.contentType());
  }

  private String responseMessage(Response response, long tookMillis) throws IOException {
    ResponseBody body = response.body();
    StringBuilder message = new StringBuilder(128);
    message.append("<-- ").append(response.code());
    if (!response.message().isEmpty()) {
      message.append(' ').append(Redactor.printable(response.message()));
    }
    message.append(' ').append(redactor.url(response.request().url()))
        .append(" (").append(tookMillis).append("ms");
    if (level == Level.BASIC) {
      if (body != null && promisesBody(response)) {
        message.append(", ").append(byteCount(body.contentLength()));
      }
      return message.append(')').toString();
    }
    message.append(')');
    headers(message, response.headers(), response.request().url());

    message.append("\n<-- END HTTP");
    if (body == null || !promisesBody(response)) return message.toString();
    if (level == Level.BODY) {
      responseBody(message, response, body);
    } else {
      message.append(" (").append(byteCount(body.contentLength())).append(')');
    }
    return message.toString();
  }

  private void responseBody(StringBuilder message, Response response, ResponseBody body)
      throws IOException {
    String omitted = omission(body.contentType(), response.header("Content-Encoding"),
        body.contentLength());
    if (omitted != null) {
      message.append(" (").append(omitted).append(')');
      return;
    }
    // Peek one byte past the cap to tell a body at the cap from a longer one of unknown length.
    long peekSize = maxBodySize == Long.MAX_VALUE ? maxBodySize : maxBodySize + 1;
    ResponseBody peeked = response.peekBody(peekSize);
    if (peeked.contentLength() > maxBodySize) {
      message.append(" (body over the ").append(maxBodySize).append("-byte limit omitted)");
      return;
    }
    Buffer buffer = new Buffer();
    buffer.writeAll(peeked.source());
    appendText(message, buffer, body.contentType());
  }

  /** Returns why a body is not logged, judged on its headers alone, or null if it may be. */
  private @Nullable String omission(@Nullable MediaType type, @Nullable String contentEncoding,
      long length) {
    if (contentEncoding != null && !contentEncoding.equalsIgnoreCase("identity")) {
      return "encoded body omitted";
    }
    if (!BodyText.isText(type)) return "binary " + byteCount(length) + " omitted";
    if (length > maxBodySize) {
      return byteCount(length) + " over the " + maxBodySize + "-byte limit omitted";
    }
    return null;
  }

  private static void appendText(StringBuilder message, Buffer buffer, MediaType type) {
    long size = buffer.size();
    String text = BodyText.decode(buffer, type);
    if (text == null) {
      message.append(" (binary ").append(size).append("-byte body omitted)");
      return;
    }
    message.append(" (").append(size).append("-byte body)\n").append(text);
  }

  /** Appends {@code headers}; URL-valued ones are relative to {@code base}. */
  private void headers(StringBuilder message, Headers headers, HttpUrl base) {
    for (int i = 0; i < headers.size(); i++) {
      header(message, headers.name(i), headers.value(i), base);
    }
  }

  private void header(StringBuilder message, String name, String value, HttpUrl base) {
    message.append('\n').append(name).append(": ").append(redactor.headerValue(name, value, base));
  }

  private static String byteCount(long contentLength) {
    return contentLength == -1 ? "unknown-length body" : contentLength + "-byte body";
  }

  /** Returns false for responses that have no body by definition, whatever their headers say. */
  private static boolean promisesBody(Response response) {
    int code = response.code();
    if (response.request().method().equals("HEAD")) return false;
    return code >= 200 && code != 204 && code != 304;
  }

  /** How much {@link LoggingInterceptor} logs. */
  public enum Level {
    /** Nothing: calls pass through untouched. */
    NONE,
    /**
     * One line each way: {@code --> GET https://host/path http/1.1} and
     * {@code <-- 200 OK https://host/path (12ms, 34-byte body)}.
     */
    BASIC,
    /** {@link #BASIC} plus the request and response headers, secrets masked. */
    HEADERS,
    /** {@link #HEADERS} plus text bodies up to {@link LoggingInterceptor#maxBodySize()}. */
    BODY
  }

  /**
   * Where messages go: one call per request and one per response or failure, possibly multi-line.
   * Called on the thread running the call; must be thread-safe.
   */
  @FunctionalInterface
  public interface Logger {
    /**
     * Writes to {@link System.Logger} {@code dev.courier.logging.LoggingInterceptor} at
     * {@code INFO}: through {@code java.util.logging} by default, or whatever logging library the
     * application bridges {@code System.Logger} to.
     */
    Logger SYSTEM = message -> SYSTEM_LOGGER.log(System.Logger.Level.INFO, message);

    /** Writes {@code message}. */
    void log(String message);
  }

  /**
   * Configures a {@link LoggingInterceptor}. Defaults: level {@link Level#BASIC}, logger
   * {@link Logger#SYSTEM}, only the always-sensitive headers redacted, bodies up to 4 KiB.
   * Not thread-safe.
   */
  public static final class Builder {
    private Level level = Level.BASIC;
    private Logger logger = Logger.SYSTEM;
    private final Set<String> redactedHeaders = new LinkedHashSet<>();
    private final Set<String> redactedQueryParameters = new LinkedHashSet<>();
    private long maxBodySize = 4096;

    /** Creates a builder with the defaults. */
    public Builder() {
    }

    private Builder(LoggingInterceptor interceptor) {
      this.level = interceptor.level;
      this.logger = interceptor.logger;
      this.redactedHeaders.addAll(interceptor.redactedHeaders);
      this.redactedQueryParameters.addAll(interceptor.redactedQueryParameters);
      this.maxBodySize = interceptor.maxBodySize;
    }

    /**
     * Sets how much is logged.
     *
     * @throws IllegalArgumentException if {@code level} is null
     */
    public Builder level(Level level) {
      if (level == null) throw new IllegalArgumentException("level == null");
      this.level = level;
      return this;
    }

    /**
     * Sets where messages go.
     *
     * @throws IllegalArgumentException if {@code logger} is null
     */
    public Builder logger(Logger logger) {
      if (logger == null) throw new IllegalArgumentException("logger == null");
      this.logger = logger;
      return this;
    }

    /**
     * Masks the value of header {@code name} (matched ignoring case) in both directions, in
     * addition to {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and
     * {@code Set-Cookie}, which are always masked.
     *
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public Builder redactHeader(String name) {
      redactedHeaders.add(checkName(name, "header name"));
      return this;
    }

    /**
     * Masks the values of query parameter {@code name} (matched ignoring case) in logged URLs:
     * request lines and the URL-valued headers {@code Location}, {@code Content-Location} and
     * {@code Referer}.
     *
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public Builder redactQueryParameter(String name) {
      redactedQueryParameters.add(checkName(name, "query parameter name"));
      return this;
    }

    /**
     * Sets the size of the largest body logged at {@link Level#BODY}.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder maxBodySize(long bytes) {
      if (bytes < 0) throw new IllegalArgumentException("maxBodySize < 0: " + bytes);
      this.maxBodySize = bytes;
      return this;
    }

    /** Returns the interceptor. */
    public LoggingInterceptor build() {
      return new LoggingInterceptor(this);
    }

    private static String checkName(String name, String what) {
      if (name == null) throw new IllegalArgumentException(what + " == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException(what + " is blank: " + name);
      }
      return name.trim().toLowerCase(Locale.ROOT);
    }
  }
}
