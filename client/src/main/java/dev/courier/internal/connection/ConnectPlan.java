package dev.courier.internal.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.courier.Address;
import dev.courier.Call;
import dev.courier.EventListener;
import dev.courier.Handshake;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.Route;
import dev.courier.internal.tls.Alpn;
import dev.courier.internal.tls.ConnectionSpecSelector;
import dev.courier.internal.tls.SubjectAltNames;
import dev.courier.internal.tls.TlsFailures;
import dev.courier.internal.url.Hosts;

/**
 * One attempt to connect over a route: TCP; then, for https through an HTTP proxy, a
 * {@code CONNECT} tunnel; then TLS for https, where ALPN chooses HTTP/2 or HTTP/1.1; then, for
 * HTTP/2, the connection preface. The two halves run separately so a race of several attempts can
 * stop the losers after TCP, before any handshake.
 *
 * <p>A step that fails may offer a next plan: the same route with the next connection spec after
 * a handshake failure, or a new connection for an authenticated {@code CONNECT} after the proxy
 * closed one. {@link #cancel()} closes the socket from another thread, which fails whichever step
 * is blocked; a canceled attempt does not count against its route.
 */
final class ConnectPlan implements RoutePlanner.Plan {
  private static final String TUNNEL_STEP = "CONNECT";
  private static final String TLS_STEP = "TLS handshake";

  private final RealConnectionPool pool;
  private final ConnectionUser user;
  private final Call call;
  private final EventListener eventListener;
  private final ConnectSettings settings;
  private final Route route;
  private final List<Route> routes;
  private final Request tunnelRequest;
  private final int tunnelAuthAttempts;
  private final int connectionSpecIndex;
  private final boolean isTlsFallback;

  private volatile boolean canceled;
  private volatile Socket rawSocket;
  private Socket socket;
  private RealConnection connection;
  /** The call's reservation of this connect, which other calls to the address wait for; or null. */
  private volatile ConnectCoalescer.Reservation reservation;

  ConnectPlan(RealConnectionPool pool, ConnectionUser user, ConnectSettings settings, Route route,
      List<Route> routes, Request tunnelRequest, int tunnelAuthAttempts, int connectionSpecIndex,
      boolean isTlsFallback) {
    this.pool = pool;
    this.user = user;
    this.call = user.call();
    this.eventListener = user.eventListener();
    this.settings = settings;
    this.route = route;
    this.routes = routes;
    this.tunnelRequest = tunnelRequest;
    this.tunnelAuthAttempts = tunnelAuthAttempts;
    this.connectionSpecIndex = connectionSpecIndex;
    this.isTlsFallback = isTlsFallback;
  }

  /**
   * Makes this attempt the one other calls to its address wait for: {@code reservation} is
   * released once the connection may be shared, or once this attempt ends without one.
   */
  void holdReservation(ConnectCoalescer.Reservation reservation) {
    this.reservation = reservation;
  }

  /** Ends this attempt's reservation, if it holds one: the waiting calls may connect. */
  void releaseReservation() {
    ConnectCoalescer.Reservation held = reservation;
    if (held != null) {
      reservation = null;
      held.release();
    }
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
    user.addPlanToCancel(this);
    boolean success = false;
    try {
      eventListener.connectStart(call, route.socketAddress(), route.proxy());
      connectSocket();
      success = true;
      return new RoutePlanner.ConnectResult(this, null, null);
    } catch (IOException e) {
      boolean wasCanceled = isCanceled();
      IOException failure = wasCanceled ? canceledException(e) : e;
      eventListener.connectFailed(call, route.socketAddress(), route.proxy(), null, failure);
      if (!wasCanceled) routeFailed(failure);
      return new RoutePlanner.ConnectResult(this, null, failure);
    } finally {
      user.removePlanToCancel(this);
      if (!success) {
        RealConnection.closeQuietly(rawSocket);
        releaseReservation();
      }
    }
  }

  private void connectSocket() throws IOException {
    Proxy.Type type = route.proxy().type();
    Socket raw = type == Proxy.Type.DIRECT || type == Proxy.Type.HTTP
        ? route.address().socketFactory().createSocket()
        : new Socket(route.proxy()); // SOCKS: the JDK speaks the protocol and the proxy resolves.
    rawSocket = raw;
    // The call may have been canceled before this plan joined its plans to cancel.
    if (isCanceled()) throw new IOException("Canceled");
    raw.setSoTimeout(settings.readTimeoutMillis());
    raw.setTcpNoDelay(true);
    try {
      raw.connect(route.socketAddress(), settings.connectTimeoutMillis());
    } catch (SocketTimeoutException e) {
      SocketTimeoutException named = new SocketTimeoutException("Connect timed out after "
          + settings.connectTimeoutMillis() + " ms (connectTimeout) to " + describeRoute());
      named.initCause(e);
      throw named;
    } catch (ConnectException e) {
      ConnectException named = new ConnectException("Failed to connect to " + describeRoute());
      named.initCause(e);
      throw named;
    } catch (NoRouteToHostException e) {
      NoRouteToHostException named = new NoRouteToHostException("No route to " + describeRoute());
      named.initCause(e);
      throw named;
    } catch (SocketException e) {
      SocketException named = new SocketException("Failed to connect to " + describeRoute()
          + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    }
    if (canceled) throw new IOException("Canceled");
  }

  @Override
  public RoutePlanner.ConnectResult connectTlsEtc() {
    Socket raw = rawSocket;
    if (raw == null) throw new IllegalStateException("TCP not connected");
    if (connection != null) throw new IllegalStateException("already connected");
    user.addPlanToCancel(this);
    boolean success = false;
    ConnectionSpecSelector.Selection specs = null;
    String step = TUNNEL_STEP;
    try {
      if (tunnelRequest != null) {
        ProxyTunnel.Retry retry = ProxyTunnel.open(raw, route, tunnelRequest, tunnelAuthAttempts,
            settings.writeTimeoutMillis());
        if (retry != null) {
          // The proxy closed the connection after its challenge: answer it on a new one.
          return new RoutePlanner.ConnectResult(this, copy(retry.request(), retry.authAttempts(),
              connectionSpecIndex, isTlsFallback), null);
        }
      }
      Address address = route.address();
      Handshake handshake = null;
      if (address.sslSocketFactory() != null) {
        step = TLS_STEP;
        eventListener.secureConnectStart(call);
        SSLSocket sslSocket = (SSLSocket) address.sslSocketFactory()
            .createSocket(raw, address.url().host(), address.url().port(), true);
        socket = sslSocket;
        specs = ConnectionSpecSelector.configure(address.connectionSpecs(), connectionSpecIndex,
            isTlsFallback, sslSocket, describeRoute());
        handshake = handshake(sslSocket, address);
        eventListener.secureConnectEnd(call, handshake);
      } else {
        socket = raw;
      }
      Protocol protocol = handshake != null
          ? Alpn.negotiated((SSLSocket) socket, address.protocols())
          : address.protocols().contains(Protocol.H2_PRIOR_KNOWLEDGE)
              ? Protocol.H2_PRIOR_KNOWLEDGE
              : Protocol.HTTP_1_1;
      connection = new RealConnection(pool, route, raw, socket, handshake, protocol, settings);
      ConnectCoalescer.Reservation held = reservation;
      if (held != null && connection.isMultiplexed()) {
        reservation = null;
        connection.holdReservation(held); // It releases once others can share it.
      } else {
        releaseReservation(); // HTTP/1.1 carries one call: the waiting calls connect.
      }
      connection.start();
      eventListener.connectEnd(call, route.socketAddress(), route.proxy(), protocol);
      success = true;
      return new RoutePlanner.ConnectResult(this, null, null);
    } catch (IOException e) {
      boolean wasCanceled = isCanceled();
      IOException failure = wasCanceled ? canceledException(e) : withTarget(e, step);
      eventListener.connectFailed(call, route.socketAddress(), route.proxy(), null, failure);
      if (wasCanceled) return new RoutePlanner.ConnectResult(this, null, failure);
      routeFailed(failure);
      RoutePlanner.Plan fallback = null;
      if (settings.retryOnConnectionFailure() && specs != null && specs.nextSpecIndex() != -1
          && TlsFailures.isFallbackEligible(e)) {
        fallback = copy(tunnelRequest, tunnelAuthAttempts, specs.nextSpecIndex(), true);
      }
      return new RoutePlanner.ConnectResult(this, fallback, failure);
    } finally {
      user.removePlanToCancel(this);
      if (!success) {
        if (connection != null) {
          connection.close();
          connection = null;
        }
        RealConnection.closeQuietly(socket);
        RealConnection.closeQuietly(raw);
        releaseReservation();
      }
    }
  }

  /**
   * Runs the handshake and checks the server's identity: its host name (the JDK checks it during
   * the handshake unless a custom verifier is set; a certificate must name it in a subjectAltName),
   * and the certificate pins.
   */
  private Handshake handshake(SSLSocket sslSocket, Address address) throws IOException {
    String host = address.url().host();
    HostnameVerifier hostnameVerifier = address.hostnameVerifier();
    SSLParameters parameters = sslSocket.getSSLParameters();
    if (hostnameVerifier == null) {
      // Let the JDK check the certificate against the host during the handshake (RFC 2818).
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (!Hosts.isIpAddress(host)) {
      // Name the server we want (SNI), so a server hosting several names picks the right one.
      // The JDK only does this itself for names with a dot, so not for "localhost".
      try {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      } catch (IllegalArgumentException e) {
        // Not a name SNI can carry (an underscore, say): connect without it, as the JDK would.
      }
    }
    Alpn.offer(parameters, address.protocols());
    sslSocket.setSSLParameters(parameters);
    // The connect timeout covers the handshake too; reads after it get the read timeout.
    sslSocket.setSoTimeout(settings.connectTimeoutMillis());
    sslSocket.startHandshake();
    sslSocket.setSoTimeout(settings.readTimeoutMillis());

    SSLSession session = sslSocket.getSession();
    if (hostnameVerifier == null && !Hosts.isIpAddress(host)) {
      // The JDK matched the host, but perhaps only against the common name: refuse that. (For an
      // IP address it matches IP subject alternative names only.)
      SubjectAltNames.requireDnsName(host, (X509Certificate) session.getPeerCertificates()[0]);
    }
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
    Handshake handshake = Handshake.get(session);
    address.certificatePinner().check(host, handshake.peerCertificates());
    return handshake;
  }

  @Override
  public RealConnection handleSuccess() {
    RealConnection result = connection;
    if (result == null) throw new IllegalStateException("not connected");
    pool.routeDatabase().connected(route);
    synchronized (result) {
      pool.put(result);
      user.acquireConnectionNoEvents(result);
    }
    eventListener.connectionAcquired(call, result);
    return result;
  }

  @Override
  public void cancel() {
    canceled = true;
    RealConnection.closeQuietly(rawSocket);
    releaseReservation();
  }

  /** Returns true if this attempt or its whole call was canceled. */
  private boolean isCanceled() {
    return canceled || call.isCanceled();
  }

  /** Returns a fresh attempt at this same route, for when canceling this one was premature. */
  @Override
  public RoutePlanner.Plan retry() {
    return copy(tunnelRequest, tunnelAuthAttempts, connectionSpecIndex, isTlsFallback);
  }

  private ConnectPlan copy(Request tunnelRequest, int tunnelAuthAttempts, int connectionSpecIndex,
      boolean isTlsFallback) {
    return new ConnectPlan(pool, user, settings, route, routes, tunnelRequest, tunnelAuthAttempts,
        connectionSpecIndex, isTlsFallback);
  }

  /** Remembers the failure so this route goes last next time, and tells the proxy selector. */
  private void routeFailed(IOException e) {
    pool.routeDatabase().failed(route);
    Address address = route.address();
    if (route.proxy().type() != Proxy.Type.DIRECT && address.proxy() == null) {
      address.proxySelector().connectFailed(address.url().uri(), route.proxy().address(), e);
    }
  }

  /**
   * Returns {@code e} with the target named in its message, keeping the kinds callers tell apart:
   * timeouts, protocol errors and TLS errors. The JDK's own messages rarely say which server.
   */
  private IOException withTarget(IOException e, String step) {
    String target = describeRoute();
    if (e instanceof SocketTimeoutException) {
      // The handshake runs under the connect timeout; the proxy's reads and writes under theirs,
      // which their own messages already name.
      SocketTimeoutException named = new SocketTimeoutException(step.equals(TLS_STEP)
          ? step + " with " + target + " timed out after " + settings.connectTimeoutMillis()
              + " ms (connectTimeout)"
          : step + " to " + target + " failed: " + e.getMessage());
      named.initCause(e);
      return named;
    }
    String host = route.address().url().host();
    IOException tls = TlsFailures.withTarget(e, host, target);
    if (tls != e) return tls;
    String message = e.getMessage();
    if (message != null && message.contains(host)) return e;
    String text = step + " to " + target + " failed: " + message;
    IOException named = e instanceof ProtocolException ? new ProtocolException(text)
        : new IOException(text);
    named.initCause(e);
    return named;
  }

  private static IOException canceledException(IOException cause) {
    return "Canceled".equals(cause.getMessage()) ? cause : new IOException("Canceled", cause);
  }

  /** Describes the target for messages: host, address when it differs, port and proxy. */
  private String describeRoute() {
    String host = route.address().url().host();
    int port = route.address().url().port();
    if (route.proxy().type() != Proxy.Type.DIRECT) {
      return host + ":" + port + " via " + route.proxy();
    }
    String target = route.socketAddress().getAddress() != null
        ? route.socketAddress().getAddress().getHostAddress()
        : route.socketAddress().getHostString();
    return host + (host.equals(target) ? "" : " (" + target + ")") + ":" + port;
  }
}
