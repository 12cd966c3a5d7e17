package dev.courier;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLPeerUnverifiedException;

import dev.courier.internal.text.Quoting;
import dev.courier.internal.tls.CertificateChainCleaner;
import dev.courier.internal.url.Hosts;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Restricts which certificates a host may present: at least one certificate in the chain from the
 * server's certificate to the trusted root must have a public key whose SHA-256 hash is pinned.
 * Pinning guards against a certificate authority that issues a certificate it should not have;
 * it also means a server that changes keys without warning becomes unreachable, so pin a backup
 * key too.
 *
 * <pre>{@code
 * CertificatePinner pinner = new CertificatePinner.Builder()
 *     .add("api.example.com", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
 *     .add("**.example.com", "sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=")
 *     .build();
 * CourierClient client = new CourierClient.Builder().certificatePinner(pinner).build();
 * }</pre>
 *
 * <p>A pattern is a host name ({@code api.example.com}), {@code *.} and a domain (one more label:
 * {@code a.example.com}, but neither {@code example.com} nor {@code a.b.example.com}), or
 * {@code **.} and a domain (the domain itself and any name under it). A host matching several
 * patterns may present a key pinned by any of them. A pinning failure fails the connection and is
 * never retried. Immutable and thread-safe.
 */
public final class CertificatePinner {
  /** Pins nothing: every certificate the trust manager accepts is allowed. */
  public static final CertificatePinner DEFAULT = new Builder().build();

  private static final String SHA256_PREFIX = "sha256/";

  private final List<Pin> pins;
  private final @Nullable CertificateChainCleaner chainCleaner;

  private CertificatePinner(List<Pin> pins, @Nullable CertificateChainCleaner chainCleaner) {
    this.pins = pins;
    this.chainCleaner = chainCleaner;
  }

  /**
   * Checks that {@code peerCertificates}, the chain {@code hostname} presented, contains a pinned
   * key, if any pattern matches the host. The chain is first reduced to the certificates that
   * lead to a trusted root, so only keys that really vouch for the server count.
   *
   * @param hostname the host name as it appears in the URL
   * @throws SSLPeerUnverifiedException if the host has pins and none matches; the message lists
   *     the chain's pins and the host's
   */
  public void check(String hostname, List<Certificate> peerCertificates)
      throws SSLPeerUnverifiedException {
    List<Pin> matching = findMatchingPins(hostname);
    if (matching.isEmpty()) return;
    List<Certificate> chain = chainCleaner != null
        ? chainCleaner.clean(peerCertificates, hostname)
        : peerCertificates;
    for (Certificate certificate : chain) {
      ByteString hash = sha256(certificate);
      for (Pin pin : matching) {
        if (pin.hash.equals(hash)) return;
      }
    }

    StringBuilder message = new StringBuilder("Certificate pinning failure for ")
        .append(hostname).append("!\n  Peer certificate chain:");
    for (Certificate certificate : chain) {
      message.append("\n    ").append(pin(certificate));
      if (certificate instanceof X509Certificate) {
        message.append(": ")
            .append(((X509Certificate) certificate).getSubjectX500Principal().getName());
      }
    }
    message.append("\n  Pinned certificates for ").append(hostname).append(':');
    for (Pin pin : matching) {
      message.append("\n    ").append(pin.pattern).append(": ").append(SHA256_PREFIX)
          .append(pin.hash.base64());
    }
    throw new SSLPeerUnverifiedException(message.toString());
  }

  /** Returns the pins for {@code hostname}, or an empty list if it is not pinned. */
  List<Pin> findMatchingPins(String hostname) {
    List<Pin> result = List.of();
    for (Pin pin : pins) {
      if (!pin.matches(hostname)) continue;
      if (result.isEmpty()) result = new ArrayList<>();
      result.add(pin);
    }
    return result;
  }

  /** Returns true if this pinner pins no host at all. */
  boolean isEmpty() {
    return pins.isEmpty();
  }

  /** Returns a copy that rebuilds chains with {@code chainCleaner} before checking them. */
  CertificatePinner withCertificateChainCleaner(@Nullable CertificateChainCleaner chainCleaner) {
    if (Objects.equals(this.chainCleaner, chainCleaner)) return this;
    return new CertificatePinner(pins, chainCleaner);
  }

  /**
   * Returns the pin of {@code certificate}'s public key, such as
   * {@code sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=}, to use with
   * {@link Builder#add}.
   *
   * @throws IllegalArgumentException if {@code certificate} is not an X.509 certificate
   */
  public static String pin(Certificate certificate) {
    return SHA256_PREFIX + sha256(certificate).base64();
  }

  private static ByteString sha256(Certificate certificate) {
    if (!(certificate instanceof X509Certificate)) {
      throw new IllegalArgumentException("certificate is not an X.509 certificate: "
          + (certificate == null ? null : certificate.getType()));
    }
    return ByteString.of(certificate.getPublicKey().getEncoded()).sha256();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CertificatePinner
        && ((CertificatePinner) other).pins.equals(pins)
        && Objects.equals(((CertificatePinner) other).chainCleaner, chainCleaner);
  }

  @Override
  public int hashCode() {
    return 31 * pins.hashCode() + Objects.hashCode(chainCleaner);
  }

  /** Returns the patterns and pins. */
  @Override
  public String toString() {
    return "CertificatePinner" + pins;
  }

  /** One pinned key for one host pattern. */
  static final class Pin {
    /** The pattern as given, lower-cased, such as {@code **.example.com}. */
    final String pattern;
    /** The host or domain the pattern names, canonical, without wildcard. */
    private final String domain;
    private final boolean oneLabel;
    private final boolean anyLabels;
    final ByteString hash;

    Pin(String pattern, String pin) {
      if (pattern == null) throw new IllegalArgumentException("pattern == null");
      String rest = pattern;
      if (pattern.startsWith("**.")) {
        anyLabels = true;
        oneLabel = false;
        rest = pattern.substring(3);
      } else if (pattern.startsWith("*.")) {
        anyLabels = false;
        oneLabel = true;
        rest = pattern.substring(2);
      } else {
        anyLabels = false;
        oneLabel = false;
      }
      String canonical = rest.indexOf('*') == -1 ? Hosts.canonicalize(rest) : null;
      if (canonical == null || ((anyLabels || oneLabel) && Hosts.isIpAddress(canonical))) {
        throw new IllegalArgumentException("pattern is not a host name, *.domain or **.domain: "
            + Quoting.quote(pattern));
      }
      this.domain = canonical;
      this.pattern = (anyLabels ? "**." : oneLabel ? "*." : "") + canonical;

      if (pin == null) throw new IllegalArgumentException("pin == null for " + this.pattern);
      if (!pin.startsWith(SHA256_PREFIX)) {
        throw new IllegalArgumentException("pin must start with \"sha256/\" (other hashes are "
            + "not supported): " + Quoting.quote(pin));
      }
      ByteString decoded = ByteString.decodeBase64(pin.substring(SHA256_PREFIX.length()));
      if (decoded == null || decoded.size() != 32) {
        throw new IllegalArgumentException("pin is not \"sha256/\" and the base64 of 32 bytes: "
            + Quoting.quote(pin));
      }
      this.hash = decoded;
    }

    boolean matches(String hostname) {
      if (anyLabels) {
        return hostname.equals(domain) || (hostname.length() > domain.length()
            && hostname.endsWith(domain)
            && hostname.charAt(hostname.length() - domain.length() - 1) == '.');
      }
      if (oneLabel) {
        int labelLength = hostname.length() - domain.length() - 1;
        return labelLength > 0
            && hostname.endsWith(domain)
            && hostname.charAt(labelLength) == '.'
            && hostname.lastIndexOf('.', labelLength - 1) == -1;
      }
      return hostname.equals(domain);
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Pin
          && ((Pin) other).pattern.equals(pattern)
          && ((Pin) other).hash.equals(hash);
    }

    @Override
    public int hashCode() {
      return 31 * pattern.hashCode() + hash.hashCode();
    }

    @Override
    public String toString() {
      return pattern + "=" + SHA256_PREFIX + hash.base64();
    }
  }

  /** Builds a {@link CertificatePinner}. Not thread-safe. */
  public static final class Builder {
    private final List<Pin> pins = new ArrayList<>();

    /** Creates a builder that pins nothing yet. */
    public Builder() {
    }

    /**
     * Pins hosts matching {@code pattern} to the given keys; any one of them must be in the
     * chain.
     *
     * @param pattern a host name, {@code *.domain} or {@code **.domain}
     * @param pins {@code sha256/} followed by the base64 SHA-256 hash of a certificate's
     *     SubjectPublicKeyInfo, as {@link CertificatePinner#pin} computes it
     * @throws IllegalArgumentException if the pattern is not a valid host pattern, no pin is
     *     given, or a pin is not a base64 SHA-256 hash with the {@code sha256/} prefix
     */
    public Builder add(String pattern, String... pins) {
      if (pattern == null) throw new IllegalArgumentException("pattern == null");
      if (pins == null) throw new IllegalArgumentException("pins == null");
      if (pins.length == 0) {
        throw new IllegalArgumentException("pins must not be empty for pattern "
            + Quoting.quote(pattern));
      }
      for (String pin : pins) {
        this.pins.add(new Pin(pattern, pin));
      }
      return this;
    }

    /** Returns the pinner. */
    public CertificatePinner build() {
      return new CertificatePinner(List.copyOf(pins), null);
    }
  }
}
