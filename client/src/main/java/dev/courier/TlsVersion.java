package dev.courier;

/** Versions of TLS that a connection may negotiate, named as the JDK names them. */
public enum TlsVersion {
  /** TLS 1.3 (RFC 8446). */
  TLS_1_3("TLSv1.3"),
  /** TLS 1.2 (RFC 5246). */
  TLS_1_2("TLSv1.2"),
  /** TLS 1.1, obsolete (RFC 8996); only for legacy servers. */
  TLS_1_1("TLSv1.1"),
  /** TLS 1.0, obsolete (RFC 8996); only for legacy servers. */
  TLS_1_0("TLSv1"),
  /** SSL 3.0, broken; listed only so a handshake reporting it can be described. */
  SSL_3_0("SSLv3");

  private final String javaName;

  TlsVersion(String javaName) {
    this.javaName = javaName;
  }

  /** Returns the name the JDK uses, such as {@code TLSv1.3}. */
  public String javaName() {
    return javaName;
  }

  /**
   * Returns the version the JDK calls {@code javaName}.
   *
   * @throws IllegalArgumentException if the name is not a known TLS version
   */
  public static TlsVersion forJavaName(String javaName) {
    for (TlsVersion version : values()) {
      if (version.javaName.equals(javaName)) return version;
    }
    if ("TLSv1.0".equals(javaName)) return TLS_1_0;
    throw new IllegalArgumentException("Unexpected TLS version: " + javaName);
  }
}
