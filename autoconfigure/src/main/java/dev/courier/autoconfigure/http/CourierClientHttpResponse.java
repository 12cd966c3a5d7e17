package dev.courier.autoconfigure.http;

import java.io.InputStream;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

import dev.courier.Headers;
import dev.courier.Response;
import dev.courier.ResponseBody;

/** A Courier {@link Response} seen as Spring's {@link ClientHttpResponse}; closing it closes both. */
final class CourierClientHttpResponse implements ClientHttpResponse {
  private final Response response;
  private @Nullable HttpHeaders headers; // Converted on first use.

  CourierClientHttpResponse(Response response) {
    this.response = response;
  }

  @Override
  public HttpStatusCode getStatusCode() {
    return HttpStatusCode.valueOf(response.code());
  }

  @Override
  public String getStatusText() {
    return response.message();
  }

  @Override
  public HttpHeaders getHeaders() {
    HttpHeaders result = headers;
    if (result == null) {
      result = new HttpHeaders();
      Headers source = response.headers();
      for (int i = 0; i < source.size(); i++) result.add(source.name(i), source.value(i));
      headers = result;
    }
    return result;
  }

  @Override
  public InputStream getBody() {
    ResponseBody body = response.body();
    return body != null ? body.byteStream() : InputStream.nullInputStream();
  }

  @Override
  public void close() {
    response.close();
  }
}
