package dev.courier.internal.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's default trust store and one TLS socket factory using it, shared by every client that
 * configures no TLS of its own. Sharing matters beyond start-up cost: the socket factory is part
 * of a connection's address, so clients with distinct default factories could never share pooled
 * https connections.
 */
public final class DefaultTls {
  private final X509TrustManager trustManager;
  private final SSLSocketFactory socketFactory;

  private DefaultTls(X509TrustManager trustManager, SSLSocketFactory socketFactory) {
    this.trustManager = trustManager;
    this.socketFactory = socketFactory;
  }

  /** Returns the shared default, loading the trust store on first use. */
  public static DefaultTls get() {
    return Holder.INSTANCE;
  }

  /** Returns the JDK's default X.509 trust manager. */
  public X509TrustManager trustManager() {
    return trustManager;
  }

  /** Returns a TLS socket factory that trusts what {@link #trustManager()} trusts. */
  public SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  /** Defers loading the trust store until the first https call, for cleartext-only users. */
  private static final class Holder {
    static final DefaultTls INSTANCE = create();
  }

  private static DefaultTls create() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      TrustManager[] trustManagers = factory.getTrustManagers();
      if (trustManagers.length != 1 || !(trustManagers[0] instanceof X509TrustManager)) {
        throw new IllegalStateException("Unexpected default trust managers: "
            + Arrays.toString(trustManagers));
      }
      X509TrustManager trustManager = (X509TrustManager) trustManagers[0];
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return new DefaultTls(trustManager, context.getSocketFactory());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("No default TLS configuration available", e);
    }
  }
}
