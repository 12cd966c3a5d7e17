package dev.courier.internal.tls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.UnknownServiceException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Sorts TLS failures into those another attempt could fix and those it never will. A server whose
 * certificate is untrusted, names another host or misses a pin presents the same certificate on
 * every route and every retry, so trying again only hammers it and hides the real error.
 */
public final class TlsFailures {
  private TlsFailures() {
  }

  /**
   * Returns true if {@code e} rejects the server's identity: its certificate chain, its host
   * name, or a pin. Such failures are final.
   */
  public static boolean isCertificateFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLPeerUnverifiedException || t instanceof CertificateException) return true;
    }
    return false;
  }

  /**
   * Returns true if the handshake failed in a way the next connection spec may fix, such as no
   * cipher suite or version in common, rather than a rejected certificate or a timeout.
   */
  public static boolean isFallbackEligible(IOException e) {
    if (e instanceof ProtocolException || e instanceof InterruptedIOException) return false;
    if (e instanceof UnknownServiceException) return false;
    if (isCertificateFailure(e)) return false;
    return e instanceof SSLException;
  }

  /**
   * Returns {@code e} with {@code target} (host, address and port) in its message, of the same
   * kind where the kind matters to callers: the JDK's handshake errors don't say which server they
   * are about. Returns {@code e} itself if it names {@code host} already, or is not a TLS error.
   */
  public static IOException withTarget(IOException e, String host, String target) {
    String message = e.getMessage();
    if (message != null && message.contains(host)) return e;
    String named = "TLS handshake with " + target + " failed: " + message;
    IOException result;
    if (e instanceof SSLPeerUnverifiedException) {
      result = new SSLPeerUnverifiedException(named);
    } else if (e instanceof SSLHandshakeException) {
      result = new SSLHandshakeException(named);
    } else if (e instanceof SSLException) {
      result = new SSLException(named);
    } else {
      return e;
    }
    result.initCause(e);
    return result;
  }
}
