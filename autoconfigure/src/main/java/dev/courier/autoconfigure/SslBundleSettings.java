package dev.courier.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

import dev.courier.ConnectionSpec;
import dev.courier.CourierClient;
import dev.courier.TlsVersion;

/**
 * Applies a Spring Boot {@link SslBundle} to a client: its trust and key material through an
 * {@link SSLContext}, and its options' protocols and ciphers as the client's TLS connection spec,
 * so what {@code spring.ssl.bundle.*.options} allows is what the handshake offers. The one place
 * both {@code courier.ssl.bundle} and Boot's {@code spring.http.*.ssl.bundle} go through.
 */
public final class SslBundleSettings {

  private SslBundleSettings() {
  }

  /**
   * Applies {@code bundle} to {@code builder}.
   *
   * @throws IllegalStateException if the bundle has no X509 trust manager, or names a protocol
   *     Courier does not speak
   */
  public static void apply(SslBundle bundle, CourierClient.Builder builder) {
    if (bundle == null) throw new IllegalArgumentException("bundle == null");
    if (builder == null) throw new IllegalArgumentException("builder == null");
    SSLContext context = bundle.createSslContext();
    builder.sslSocketFactory(context.getSocketFactory(), trustManager(bundle));
    SslOptions options = bundle.getOptions();
    String[] protocols = options.getEnabledProtocols();
    String[] ciphers = options.getCiphers();
    if (protocols == null && ciphers == null) return;
    ConnectionSpec.Builder spec = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS);
    if (protocols != null) {
      List<TlsVersion> versions = new ArrayList<>();
      for (String protocol : protocols) versions.add(TlsVersion.forJavaName(protocol));
      spec.tlsVersions(versions.toArray(new TlsVersion[0]));
    }
    if (ciphers != null) spec.cipherSuites(ciphers);
    builder.connectionSpecs(List.of(spec.build(), ConnectionSpec.CLEARTEXT));
  }

  private static X509TrustManager trustManager(SslBundle bundle) {
    for (TrustManager trustManager : bundle.getManagers().getTrustManagers()) {
      if (trustManager instanceof X509TrustManager x509) return x509;
    }
    throw new IllegalStateException("SSL bundle has no X509TrustManager, which Courier needs to "
        + "check server certificates");
  }
}
