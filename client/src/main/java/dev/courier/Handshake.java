package dev.courier;

import java.io.IOException;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * The record of a TLS handshake: the version and cipher suite agreed, and the certificates each
 * side presented. Immutable.
 */
public final class Handshake {
  private final TlsVersion tlsVersion;
  private final String cipherSuite;
  private final List<Certificate> peerCertificates;
  private final List<Certificate> localCertificates;

  private Handshake(TlsVersion tlsVersion, String cipherSuite, List<Certificate> peerCertificates,
      List<Certificate> localCertificates) {
    this.tlsVersion = tlsVersion;
    this.cipherSuite = cipherSuite;
    this.peerCertificates = List.copyOf(peerCertificates);
    this.localCertificates = List.copyOf(localCertificates);
  }

  /**
   * Returns the handshake recorded in {@code session}.
   *
   * @throws IOException if the session has no cipher suite or an unknown TLS version
   */
  public static Handshake get(SSLSession session) throws IOException {
    if (session == null) throw new IllegalArgumentException("session == null");
    String cipherSuite = session.getCipherSuite();
    if (cipherSuite == null || "SSL_NULL_WITH_NULL_NULL".equals(cipherSuite)
        || "TLS_NULL_WITH_NULL_NULL".equals(cipherSuite)) {
      throw new IOException("cipherSuite == " + cipherSuite);
    }
    TlsVersion tlsVersion;
    try {
      tlsVersion = TlsVersion.forJavaName(session.getProtocol());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    List<Certificate> peer;
    try {
      Certificate[] certificates = session.getPeerCertificates();
      peer = certificates != null ? Arrays.asList(certificates) : List.of();
    } catch (SSLPeerUnverifiedException e) {
      peer = List.of();
    }
    Certificate[] local = session.getLocalCertificates();
    return new Handshake(tlsVersion, cipherSuite, peer,
        local != null ? Arrays.asList(local) : List.of());
  }

  /** Returns a handshake with the given parts, for tests and for responses read from a cache. */
  public static Handshake get(TlsVersion tlsVersion, String cipherSuite,
      List<Certificate> peerCertificates, List<Certificate> localCertificates) {
    if (tlsVersion == null) throw new IllegalArgumentException("tlsVersion == null");
    if (cipherSuite == null) throw new IllegalArgumentException("cipherSuite == null");
    if (peerCertificates == null) throw new IllegalArgumentException("peerCertificates == null");
    if (localCertificates == null) throw new IllegalArgumentException("localCertificates == null");
    return new Handshake(tlsVersion, cipherSuite, peerCertificates, localCertificates);
  }

  /** Returns the TLS version negotiated. */
  public TlsVersion tlsVersion() {
    return tlsVersion;
  }

  /** Returns the cipher suite negotiated, by its standard name. */
  public String cipherSuite() {
    return cipherSuite;
  }

  /** Returns the server's certificate chain, leaf first; empty if it presented none. */
  public List<Certificate> peerCertificates() {
    return peerCertificates;
  }

  /** Returns the server's subject, or null if it presented no X.509 certificate. */
  public @Nullable Principal peerPrincipal() {
    return !peerCertificates.isEmpty() && peerCertificates.get(0) instanceof X509Certificate
        ? ((X509Certificate) peerCertificates.get(0)).getSubjectX500Principal()
        : null;
  }

  /** Returns the certificates this client presented, leaf first; empty if none. */
  public List<Certificate> localCertificates() {
    return localCertificates;
  }

  /** Returns this client's subject, or null if it presented no X.509 certificate. */
  public @Nullable Principal localPrincipal() {
    return !localCertificates.isEmpty() && localCertificates.get(0) instanceof X509Certificate
        ? ((X509Certificate) localCertificates.get(0)).getSubjectX500Principal()
        : null;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof Handshake)) return false;
    Handshake that = (Handshake) other;
    return tlsVersion == that.tlsVersion && cipherSuite.equals(that.cipherSuite)
        && peerCertificates.equals(that.peerCertificates)
        && localCertificates.equals(that.localCertificates);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tlsVersion, cipherSuite, peerCertificates, localCertificates);
  }

  /** Returns the version, suite and the subjects of both chains. */
  @Override
  public String toString() {
    return "Handshake{tlsVersion=" + tlsVersion + ", cipherSuite=" + cipherSuite
        + ", peerPrincipal=" + peerPrincipal() + ", localPrincipal=" + localPrincipal() + "}";
  }
}
