package dev.courier.testing;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * Certificates for TLS tests, made once per JVM because key generation is slow: a root authority,
 * a server certificate for {@code localhost} that the root signed, and another root nobody
 * trusts. Tests reach {@code localhost} through {@link Loopback#DNS}, which the clients of
 * {@link CourierExtension} use.
 */
public final class TlsFixtures {
  /** The authority clients trust. */
  public static final HeldCertificate ROOT = new HeldCertificate.Builder()
      .certificateAuthority(0)
      .commonName("Courier Test Root")
      .build();

  /** The server's certificate, for {@code localhost} only, signed by {@link #ROOT}. */
  public static final HeldCertificate LOCALHOST = new HeldCertificate.Builder()
      .commonName("localhost")
      .addSubjectAlternativeName("localhost")
      .signedBy(ROOT)
      .build();

  /** A self-signed authority no client trusts. */
  public static final HeldCertificate UNTRUSTED_ROOT = new HeldCertificate.Builder()
      .certificateAuthority(0)
      .commonName("Untrusted Root")
      .build();

  /** What a server presents: {@link #LOCALHOST} alone; the client knows the root. */
  public static final HandshakeCertificates SERVER = new HandshakeCertificates.Builder()
      .heldCertificate(LOCALHOST)
      .build();

  /** What a client trusts: {@link #ROOT} only. */
  public static final HandshakeCertificates CLIENT = new HandshakeCertificates.Builder()
      .addTrustedCertificate(ROOT.certificate())
      .build();

  private TlsFixtures() {
  }
}
