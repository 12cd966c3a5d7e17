package dev.courier.autoconfigure.http;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.AbstractStreamingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

import dev.courier.CourierClient;
import dev.courier.HttpUrl;
import dev.courier.MediaType;
import dev.courier.Request;
import dev.courier.RequestBody;

/**
 * One Spring request turned into one Courier call when executed. The body is streamed into the
 * connection, not buffered, when Spring supplies it as a
 * {@link org.springframework.http.StreamingHttpOutputMessage.Body}.
 */
final class CourierClientHttpRequest extends AbstractStreamingClientHttpRequest {
  /** Framing headers that Courier derives from the body itself; copying them could contradict it. */
  private static final Set<String> FRAMING_HEADERS =
      Set.of("content-length", "transfer-encoding", "content-type");
  /** Methods Courier refuses without a body; Spring sends them without one when nothing was set. */
  private static final Set<String> BODY_REQUIRED =
      Set.of("POST", "PUT", "PATCH", "PROPPATCH", "REPORT");

  private final CourierClient client;
  private final URI uri;
  private final HttpMethod method;

  CourierClientHttpRequest(CourierClient client, URI uri, HttpMethod method) {
    this.client = client;
    this.uri = uri;
    this.method = method;
  }

  @Override
  public HttpMethod getMethod() {
    return method;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  protected ClientHttpResponse executeInternal(HttpHeaders headers, @Nullable Body body)
      throws IOException {
    Request.Builder builder = new Request.Builder()
        .url(HttpUrl.get(uri))
        .tag(ClientHttpRequest.class, this);
    headers.forEach((name, values) -> {
      if (FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) return;
      // Spring allows HttpHeaders.add(name, null); its own factories send an empty value.
      for (String value : values) builder.addHeader(name, value != null ? value : "");
    });
    String contentTypeHeader = headers.getFirst(HttpHeaders.CONTENT_TYPE);
    MediaType contentType = contentTypeHeader == null ? null : MediaType.parse(contentTypeHeader);
    if (contentTypeHeader != null && contentType == null) {
      builder.header(HttpHeaders.CONTENT_TYPE, contentTypeHeader); // Pass through what we can't parse.
    }
    builder.method(method.name(), requestBody(headers, body, contentType));
    return new CourierClientHttpResponse(client.newCall(builder.build()).execute());
  }

  private @Nullable RequestBody requestBody(HttpHeaders headers, @Nullable Body body,
      @Nullable MediaType contentType) {
    if (body != null) return new StreamingRequestBody(body, contentType, headers.getContentLength());
    if (BODY_REQUIRED.contains(method.name())) return RequestBody.create(new byte[0], contentType);
    return null;
  }
}
