package dev.courier.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of the HTTP/2 workloads: the benchmark nginx's self-signed certificate, which
 * {@code run.sh} makes and names in the {@code courier.bench.tlsCert} system property, and nothing
 * else. Every client gets the same context, so they all do the same handshake.
 */
public final class BenchTls {
  private static SSLContext context;
  private static X509TrustManager trustManager;

  private BenchTls() {
  }

  /** Returns an SSL context trusting the benchmark's certificate. */
  public static synchronized SSLContext context() {
    if (context == null) load();
    return context;
  }

  /** Returns the trust manager behind {@link #context()}. */
  public static synchronized X509TrustManager trustManager() {
    if (trustManager == null) load();
    return trustManager;
  }

  private static void load() {
    String file = System.getProperty("courier.bench.tlsCert");
    if (file == null) {
      throw new IllegalStateException("courier.bench.tlsCert is not set: run benchmarks/run.sh");
    }
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("nginx", certificate);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      TrustManager[] managers = factory.getTrustManagers();
      trustManager = (X509TrustManager) managers[0];
      context = SSLContext.getInstance("TLS");
      context.init(null, managers, null);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the benchmark certificate " + file, e);
    }
  }
}
