package dev.courier.internal.chain;

import java.io.IOException;
import java.util.List;

import dev.courier.Cookie;
import dev.courier.CookieJar;
import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Interceptor;
import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.internal.http.HttpHeaders;
import dev.courier.internal.http.InflationLimitSource;
import dev.courier.internal.http.RealResponseBody;
import okio.Okio;

/**
 * Turns the application's request into what goes on the wire, and the wire's response back into
 * what the application expects: adds {@code Host}, {@code Connection}, body framing headers (which
 * it owns: those a caller set are replaced, or removed from a request without a body),
 * {@code User-Agent} and cookies; asks for gzip and decompresses it transparently, within the
 * client's decompression limits.
 */
public final class BridgeInterceptor implements Interceptor {
  private final CookieJar cookieJar;
  private final String userAgent;
  private final long maxDecompressedSize;
  private final long maxDecompressionRatio;
  /**
   * The last {@code Host} header made, reused by the next call to the same origin: most clients
   * call the same few. Racy but safe, as the record is immutable.
   */
  private HostHeader lastHostHeader;

  /** Creates a bridge loading and storing cookies in {@code cookieJar}, with no decompression limits. */
  public BridgeInterceptor(CookieJar cookieJar, String userAgent) {
    this(cookieJar, userAgent, 0, 0);
  }

  /**
   * Creates a bridge whose transparent gzip fails a body that inflates beyond
   * {@code maxDecompressedSize} bytes or {@code maxDecompressionRatio} times its compressed size
   * (0 for no limit).
   */
  public BridgeInterceptor(CookieJar cookieJar, String userAgent, long maxDecompressedSize,
      long maxDecompressionRatio) {
    this.cookieJar = cookieJar;
    this.userAgent = userAgent;
    this.maxDecompressedSize = maxDecompressedSize;
    this.maxDecompressionRatio = maxDecompressionRatio;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request userRequest = chain.request();
    Request.Builder requestBuilder = userRequest.newBuilder();

    RequestBody body = userRequest.body();
    if (body != null) {
      MediaType contentType = body.contentType();
      if (contentType != null) requestBuilder.header("Content-Type", contentType.toString());
      long contentLength = body.contentLength();
      if (contentLength != -1L) {
        requestBuilder.header("Content-Length", Long.toString(contentLength));
        requestBuilder.removeHeader("Transfer-Encoding");
      } else {
        requestBuilder.header("Transfer-Encoding", "chunked");
        requestBuilder.removeHeader("Content-Length");
      }
    } else if (hasFramingHeader(userRequest.headers())) {
      // Framing is the engine's: without a body there is nothing to frame, and a caller's framing
      // header would make the server wait for a body that never comes, or take the next request
      // on the connection for one.
      requestBuilder.removeHeader("Content-Length");
      requestBuilder.removeHeader("Transfer-Encoding");
    }
    if (userRequest.header("Host") == null) {
      requestBuilder.header("Host", hostHeader(userRequest.url()));
    }
    if (userRequest.header("Connection") == null) {
      requestBuilder.header("Connection", "Keep-Alive");
    }
    // Having asked for gzip, the bridge owns decompressing it; a Range request must see the raw
    // bytes, whose offsets the range refers to.
    boolean transparentGzip = false;
    if (userRequest.header("Accept-Encoding") == null && userRequest.header("Range") == null) {
      transparentGzip = true;
      requestBuilder.header("Accept-Encoding", "gzip");
    }
    if (cookieJar != CookieJar.NO_COOKIES) {
      List<Cookie> cookies = cookieJar.loadForRequest(userRequest.url());
      if (!cookies.isEmpty()) requestBuilder.header("Cookie", cookieHeader(cookies));
    }
    if (userRequest.header("User-Agent") == null) {
      requestBuilder.header("User-Agent", userAgent);
    }

    Response networkResponse = chain.proceed(requestBuilder.build());

    if (cookieJar != CookieJar.NO_COOKIES) {
      List<Cookie> cookies = Cookie.parseAll(userRequest.url(), networkResponse.headers());
      if (!cookies.isEmpty()) cookieJar.saveFromResponse(userRequest.url(), cookies);
    }

    Response.Builder responseBuilder = networkResponse.newBuilder().request(userRequest);
    if (transparentGzip
        && "gzip".equalsIgnoreCase(networkResponse.header("Content-Encoding"))
        && HttpHeaders.promisesBody(networkResponse)) {
      // A bomb fails the body once it passes the limits, instead of filling the caller's memory.
      var gzipSource = InflationLimitSource.of(networkResponse.body().source(),
          maxDecompressedSize, maxDecompressionRatio);
      Headers strippedHeaders = networkResponse.headers().newBuilder()
          .removeAll("Content-Encoding")
          .removeAll("Content-Length")
          .build();
      responseBuilder.headers(strippedHeaders);
      responseBuilder.body(new RealResponseBody(networkResponse.header("Content-Type"), -1L,
          Okio.buffer(gzipSource)));
    }
    return responseBuilder.build();
  }

  /** Returns the {@code Host} header for {@code url}, made once per origin in a row. */
  private String hostHeader(HttpUrl url) {
    HostHeader last = lastHostHeader;
    if (last != null && last.port() == url.port() && last.host().equals(url.host())
        && last.scheme().equals(url.scheme())) {
      return last.value();
    }
    String value = url.hostHeader();
    lastHostHeader = new HostHeader(url.scheme(), url.host(), url.port(), value);
    return value;
  }

  /** The {@code Host} header {@code value} of an origin. */
  private record HostHeader(String scheme, String host, int port, String value) {
  }

  /** Returns true if {@code headers} has a {@code Content-Length} or {@code Transfer-Encoding}. */
  private static boolean hasFramingHeader(Headers headers) {
    for (int i = 0, size = headers.size(); i < size; i++) {
      String name = headers.name(i);
      if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
        return true;
      }
    }
    return false;
  }

  /** Returns the {@code Cookie} header value for {@code cookies}: {@code a=b; c=d}. */
  private static String cookieHeader(List<Cookie> cookies) {
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < cookies.size(); i++) {
      if (i > 0) result.append("; ");
      result.append(cookies.get(i).name()).append('=').append(cookies.get(i).value());
    }
    return result.toString();
  }

  @Override
  public String toString() {
    return "BridgeInterceptor";
  }
}
