package dev.courier.internal.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Holds a server to naming its host in a subjectAltName. The JDK's HTTPS identity check falls back
 * to the subject's common name when a certificate names no DNS host; RFC 9525 dropped that
 * fallback and browsers refuse it: a common name is free text, which an authority may not have
 * checked as a host name.
 */
public final class SubjectAltNames {
  /** The GeneralName tag of a dNSName (RFC 5280 §4.2.1.6), as the JDK reports it. */
  private static final int DNS_NAME = 2;

  private SubjectAltNames() {
  }

  /**
   * Refuses {@code certificate} for {@code host}, a host name (not an IP address), unless it
   * carries a DNS name among its subject alternative names. Run after the JDK's check, which
   * then matched {@code host} against those names rather than the common name.
   *
   * @throws SSLPeerUnverifiedException naming the host and the certificate's subject
   */
  public static void requireDnsName(String host, X509Certificate certificate)
      throws SSLPeerUnverifiedException {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (name.get(0) instanceof Integer type && type == DNS_NAME) return;
        }
      }
    } catch (CertificateParsingException e) {
      // An extension that doesn't parse names nothing: refused below.
    }
    throw new SSLPeerUnverifiedException("Hostname " + host + " not verified: certificate "
        + certificate.getSubjectX500Principal().getName() + " has no subjectAltName naming a "
        + "host, and a common name is not trusted as one");
  }
}
