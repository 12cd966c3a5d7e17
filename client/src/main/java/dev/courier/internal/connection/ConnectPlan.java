package dev.courier.internal.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.courier.Address;
import dev.courier.EventListener;
import dev.courier.Handshake;
import dev.courier.Protocol;
import dev.courier.Route;
import dev.courier.internal.chain.RealCall;

/**
 * One attempt to connect over a route: TCP, then TLS for https. Each step reports its own events
 * and failures; {@link #cancel()} closes the socket from another thread, which fails whichever
 * step is blocked.
 */
final class ConnectPlan implements RoutePlanner.Plan {
  private final RealConnectionPool pool;
  private final RealCall call;
  private final EventListener eventListener;
  private final Route route;
  private final List<Route> routes;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;

  private volatile boolean canceled;
  private volatile Socket rawSocket;
  private Socket socket;
  private RealConnection connection;

  ConnectPlan(RealConnectionPool pool, RealCall call, Route route, List<Route> routes,
      int connectTimeoutMillis, int readTimeoutMillis) {
    this.pool = pool;
    this.call = call;
    this.eventListener = call.eventListener();
    this.route = route;
    this.routes = routes;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  /** Returns the route this plan connects over. */
  Route route() {
    return route;
  }

  /** Returns every route of the selection this plan came from, or null. */
  List<Route> routes() {
    return routes;
  }

  @Override
  public boolean isReady() {
    return false;
  }

  @Override
  public RoutePlanner.ConnectResult connectTcp() {
    if (rawSocket != null) throw new IllegalStateException("TCP already connected");
    call.plansToCancel().add(this);
    boolean success = false;
    try {
      eventListener.connectStart(call, route.socketAddress(), route.proxy());
      connectSocket();
      success = true;
      return new RoutePlanner.ConnectResult(this, null, null);
    } catch (IOException e) {
      eventListener.connectFailed(call, route.socketAddress(), route.proxy(), null, e);
      pool.routeDatabase().failed(route);
      return new RoutePlanner.ConnectResult(this, null, e);
    } finally {
      call.plansToCancel().remove(this);
      if (!success) RealConnection.closeQuietly(rawSocket);
    }
  }

  private void connectSocket() throws IOException {
    Proxy.Type type = route.proxy().type();
    Socket raw = type == Proxy.Type.DIRECT || type == Proxy.Type.HTTP
        ? route.address().socketFactory().createSocket()
        : new Socket(route.proxy());
    rawSocket = raw;
    if (canceled) throw new IOException("Canceled");
    raw.setSoTimeout(readTimeoutMillis);
    raw.setTcpNoDelay(true);
    try {
      raw.connect(route.socketAddress(), connectTimeoutMillis);
    } catch (SocketTimeoutException e) {
      SocketTimeoutException named = new SocketTimeoutException("Connect timed out after "
          + connectTimeoutMillis + " ms (connectTimeout) to " + describeRoute());
      named.initCause(e);
      throw named;
    } catch (ConnectException e) {
      ConnectException named = new ConnectException("Failed to connect to " + describeRoute());
      named.initCause(e);
      throw named;
    }
    if (canceled) throw new IOException("Canceled");
  }

  @Override
  public RoutePlanner.ConnectResult connectTlsEtc() {
    Socket raw = rawSocket;
    if (raw == null) throw new IllegalStateException("TCP not connected");
    call.plansToCancel().add(this);
    boolean success = false;
    Protocol protocol = null;
    try {
      Address address = route.address();
      Handshake handshake = null;
      if (address.sslSocketFactory() != null) {
        eventListener.secureConnectStart(call);
        SSLSocket sslSocket = connectTls(raw, address);
        socket = sslSocket;
        handshake = Handshake.get(sslSocket.getSession());
        eventListener.secureConnectEnd(call, handshake);
      } else {
        socket = raw;
      }
      protocol = Protocol.HTTP_1_1;
      connection = new RealConnection(pool, route, raw, socket, handshake, protocol);
      eventListener.connectEnd(call, route.socketAddress(), route.proxy(), protocol);
      success = true;
      return new RoutePlanner.ConnectResult(this, null, null);
    } catch (IOException e) {
      eventListener.connectFailed(call, route.socketAddress(), route.proxy(), protocol, e);
      pool.routeDatabase().failed(route);
      return new RoutePlanner.ConnectResult(this, null, e);
    } finally {
      call.plansToCancel().remove(this);
      if (!success) {
        RealConnection.closeQuietly(socket);
        RealConnection.closeQuietly(raw);
      }
    }
  }

  private SSLSocket connectTls(Socket raw, Address address) throws IOException {
    String host = address.url().host();
    SSLSocket sslSocket = (SSLSocket) address.sslSocketFactory()
        .createSocket(raw, host, address.url().port(), true);
    socket = sslSocket;
    HostnameVerifier hostnameVerifier = address.hostnameVerifier();
    SSLParameters parameters = sslSocket.getSSLParameters();
    if (hostnameVerifier == null) {
      // Let the JDK check the certificate against the host during the handshake (RFC 2818).
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    parameters.setApplicationProtocols(new String[] {Protocol.HTTP_1_1.toString()});
    sslSocket.setSSLParameters(parameters);
    sslSocket.startHandshake();
    SSLSession session = sslSocket.getSession();
    if (hostnameVerifier != null && !hostnameVerifier.verify(host, session)) {
      String subject = "no certificate";
      try {
        subject = ((X509Certificate) session.getPeerCertificates()[0])
            .getSubjectX500Principal().getName();
      } catch (SSLPeerUnverifiedException | ClassCastException ignored) {
        // Keep the generic description.
      }
      throw new SSLPeerUnverifiedException("Hostname " + host + " not verified: certificate "
          + subject + " was rejected by " + hostnameVerifier);
    }
    return sslSocket;
  }

  @Override
  public RealConnection handleSuccess() {
    RealConnection result = connection;
    if (result == null) throw new IllegalStateException("not connected");
    pool.routeDatabase().connected(route);
    synchronized (result) {
      pool.put(result);
      call.acquireConnectionNoEvents(result);
    }
    eventListener.connectionAcquired(call, result);
    return result;
  }

  @Override
  public void cancel() {
    canceled = true;
    RealConnection.closeQuietly(rawSocket);
  }

  @Override
  public RoutePlanner.Plan retry() {
    return null;
  }

  private String describeRoute() {
    String host = route.address().url().host();
    String target = route.socketAddress().getAddress() != null
        ? route.socketAddress().getAddress().getHostAddress() : route.socketAddress().getHostString();
    return host + (host.equals(target) ? "" : " (" + target + ")") + ":" + route.socketAddress().getPort()
        + (route.proxy().type() != Proxy.Type.DIRECT ? " via " + route.proxy() : "");
  }
}
