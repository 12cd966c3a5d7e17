package dev.courier.internal.chain;

import java.io.IOException;
import java.net.ProtocolException;

import dev.courier.Headers;
import dev.courier.Interceptor;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.internal.connection.Exchange;
import dev.courier.internal.http.HttpMethod;

/**
 * The last interceptor: writes the request to the connection and reads the response headers,
 * skipping interim (1xx) responses, and attaches the streaming body.
 */
public final class CallServerInterceptor implements Interceptor {
  /** More interim responses than this before the final one is taken as a hostile server. */
  static final int MAX_INTERIM_RESPONSES = 32;

  @Override
  public Response intercept(Chain chain) throws IOException {
    RealInterceptorChain realChain = (RealInterceptorChain) chain;
    Exchange exchange = realChain.exchange();
    Request request = realChain.request();
    RequestBody requestBody = request.body();
    long sentRequestMillis = System.currentTimeMillis();

    Response.Builder responseBuilder = null;
    IOException sendRequestException = null;
    try {
      exchange.writeRequestHeaders(request);
      if (HttpMethod.permitsRequestBody(request.method()) && requestBody != null) {
        // With "Expect: 100-continue", send the body only once the server asks for it; if it
        // answers with a final status instead, return that without sending the body at all.
        if ("100-continue".equalsIgnoreCase(request.header("Expect"))) {
          exchange.flushRequest();
          responseBuilder = exchange.readResponseHeaders(true);
        }
        if (responseBuilder == null) {
          exchange.writeRequestBody(request);
        } else {
          exchange.noRequestBody();
          // The server expects a body that will never come: the connection is out of step.
          exchange.noNewExchangesOnConnection();
        }
      } else {
        exchange.noRequestBody();
      }
      exchange.finishRequest();
    } catch (IOException e) {
      // A failure writing to the connection may mean the server answered early and closed (a
      // 413, say): read that answer. Any other failure (the body itself failed) is final.
      if (!exchange.hasFailure()) throw e;
      sendRequestException = e;
      // The request is over, sent or not. If a response still comes (on HTTP/2 a stream whose
      // response arrived before a cancel could reset it), the call must not wait for the request
      // half of this exchange to end: it never would, and the connection would stay held.
      exchange.requestFailed();
    }

    try {
      if (responseBuilder == null) {
        responseBuilder = exchange.readResponseHeaders(false);
      }
      Response.TrailersSource trailers = exchange::trailers;
      Response response = build(responseBuilder, request, exchange, sentRequestMillis, trailers);
      int interimResponses = 0;
      while (isInterim(response.code())) {
        if (++interimResponses > MAX_INTERIM_RESPONSES) {
          throw new ProtocolException("Too many interim (1xx) responses: more than "
              + MAX_INTERIM_RESPONSES);
        }
        responseBuilder = exchange.readResponseHeaders(false);
        response = build(responseBuilder, request, exchange, sentRequestMillis, trailers);
      }
      exchange.responseHeadersEnd(response);

      if (hasToken(request.headers(), "close") || hasToken(response.headers(), "close")
          || (response.protocol() == Protocol.HTTP_1_0
              && !hasToken(response.headers(), "keep-alive"))
          || response.code() == 101) {
        exchange.noNewExchangesOnConnection();
      }
      // The builder already holds everything else; reusing it saves copying the response.
      responseBuilder.body(exchange.openResponseBody(response));
      // Without network interceptors nothing rewrites the response before the cache step, and
      // the headers-only response is exactly what networkResponse() shows: attach it here, so
      // neither the cache step nor the bridge has to copy the response to record it.
      if (!realChain.hasNetworkInterceptors()) responseBuilder.networkResponse(response);
      return responseBuilder.build();
    } catch (IOException e) {
      if (sendRequestException != null) {
        sendRequestException.addSuppressed(e);
        throw sendRequestException;
      }
      throw e;
    }
  }

  private static Response build(Response.Builder builder, Request request, Exchange exchange,
      long sentRequestMillis, Response.TrailersSource trailers) {
    return builder
        .request(request)
        .handshake(exchange.connection().handshake())
        .sentRequestAtMillis(sentRequestMillis)
        .receivedResponseAtMillis(System.currentTimeMillis())
        .trailers(trailers)
        .build();
  }

  /** Returns true for interim responses to skip: 1xx except 101, which switches protocols. */
  private static boolean isInterim(int code) {
    return code >= 100 && code < 200 && code != 101;
  }

  /** Returns true if a {@code Connection} header of {@code headers} lists {@code token}. */
  static boolean hasToken(Headers headers, String token) {
    for (int i = 0, size = headers.size(); i < size; i++) {
      if (!headers.name(i).equalsIgnoreCase("Connection")) continue;
      String value = headers.value(i);
      if (value.equalsIgnoreCase(token)) return true;
      if (value.indexOf(',') == -1) continue;
      for (String element : value.split(",")) {
        if (element.trim().equalsIgnoreCase(token)) return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "CallServerInterceptor";
  }
}
