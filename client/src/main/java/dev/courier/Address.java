package dev.courier;

import java.net.Proxy;
import java.net.ProxySelector;
import java.util.List;
import java.util.Objects;

import javax.net.SocketFactory;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to reach an origin server: its scheme, host and port, plus the client settings
 * that shape a connection to it (DNS, socket factories, TLS, proxy). Two requests with equal
 * addresses may share a pooled connection; this is the pool's key.
 */
public final class Address {
  private final HttpUrl url;
  private final Dns dns;
  private final SocketFactory socketFactory;
  private final @Nullable SSLSocketFactory sslSocketFactory;
  private final @Nullable HostnameVerifier hostnameVerifier;
  private final CertificatePinner certificatePinner;
  private final Authenticator proxyAuthenticator;
  private final @Nullable Proxy proxy;
  private final ProxySelector proxySelector;
  private final List<Protocol> protocols;
  private final List<ConnectionSpec> connectionSpecs;

  /**
   * Creates an address with no certificate pins and the default connection specs
   * ({@link ConnectionSpec#MODERN_TLS} and {@link ConnectionSpec#CLEARTEXT}).
   *
   * @param sslSocketFactory the TLS socket factory, or null for cleartext http
   * @param hostnameVerifier verifies the server's certificate names the host, or null to use the
   *     JDK's endpoint identification (the default), or for cleartext http
   * @param proxy the proxy to use, or null to ask {@code proxySelector}
   */
  public Address(String uriHost, int uriPort, Dns dns, SocketFactory socketFactory,
      @Nullable SSLSocketFactory sslSocketFactory, @Nullable HostnameVerifier hostnameVerifier,
      Authenticator proxyAuthenticator, @Nullable Proxy proxy, ProxySelector proxySelector,
      List<Protocol> protocols) {
    this(uriHost, uriPort, dns, socketFactory, sslSocketFactory, hostnameVerifier,
        CertificatePinner.DEFAULT, proxyAuthenticator, proxy, proxySelector, protocols,
        List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT));
  }

  /**
   * Creates an address.
   *
   * @param sslSocketFactory the TLS socket factory, or null for cleartext http
   * @param hostnameVerifier verifies the server's certificate names the host, or null to use the
   *     JDK's endpoint identification (the default), or for cleartext http
   * @param certificatePinner the pins the server's certificate chain must match;
   *     {@link CertificatePinner#DEFAULT} for none
   * @param proxy the proxy to use, or null to ask {@code proxySelector}
   * @param connectionSpecs the allowed kinds of connection, TLS ones in order of preference
   */
  public Address(String uriHost, int uriPort, Dns dns, SocketFactory socketFactory,
      @Nullable SSLSocketFactory sslSocketFactory, @Nullable HostnameVerifier hostnameVerifier,
      CertificatePinner certificatePinner, Authenticator proxyAuthenticator, @Nullable Proxy proxy,
      ProxySelector proxySelector, List<Protocol> protocols,
      List<ConnectionSpec> connectionSpecs) {
    if (uriHost == null) throw new IllegalArgumentException("uriHost == null");
    if (dns == null) throw new IllegalArgumentException("dns == null");
    if (socketFactory == null) throw new IllegalArgumentException("socketFactory == null");
    if (certificatePinner == null) throw new IllegalArgumentException("certificatePinner == null");
    if (proxyAuthenticator == null) {
      throw new IllegalArgumentException("proxyAuthenticator == null");
    }
    if (proxySelector == null) throw new IllegalArgumentException("proxySelector == null");
    if (protocols == null) throw new IllegalArgumentException("protocols == null");
    if (connectionSpecs == null) throw new IllegalArgumentException("connectionSpecs == null");
    this.url = new HttpUrl.Builder()
        .scheme(sslSocketFactory != null ? "https" : "http")
        .host(uriHost)
        .port(uriPort)
        .build();
    this.dns = dns;
    this.socketFactory = socketFactory;
    this.sslSocketFactory = sslSocketFactory;
    this.hostnameVerifier = hostnameVerifier;
    this.certificatePinner = certificatePinner;
    this.proxyAuthenticator = proxyAuthenticator;
    this.proxy = proxy;
    this.proxySelector = proxySelector;
    this.protocols = List.copyOf(protocols);
    this.connectionSpecs = List.copyOf(connectionSpecs);
  }

  /** Returns the origin as a URL with scheme, host and port only, such as {@code https://a.b/}. */
  public HttpUrl url() {
    return url;
  }

  /** Returns the resolver for the origin's host name. */
  public Dns dns() {
    return dns;
  }

  /** Returns the factory for TCP sockets. */
  public SocketFactory socketFactory() {
    return socketFactory;
  }

  /** Returns the factory for TLS sockets, or null for cleartext http. */
  public @Nullable SSLSocketFactory sslSocketFactory() {
    return sslSocketFactory;
  }

  /** Returns the custom hostname verifier, or null when the JDK verifies names itself. */
  public @Nullable HostnameVerifier hostnameVerifier() {
    return hostnameVerifier;
  }

  /**
   * Returns the pins the server's certificates must match; {@link CertificatePinner#DEFAULT}
   * pins nothing.
   */
  public CertificatePinner certificatePinner() {
    return certificatePinner;
  }

  /** Returns the allowed kinds of connection: TLS specs in order of preference, and cleartext. */
  public List<ConnectionSpec> connectionSpecs() {
    return connectionSpecs;
  }

  /** Returns the authenticator that answers 407 challenges from a proxy. */
  public Authenticator proxyAuthenticator() {
    return proxyAuthenticator;
  }

  /** Returns the configured proxy, or null when the {@link #proxySelector()} decides. */
  public @Nullable Proxy proxy() {
    return proxy;
  }

  /** Returns the proxy selector consulted when no proxy is configured. */
  public ProxySelector proxySelector() {
    return proxySelector;
  }

  /** Returns the protocols the client offers, in order of preference. */
  public List<Protocol> protocols() {
    return protocols;
  }

  /**
   * Returns true if {@code other} shapes connections the same way, ignoring the host. Connections
   * to different hosts can only be shared when this holds.
   */
  public boolean equalsNonHost(Address other) {
    return dns.equals(other.dns)
        && proxyAuthenticator.equals(other.proxyAuthenticator)
        && protocols.equals(other.protocols)
        && proxySelector.equals(other.proxySelector)
        && Objects.equals(proxy, other.proxy)
        && socketFactory.equals(other.socketFactory)
        && Objects.equals(sslSocketFactory, other.sslSocketFactory)
        && Objects.equals(hostnameVerifier, other.hostnameVerifier)
        && certificatePinner.equals(other.certificatePinner)
        && connectionSpecs.equals(other.connectionSpecs)
        && url.port() == other.url.port();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) return true;
    return other instanceof Address
        && url.equals(((Address) other).url)
        && equalsNonHost((Address) other);
  }

  @Override
  public int hashCode() {
    int result = 17;
    result = 31 * result + url.hashCode();
    result = 31 * result + dns.hashCode();
    result = 31 * result + proxyAuthenticator.hashCode();
    result = 31 * result + protocols.hashCode();
    result = 31 * result + proxySelector.hashCode();
    result = 31 * result + Objects.hashCode(proxy);
    result = 31 * result + Objects.hashCode(sslSocketFactory);
    result = 31 * result + Objects.hashCode(hostnameVerifier);
    result = 31 * result + certificatePinner.hashCode();
    result = 31 * result + connectionSpecs.hashCode();
    return result;
  }

  /** Returns the host, port and proxy. */
  @Override
  public String toString() {
    return "Address{" + url.host() + ":" + url.port()
        + (proxy != null ? ", proxy=" + proxy : ", proxySelector=" + proxySelector) + "}";
  }
}
