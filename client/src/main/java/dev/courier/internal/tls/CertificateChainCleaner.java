package dev.courier.internal.tls;

import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509TrustManager;

import javax.security.auth.x500.X500Principal;

/**
 * Rebuilds the chain from the server's certificate to a trusted root, for certificate pinning.
 *
 * <p>What a server sends is not a chain to trust: it may hold extra certificates, leave out the
 * root, or be in the wrong order. Pinning against it as sent would let an attacker satisfy a pin
 * by appending the pinned certificate without it signing anything. This class keeps only the
 * certificates that sign one another, starting at the leaf, and ends at a certificate from the
 * trust manager, so a pin on a root the server never sends still matches. Immutable.
 */
public final class CertificateChainCleaner {
  /** Longest chain accepted, counting the leaf; real chains have 3 or 4 certificates. */
  private static final int MAX_SIGNERS = 9;

  private final X509TrustManager trustManager;
  private final Map<X500Principal, Set<X509Certificate>> trustedBySubject;

  private CertificateChainCleaner(X509TrustManager trustManager,
      Map<X500Principal, Set<X509Certificate>> trustedBySubject) {
    this.trustManager = trustManager;
    this.trustedBySubject = trustedBySubject;
  }

  /** Returns a cleaner that trusts the issuers {@code trustManager} accepts. */
  public static CertificateChainCleaner get(X509TrustManager trustManager) {
    Map<X500Principal, Set<X509Certificate>> bySubject = new HashMap<>();
    for (X509Certificate issuer : trustManager.getAcceptedIssuers()) {
      bySubject.computeIfAbsent(issuer.getSubjectX500Principal(), k -> new LinkedHashSet<>())
          .add(issuer);
    }
    return new CertificateChainCleaner(trustManager, bySubject);
  }

  /**
   * Returns the certificates of {@code chain} that lead from its first (the server's own) to a
   * trusted certificate, ending with that trusted certificate.
   *
   * @throws SSLPeerUnverifiedException if no trusted certificate signed the chain, or it is
   *     longer than 9 certificates
   */
  public List<Certificate> clean(List<Certificate> chain, String hostname)
      throws SSLPeerUnverifiedException {
    if (chain.isEmpty()) throw new SSLPeerUnverifiedException(hostname + " sent no certificates");
    Deque<Certificate> queue = new ArrayDeque<>(chain);
    List<Certificate> result = new ArrayList<>();
    result.add(queue.removeFirst());
    boolean foundTrustedCertificate = false;

    followIssuerChain:
    for (int c = 0; c < MAX_SIGNERS; c++) {
      X509Certificate toVerify = (X509Certificate) result.get(result.size() - 1);

      // A trusted certificate that signed the last one ends the chain if it signed itself.
      X509Certificate trusted = trustedSigner(toVerify);
      if (trusted != null) {
        if (result.size() > 1 || !toVerify.equals(trusted)) result.add(trusted);
        if (signedBy(trusted, trusted)) return result;
        foundTrustedCertificate = true;
        continue;
      }

      // Otherwise look for the signer among what the server sent.
      for (Iterator<Certificate> i = queue.iterator(); i.hasNext(); ) {
        X509Certificate signingCert = (X509Certificate) i.next();
        if (signedBy(toVerify, signingCert)) {
          i.remove();
          result.add(signingCert);
          continue followIssuerChain;
        }
      }

      // An intermediate the trust store holds may end the chain without a self-signed root.
      if (foundTrustedCertificate) return result;
      throw new SSLPeerUnverifiedException("Failed to find a trusted certificate that signed "
          + toVerify.getSubjectX500Principal() + " for " + hostname);
    }
    throw new SSLPeerUnverifiedException("Certificate chain of " + hostname + " is too long: "
        + result.size() + " certificates");
  }

  private X509Certificate trustedSigner(X509Certificate certificate) {
    Set<X509Certificate> candidates = trustedBySubject.get(certificate.getIssuerX500Principal());
    if (candidates == null) return null;
    for (X509Certificate candidate : candidates) {
      if (signedBy(certificate, candidate)) return candidate;
    }
    return null;
  }

  /** Returns true if {@code signer}'s key made {@code certificate}'s signature. */
  private static boolean signedBy(X509Certificate certificate, X509Certificate signer) {
    if (!certificate.getIssuerX500Principal().equals(signer.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(signer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * Returns true if {@code other} cleans with the same trust manager. Cheap, because addresses
   * (the pool's key) compare pinners, and pinners compare cleaners, on every pool lookup.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof CertificateChainCleaner
        && ((CertificateChainCleaner) other).trustManager.equals(trustManager);
  }

  @Override
  public int hashCode() {
    return trustManager.hashCode();
  }
}
