package dev.courier.internal.connection;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.Socket;

import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.ResponseBody;
import dev.courier.Route;
import dev.courier.internal.http.StatusLine;
import dev.courier.internal.http.WireText;
import dev.courier.internal.http1.HeadersReader;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;

/**
 * Opens a tunnel to an https origin through an HTTP proxy with {@code CONNECT} (RFC 9110 §9.3.6),
 * answering the proxy's 407 challenges with the proxy authenticator.
 *
 * <p>Only the proxy sees the {@code CONNECT}; once it answers 2xx the socket carries the TLS
 * handshake with the origin, so any byte read past the proxy's response would belong to TLS and
 * is treated as a protocol error.
 */
final class ProxyTunnel {
  /** The most 407 challenges answered for one tunnel before giving up. */
  static final int MAX_AUTH_ATTEMPTS = 3;

  private ProxyTunnel() {
  }

  /**
   * The outcome of a tunnel attempt that needs a new connection: the proxy challenged and closed
   * the connection, so the authenticated {@code CONNECT} goes out on a fresh one.
   *
   * @param request the next {@code CONNECT} request, with credentials
   * @param authAttempts challenges answered so far
   */
  record Retry(Request request, int authAttempts) {
  }

  /** Returns the first {@code CONNECT} request for {@code route}, without credentials. */
  static Request request(Route route, String userAgent) {
    HttpUrl url = route.address().url();
    return new Request.Builder()
        .url(url)
        .method("CONNECT", null)
        .header("Host", authority(url))
        .header("Proxy-Connection", "Keep-Alive") // For HTTP/1.0 proxies.
        .header("User-Agent", userAgent)
        .build();
  }

  /**
   * Sends {@code request} and any authenticated follow-ups on {@code socket} until the proxy
   * agrees. Returns null once the tunnel is open, or a retry if the proxy closed the connection
   * after a challenge.
   *
   * @throws IOException naming the host if the proxy refuses, or the authenticator gives up
   */
  static Retry open(Socket socket, Route route, Request request, int authAttempts,
      int writeTimeoutMillis) throws IOException {
    String target = authority(route.address().url());
    BufferedSource source = Okio.buffer(new SocketSource(socket));
    SocketWriteTimeout writeTimeout = new SocketWriteTimeout(socket);
    writeTimeout.writeTimeoutMillis(writeTimeoutMillis);
    BufferedSink sink = Okio.buffer(writeTimeout.sink(Okio.sink(socket.getOutputStream())));
    Response prior = null;
    while (true) {
      writeRequest(sink, target, request.headers());
      HeadersReader reader = new HeadersReader(source);
      StatusLine statusLine = StatusLine.parse(reader.readLine());
      Headers headers = reader.readHeaders();
      Response response = new Response.Builder()
          .request(request)
          .protocol(statusLine.protocol())
          .code(statusLine.code())
          .message(statusLine.message())
          .headers(headers)
          .priorResponse(prior)
          .body(ResponseBody.create(new byte[0], null))
          .build();

      // RFC 9110 §9.3.6: a 2xx to CONNECT has no body, whatever its headers say.
      int code = statusLine.code();
      if (code >= 200 && code < 300) {
        // The proxy must wait for our TLS hello; bytes already here can't be part of TLS.
        if (!source.getBuffer().exhausted()) {
          throw new ProtocolException("Proxy " + route.proxy() + " sent bytes after its "
              + code + " response to CONNECT " + target);
        }
        return null;
      }
      if (code != 407) {
        throw new IOException("Proxy " + route.proxy() + " refused CONNECT " + target + ": "
            + code + " " + WireText.printable(statusLine.message()));
      }
      boolean connectionUsable = skipBody(source, headers);
      if (authAttempts >= MAX_AUTH_ATTEMPTS) {
        throw new IOException("Failed to authenticate with proxy " + route.proxy() + " for "
            + target + ": still 407 after " + authAttempts + " attempts");
      }
      Request next = route.address().proxyAuthenticator().authenticate(route, response);
      if (next == null) {
        throw new IOException("Failed to authenticate with proxy " + route.proxy() + " for "
            + target + ": 407 " + WireText.printable(statusLine.message())
            + " and the proxy authenticator gave up");
      }
      authAttempts++;
      if (!connectionUsable || "close".equalsIgnoreCase(response.header("Connection"))
          || "close".equalsIgnoreCase(response.header("Proxy-Connection"))) {
        return new Retry(next, authAttempts);
      }
      request = next;
      prior = response.newBuilder().body(null).build(); // Prior responses carry no body.

    }
  }

  private static void writeRequest(BufferedSink sink, String target, Headers headers)
      throws IOException {
    sink.writeUtf8("CONNECT ").writeUtf8(target).writeUtf8(" HTTP/1.1\r\n");
    for (int i = 0, size = headers.size(); i < size; i++) {
      sink.writeUtf8(headers.name(i)).writeUtf8(": ").writeUtf8(headers.value(i))
          .writeUtf8("\r\n");
    }
    sink.writeUtf8("\r\n").flush();
  }

  /**
   * Reads and drops the body of a challenge. Returns false if the body's length is not given, so
   * it runs until the proxy closes and the connection can't carry another {@code CONNECT}.
   */
  private static boolean skipBody(BufferedSource source, Headers headers) throws IOException {
    String contentLength = headers.get("Content-Length");
    if (contentLength == null || headers.get("Transfer-Encoding") != null) return false;
    long length = 0;
    if (contentLength.isEmpty() || contentLength.length() > 18) {
      throw new ProtocolException("Invalid Content-Length from proxy: "
          + WireText.printable(contentLength));
    }
    for (int i = 0; i < contentLength.length(); i++) {
      char c = contentLength.charAt(i);
      if (c < '0' || c > '9') {
        throw new ProtocolException("Invalid Content-Length from proxy: "
            + WireText.printable(contentLength));
      }
      length = length * 10 + (c - '0');
    }
    source.skip(length);
    return true;
  }

  /** Returns {@code host:port}, the authority form {@code CONNECT} names its target with. */
  static String authority(HttpUrl url) {
    // Unlike the Host header, the authority form names the default port too (RFC 9110 §9.3.6).
    String hostHeader = url.hostHeader();
    return url.port() == HttpUrl.defaultPort(url.scheme())
        ? hostHeader + ":" + url.port()
        : hostHeader;
  }
}
