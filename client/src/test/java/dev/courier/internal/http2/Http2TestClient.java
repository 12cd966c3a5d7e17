package dev.courier.internal.http2;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import dev.courier.Headers;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.internal.http.RealResponseBody;
import dev.courier.testing.RecordingCarrier;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * An {@link Http2Connection} on a socket the test opens, and exchanges driven through
 * {@link Http2ExchangeCodec} in the order the engine's call-server step drives a codec: no pool
 * and no chain, so the protocol layer is tested on its own against real servers.
 */
final class Http2TestClient implements Closeable {
  final Socket socket;
  final Http2Connection connection;
  final RecordingCarrier carrier = new RecordingCarrier();
  int readTimeoutMillis = 10_000;
  int writeTimeoutMillis = 10_000;

  private Http2TestClient(Socket socket, Http2Connection connection) {
    this.socket = socket;
    this.connection = connection;
  }

  /** Connects to a cleartext server that speaks HTTP/2 with prior knowledge. */
  static Http2TestClient connect(String host, int port) throws IOException {
    return connect(host, port, UnaryOperator.identity());
  }

  /** Connects in cleartext, letting {@code options} adjust the connection's builder. */
  static Http2TestClient connect(String host, int port,
      UnaryOperator<Http2Connection.Builder> options) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setTcpNoDelay(true);
    return start(socket, options);
  }

  /** Connects over TLS, negotiating {@code h2} with ALPN. */
  static Http2TestClient connectTls(SSLSocketFactory factory, String host, int port)
      throws IOException {
    Socket raw = new Socket();
    raw.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    SSLSocket socket = (SSLSocket) factory.createSocket(raw, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    if (!"h2".equals(socket.getApplicationProtocol())) {
      throw new IOException("ALPN chose " + socket.getApplicationProtocol());
    }
    return start(socket, UnaryOperator.identity());
  }

  private static Http2TestClient start(Socket socket,
      UnaryOperator<Http2Connection.Builder> options) throws IOException {
    Http2Connection connection = options.apply(new Http2Connection.Builder(socket,
            Okio.buffer(Okio.source(socket)), Okio.buffer(Okio.sink(socket)))
            .name(socket.getInetAddress().getHostAddress() + ":" + socket.getPort()))
        .build();
    connection.start();
    return new Http2TestClient(socket, connection);
  }

  /** Returns a codec for one exchange on the connection. */
  Http2ExchangeCodec newCodec() {
    return new Http2ExchangeCodec(carrier, connection, readTimeoutMillis, writeTimeoutMillis);
  }

  /** Sends {@code request} and returns its response, whose body streams from the connection. */
  Response execute(Request request) throws IOException {
    return execute(request, newCodec());
  }

  /**
   * Runs one exchange on {@code codec}, as the call-server step would: a failure sending the
   * request body still lets a response the server sent early be read.
   */
  static Response execute(Request request, Http2ExchangeCodec codec) throws IOException {
    codec.writeRequestHeaders(request);
    RequestBody body = request.body();
    Response.Builder builder = null;
    IOException sendFailure = null;
    if (body != null) {
      if ("100-continue".equalsIgnoreCase(request.header("Expect"))) {
        codec.flushRequest();
        builder = codec.readResponseHeaders(true);
      }
      if (builder == null) {
        try {
          BufferedSink sink = Okio.buffer(codec.createRequestBody(request, body.contentLength()));
          body.writeTo(sink);
          sink.close();
        } catch (IOException e) {
          sendFailure = e;
        }
      }
    }
    try {
      codec.finishRequest();
      if (builder == null) builder = codec.readResponseHeaders(false);
    } catch (IOException e) {
      if (sendFailure == null) throw e;
      sendFailure.addSuppressed(e);
      throw sendFailure;
    }
    Response response = builder.request(request).build();
    while (response.code() >= 100 && response.code() < 200) {
      builder = codec.readResponseHeaders(false);
      response = builder.request(request).build();
    }
    long contentLength = codec.reportedContentLength(response);
    Source source = codec.openResponseBodySource(response);
    return builder
        .body(new RealResponseBody(response.header("Content-Type"), contentLength,
            Okio.buffer(source)))
        .trailers(() -> {
          Headers trailers = codec.peekTrailers();
          if (trailers == null) throw new IllegalStateException("body not read to its end");
          return trailers;
        })
        .build();
  }

  @Override
  public void close() {
    connection.close();
  }
}
