package dev.courier.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import dev.courier.Dns;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * Certificates for TLS tests, made once per JVM because key generation is slow: a root authority,
 * a server certificate for {@code localhost} that the root signed, and another root nobody
 * trusts. Also a {@link Dns} that sends every name to 127.0.0.1, so tests can use host names
 * (which TLS needs) and still stay on loopback.
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

  /** Resolves every host name to 127.0.0.1. */
  public static final Dns LOOPBACK_DNS = hostname -> List.of(loopback(1));

  private TlsFixtures() {
  }

  /** Returns 127.0.0.{@code last}, a loopback address; Linux answers on all of 127.0.0.0/8. */
  public static InetAddress loopback(int last) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
