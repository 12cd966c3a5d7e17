package dev.courier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * How a connection may be made: cleartext, or TLS with a set of versions and cipher suites.
 * A client holds a list of specs; https connections use the first TLS spec the socket supports
 * and, if the handshake fails for a reason other than the server's certificate, fall back to the
 * next one. http connections are allowed only if the list holds {@link #CLEARTEXT}.
 *
 * <pre>{@code
 * CourierClient client = new CourierClient.Builder()
 *     .connectionSpecs(List.of(ConnectionSpec.RESTRICTED_TLS)) // https only, AEAD suites only
 *     .build();
 * }</pre>
 *
 * <p>Cipher suites are named as the JDK names them ({@code TLS_AES_128_GCM_SHA256}); suites the
 * socket does not support are skipped. Immutable.
 */
public final class ConnectionSpec {
  /** TLS 1.3 suites, then TLS 1.2 suites with forward secrecy and authenticated encryption. */
  private static final String[] RESTRICTED_CIPHER_SUITES = {
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
  };

  /**
   * The restricted suites first, then CBC and RSA-key-exchange suites that TLS 1.2 servers still
   * commonly need. Nothing weaker than AES with SHA-1 MACs.
   */
  private static final String[] MODERN_CIPHER_SUITES = concat(RESTRICTED_CIPHER_SUITES,
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_RSA_WITH_AES_128_CBC_SHA",
      "TLS_RSA_WITH_AES_256_CBC_SHA");

  /**
   * TLS 1.3 and 1.2 with authenticated-encryption (AEAD) suites and forward secrecy only. Safer
   * than {@link #MODERN_TLS}, but some older servers cannot negotiate it.
   */
  public static final ConnectionSpec RESTRICTED_TLS = new Builder(true)
      .cipherSuites(RESTRICTED_CIPHER_SUITES)
      .tlsVersions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2)
      .build();

  /** TLS 1.3 and 1.2 with the suites current servers use; the default for https. */
  public static final ConnectionSpec MODERN_TLS = new Builder(true)
      .cipherSuites(MODERN_CIPHER_SUITES)
      .tlsVersions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2)
      .build();

  /** Unencrypted, unauthenticated connections, for http URLs. */
  public static final ConnectionSpec CLEARTEXT = new Builder(false).build();

  private final boolean tls;
  private final @Nullable List<String> cipherSuites;
  private final @Nullable List<TlsVersion> tlsVersions;

  private ConnectionSpec(Builder builder) {
    this.tls = builder.tls;
    this.cipherSuites = builder.cipherSuites;
    this.tlsVersions = builder.tlsVersions;
  }

  /** Returns true for a TLS spec, false for {@link #CLEARTEXT}. */
  public boolean isTls() {
    return tls;
  }

  /**
   * Returns the cipher suites allowed, in order of preference, or null if the socket's enabled
   * suites are used as they are (and for cleartext).
   */
  public @Nullable List<String> cipherSuites() {
    return cipherSuites;
  }

  /**
   * Returns the TLS versions allowed, or null if the socket's enabled versions are used as they
   * are (and for cleartext).
   */
  public @Nullable List<TlsVersion> tlsVersions() {
    return tlsVersions;
  }

  /**
   * Returns true if {@code socket} has at least one of this spec's TLS versions and one of its
   * cipher suites enabled, so a handshake under this spec could succeed.
   */
  public boolean isCompatible(SSLSocket socket) {
    if (!tls) return false;
    return intersects(tlsVersionNames(), socket.getEnabledProtocols())
        && intersects(cipherSuites, socket.getEnabledCipherSuites());
  }

  /** Returns the JDK names of the TLS versions, or null if all enabled ones are allowed. */
  private @Nullable List<String> tlsVersionNames() {
    if (tlsVersions == null) return null;
    List<String> result = new ArrayList<>(tlsVersions.size());
    for (TlsVersion version : tlsVersions) result.add(version.javaName());
    return result;
  }

  /** Returns true if {@code allowed} is null (anything goes) or shares a name with {@code enabled}. */
  private static boolean intersects(@Nullable List<String> allowed, String[] enabled) {
    if (allowed == null) return enabled.length > 0;
    for (String name : enabled) {
      if (allowed.contains(name)) return true;
    }
    return false;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof ConnectionSpec)) return false;
    ConnectionSpec that = (ConnectionSpec) other;
    return tls == that.tls
        && Objects.equals(cipherSuites, that.cipherSuites)
        && Objects.equals(tlsVersions, that.tlsVersions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tls, cipherSuites, tlsVersions);
  }

  /** Returns the kind of spec, and for TLS its versions and cipher suites. */
  @Override
  public String toString() {
    if (!tls) return "ConnectionSpec.CLEARTEXT";
    if (equals(MODERN_TLS)) return "ConnectionSpec.MODERN_TLS";
    if (equals(RESTRICTED_TLS)) return "ConnectionSpec.RESTRICTED_TLS";
    return "ConnectionSpec(cipherSuites=" + (cipherSuites != null ? cipherSuites : "[all enabled]")
        + ", tlsVersions=" + (tlsVersions != null ? tlsVersions : "[all enabled]") + ")";
  }

  private static String[] concat(String[] first, String... second) {
    String[] result = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, result, first.length, second.length);
    return result;
  }

  /** Builds a {@link ConnectionSpec}. Not thread-safe. */
  public static final class Builder {
    private final boolean tls;
    private @Nullable List<String> cipherSuites;
    private @Nullable List<TlsVersion> tlsVersions;

    /**
     * Starts a spec: TLS ({@code true}; it allows every enabled cipher suite and version until
     * {@link #cipherSuites} and {@link #tlsVersions} narrow it) or cleartext ({@code false};
     * nothing more to set).
     */
    public Builder(boolean tls) {
      this.tls = tls;
    }

    /** Starts a spec with the settings of {@code spec}, to derive a changed one. */
    public Builder(ConnectionSpec spec) {
      if (spec == null) throw new IllegalArgumentException("spec == null");
      this.tls = spec.tls;
      this.cipherSuites = spec.cipherSuites;
      this.tlsVersions = spec.tlsVersions;
    }

    /**
     * Allows these cipher suites, most preferred first, named as the JDK names them.
     *
     * @throws IllegalArgumentException if this is a cleartext spec, or the list is empty or
     *     holds a null or blank name
     */
    public Builder cipherSuites(String... cipherSuites) {
      requireTls("cipherSuites");
      if (cipherSuites == null) throw new IllegalArgumentException("cipherSuites == null");
      if (cipherSuites.length == 0) {
        throw new IllegalArgumentException("cipherSuites must not be empty");
      }
      for (String suite : cipherSuites) {
        if (suite == null || suite.isBlank()) {
          throw new IllegalArgumentException("cipherSuites must not hold null or blank names: "
              + Arrays.toString(cipherSuites));
        }
      }
      this.cipherSuites = List.of(cipherSuites);
      return this;
    }

    /**
     * Allows whatever cipher suites the TLS socket has enabled.
     *
     * @throws IllegalArgumentException if this is a cleartext spec
     */
    public Builder allEnabledCipherSuites() {
      requireTls("cipherSuites");
      this.cipherSuites = null;
      return this;
    }

    /**
     * Allows these TLS versions.
     *
     * @throws IllegalArgumentException if this is a cleartext spec, or the list is empty or
     *     holds null
     */
    public Builder tlsVersions(TlsVersion... tlsVersions) {
      requireTls("tlsVersions");
      if (tlsVersions == null) throw new IllegalArgumentException("tlsVersions == null");
      if (tlsVersions.length == 0) {
        throw new IllegalArgumentException("tlsVersions must not be empty");
      }
      for (TlsVersion version : tlsVersions) {
        if (version == null) {
          throw new IllegalArgumentException("tlsVersions must not hold null: "
              + Arrays.toString(tlsVersions));
        }
      }
      this.tlsVersions = List.of(tlsVersions);
      return this;
    }

    /**
     * Allows whatever TLS versions the socket has enabled.
     *
     * @throws IllegalArgumentException if this is a cleartext spec
     */
    public Builder allEnabledTlsVersions() {
      requireTls("tlsVersions");
      this.tlsVersions = null;
      return this;
    }

    private void requireTls(String field) {
      if (!tls) throw new IllegalArgumentException(field + " cannot be set on a cleartext spec");
    }

    /** Returns the spec. */
    public ConnectionSpec build() {
      return new ConnectionSpec(this);
    }
  }
}
