package dev.courier.internal.tls;

import java.net.UnknownServiceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.courier.ConnectionSpec;
import dev.courier.TlsVersion;

/**
 * Applies a client's {@link ConnectionSpec}s to a TLS socket: the first spec the socket can use,
 * narrowed to the versions and suites both allow, and remembers which spec to fall back to if the
 * handshake fails. The choice is made against what the socket had enabled before any spec
 * touched it, so a fallback is judged on the socket's abilities, not on the spec that failed.
 */
public final class ConnectionSpecSelector {
  /** Cipher suite value that tells a server this handshake is a fallback (RFC 7507). */
  private static final String TLS_FALLBACK_SCSV = "TLS_FALLBACK_SCSV";

  private ConnectionSpecSelector() {
  }

  /**
   * What {@link #configure} chose.
   *
   * @param specIndex the index of the spec applied
   * @param nextSpecIndex the index of the next spec the socket could use, or -1
   */
  public record Selection(int specIndex, int nextSpecIndex) {
  }

  /**
   * Applies the first spec at or after {@code fromIndex} that {@code socket} can use.
   *
   * @param isFallback true if an earlier spec's handshake failed; the socket then tells the
   *     server so, which stops an attacker forcing a downgrade
   * @throws UnknownServiceException if no remaining spec fits the socket
   */
  public static Selection configure(List<ConnectionSpec> specs, int fromIndex, boolean isFallback,
      SSLSocket socket, String host) throws UnknownServiceException {
    String[] enabledProtocols = socket.getEnabledProtocols();
    String[] enabledSuites = socket.getEnabledCipherSuites();
    int index = nextCompatible(specs, fromIndex, enabledProtocols, enabledSuites);
    if (index == -1) {
      throw new UnknownServiceException("No TLS connection spec fits " + host + ": isFallback="
          + isFallback + ", connectionSpecs=" + specs + ", socket protocols="
          + Arrays.toString(enabledProtocols));
    }
    ConnectionSpec spec = specs.get(index);
    socket.setEnabledProtocols(intersect(versionNames(spec.tlsVersions()), enabledProtocols));
    String[] suites = intersect(spec.cipherSuites(), enabledSuites);
    if (isFallback && Arrays.asList(socket.getSupportedCipherSuites()).contains(TLS_FALLBACK_SCSV)) {
      suites = Arrays.copyOf(suites, suites.length + 1);
      suites[suites.length - 1] = TLS_FALLBACK_SCSV;
    }
    socket.setEnabledCipherSuites(suites);
    return new Selection(index,
        nextCompatible(specs, index + 1, enabledProtocols, enabledSuites));
  }

  private static int nextCompatible(List<ConnectionSpec> specs, int fromIndex,
      String[] enabledProtocols, String[] enabledSuites) {
    for (int i = fromIndex; i < specs.size(); i++) {
      ConnectionSpec spec = specs.get(i);
      if (!spec.isTls()) continue;
      if (intersect(versionNames(spec.tlsVersions()), enabledProtocols).length == 0) continue;
      if (intersect(spec.cipherSuites(), enabledSuites).length == 0) continue;
      return i;
    }
    return -1;
  }

  private static List<String> versionNames(List<TlsVersion> versions) {
    if (versions == null) return null;
    List<String> result = new ArrayList<>(versions.size());
    for (TlsVersion version : versions) result.add(version.javaName());
    return result;
  }

  /**
   * Returns the names in both lists, in {@code preferred}'s order since that is the spec's order
   * of preference; all of {@code enabled} if {@code preferred} is null.
   */
  private static String[] intersect(List<String> preferred, String[] enabled) {
    if (preferred == null) return enabled.clone();
    List<String> enabledList = Arrays.asList(enabled);
    List<String> result = new ArrayList<>(preferred.size());
    for (String name : preferred) {
      if (enabledList.contains(name)) result.add(name);
    }
    return result.toArray(new String[0]);
  }
}
