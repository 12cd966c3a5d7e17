package dev.courier.openfeign;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import feign.MethodMetadata;
import feign.RequestTemplate;
import org.jspecify.annotations.Nullable;

import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.UriTemplate;

/** Turns a Feign request into the Courier request that sends it. */
final class FeignRequests {
  /** Framing headers that Courier derives from the body itself; copying them could contradict it. */
  private static final Set<String> FRAMING_HEADERS = Set.of("content-length", "transfer-encoding");
  /** Methods Courier refuses without a body; Feign sends them without one when none was set. */
  private static final Set<String> BODY_REQUIRED =
      Set.of("POST", "PUT", "PATCH", "PROPPATCH", "REPORT");

  private FeignRequests() {
  }

  /**
   * Returns {@code request} as a Courier request: method, URL, headers (every value), body, and
   * the Feign request and URI template as tags.
   *
   * @throws IllegalArgumentException if Courier refuses the URL, a header or the body
   */
  static Request toCourier(feign.Request request) {
    Request.Builder builder = new Request.Builder()
        .url(request.url())
        .tag(feign.Request.class, request);
    UriTemplate template = uriTemplate(request);
    if (template != null) builder.tag(UriTemplate.class, template);
    String contentType = null;
    for (Map.Entry<String, Collection<String>> header : request.headers().entrySet()) {
      String name = header.getKey();
      String lowerCase = name.toLowerCase(Locale.ROOT);
      if (FRAMING_HEADERS.contains(lowerCase)) continue;
      for (String value : header.getValue()) {
        if (lowerCase.equals("content-type") && contentType == null) contentType = value;
        builder.addHeader(name, value);
      }
    }
    String method = request.httpMethod().name();
    builder.method(method, body(request.body(), method, contentType, builder));
    return builder.build();
  }

  private static @Nullable RequestBody body(byte @Nullable [] content, String method,
      @Nullable String contentTypeHeader, Request.Builder builder) {
    boolean empty = content == null || content.length == 0;
    if (empty && !BODY_REQUIRED.contains(method)) return null;
    MediaType contentType = contentTypeHeader == null ? null : MediaType.parse(contentTypeHeader);
    // The body carries a Content-Type Courier can read; one it cannot read stays a plain header.
    if (contentType != null) builder.removeHeader("Content-Type");
    return RequestBody.create(content == null ? new byte[0] : content, contentType);
  }

  /** Returns the URI template of the Feign method that made {@code request}, if Feign knows it. */
  private static @Nullable UriTemplate uriTemplate(feign.Request request) {
    RequestTemplate requestTemplate = request.requestTemplate();
    if (requestTemplate == null) return null;
    MethodMetadata metadata = requestTemplate.methodMetadata();
    if (metadata == null || metadata.template() == null) return null;
    String path = metadata.template().path();
    if (path == null || path.isEmpty()) return null;
    try {
      return UriTemplate.of(path);
    } catch (IllegalArgumentException e) {
      return null; // A control character: no template rather than a forged tag.
    }
  }
}
