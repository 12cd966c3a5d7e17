package dev.courier.openfeign;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import feign.Request.ProtocolVersion;

import dev.courier.Headers;
import dev.courier.Protocol;
import dev.courier.Response;
import dev.courier.ResponseBody;

/**
 * Turns a Courier response into the Feign response its caller reads: status, reason, headers,
 * protocol and the body, still streaming from the connection. Closing the Feign response closes
 * the Courier one.
 */
final class FeignResponses {

  private FeignResponses() {
  }

  /** Returns {@code response} as Feign's response to {@code request}; it takes over the body. */
  static feign.Response toFeign(Response response, feign.Request request) {
    feign.Response.Builder builder = feign.Response.builder()
        .status(response.code())
        .reason(response.message())
        .headers(headers(response.headers()))
        .protocolVersion(protocolVersion(response.protocol()))
        .request(request);
    ResponseBody body = response.body();
    if (body != null) {
      long length = body.contentLength();
      // Closing the stream closes the body, which releases the connection.
      builder.body(body.byteStream(),
          length >= 0 && length <= Integer.MAX_VALUE ? (int) length : null);
    }
    return builder.build();
  }

  /** Returns every header with all its values, names compared case-insensitively. */
  private static Map<String, Collection<String>> headers(Headers headers) {
    Map<String, Collection<String>> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.size(); i++) {
      result.computeIfAbsent(headers.name(i), name -> new ArrayList<>()).add(headers.value(i));
    }
    return result;
  }

  private static ProtocolVersion protocolVersion(Protocol protocol) {
    switch (protocol) {
      case HTTP_1_0:
        return ProtocolVersion.HTTP_1_0;
      case HTTP_2:
        return ProtocolVersion.HTTP_2;
      default:
        return ProtocolVersion.HTTP_1_1;
    }
  }
}
