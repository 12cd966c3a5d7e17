package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownServiceException;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.Loopback;
import dev.courier.testing.RawServer;
import dev.courier.testing.RecordingEventListener;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** https: handshakes, host name verification, trust, and connection specs. */
class TlsTest {
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final RecordingEventListener listener = courier.eventListener();
  private final CourierClient client = courier.newClient(builder -> builder
      .sslSocketFactory(TlsFixtures.CLIENT.sslSocketFactory(), TlsFixtures.CLIENT.trustManager()));
  private MockWebServer server;

  private void startHttps(SSLSocketFactory serverSocketFactory) {
    server = courier.newHttpsServer(serverSocketFactory);
  }

  private Request request(String host) {
    return new Request.Builder().url("https://" + host + ":" + server.getPort() + "/").build();
  }

  @Test
  void clientsWithoutTlsSettingsShareTheDefaultSoTheyCanShareConnections() {
    CourierClient first = new CourierClient();
    CourierClient derived = first.newBuilder().readTimeout(java.time.Duration.ofSeconds(3)).build();
    CourierClient unrelated = new CourierClient();
    // The socket factory is part of the pool's key: equal factories let https connections be shared.
    assertThat(derived.sslSocketFactory()).isSameAs(first.sslSocketFactory());
    assertThat(unrelated.sslSocketFactory()).isSameAs(first.sslSocketFactory());
    assertThat(unrelated.x509TrustManager()).isSameAs(first.x509TrustManager());
  }

  @Test
  void responseCarriesTheHandshake() throws Exception {
    startHttps(TlsFixtures.SERVER.sslSocketFactory());
    server.enqueue(new MockResponse.Builder().body("secret").build());
    try (Response response = client.newCall(request("localhost")).execute()) {
      assertThat(response.body().string()).isEqualTo("secret");
      Handshake handshake = response.handshake();
      assertThat(handshake.tlsVersion()).isEqualTo(TlsVersion.TLS_1_3);
      assertThat(ConnectionSpec.MODERN_TLS.cipherSuites()).contains(handshake.cipherSuite());
      assertThat(handshake.peerPrincipal().getName()).isEqualTo("CN=localhost");
      assertThat(handshake.peerCertificates()).containsExactly(TlsFixtures.LOCALHOST.certificate());
    }
    assertThat(server.takeRequest().getHandshakeServerNames()).containsExactly("localhost");
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "secureConnectStart", "secureConnectEnd", "connectEnd",
        "connectionAcquired", "requestHeadersStart", "requestHeadersEnd",
        "responseHeadersStart", "responseHeadersEnd", "followUpDecision",
        "responseBodyStart", "responseBodyEnd", "connectionReleased", "callEnd");
  }

  @Test
  void hostNameMismatchFailsOnceWithoutRetrying() throws Exception {
    startHttps(TlsFixtures.SERVER.sslSocketFactory());
    // Two routes to the same server: a certificate for the wrong name is wrong on both.
    CourierClient twoRoutes = client.newBuilder()
        .dns(host -> List.of(Loopback.address(1), Loopback.address(1)))
        .build();
    assertThatThrownBy(() -> twoRoutes.newCall(request("wrong.test")).execute())
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("wrong.test")
        .hasRootCauseMessage("No subject alternative DNS name matching wrong.test found.");
    assertThat(listener.events()).containsExactly(
        "callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd",
        "connectStart", "secureConnectStart", "connectFailed", "retryDecision", "callFailed");
    assertThat(listener.decisions()).containsExactly("retry=false: certificate rejected");
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void certificateWithoutSubjectAltNameIsRejectedThoughItsCommonNameIsTheHost() throws Exception {
    // The JDK would accept it, falling back to the common name; RFC 9525 and browsers do not.
    startHttps(new okhttp3.tls.HandshakeCertificates.Builder()
        .heldCertificate(new okhttp3.tls.HeldCertificate.Builder()
            .commonName("localhost")
            .signedBy(TlsFixtures.ROOT)
            .build())
        .build().sslSocketFactory());
    server.enqueue(new MockResponse.Builder().body("never").build());
    assertThatThrownBy(() -> client.newCall(request("localhost")).execute())
        .isInstanceOf(SSLPeerUnverifiedException.class)
        .hasMessage("Hostname localhost not verified: certificate CN=localhost has no "
            + "subjectAltName naming a host, and a common name is not trusted as one");
    assertThat(listener.events()).containsSubsequence(
        "connectStart", "secureConnectStart", "connectFailed", "retryDecision", "callFailed");
    assertThat(listener.decisions()).containsExactly("retry=false: certificate rejected");
    assertThat(server.getRequestCount()).isZero();
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  void untrustedCertificateFailsWithoutRetrying() throws Exception {
    startHttps(new okhttp3.tls.HandshakeCertificates.Builder()
        .heldCertificate(new okhttp3.tls.HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost")
            .signedBy(TlsFixtures.UNTRUSTED_ROOT)
            .build())
        .build().sslSocketFactory());
    assertThatThrownBy(() -> client.newCall(request("localhost")).execute())
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageStartingWith("TLS handshake with localhost (127.0.0.1):" + server.getPort()
            + " failed: PKIX path building failed");
    assertThat(listener.decisions()).containsExactly("retry=false: certificate rejected");
  }

  @Test
  void handshakeIsBoundedByTheConnectTimeout() throws Exception {
    // A server that accepts the connection and then never answers the client's hello.
    try (RawServer silent = new RawServer()) {
      String port = silent.url("/").replaceAll(".*:(\\d+)/", "$1");
      CourierClient impatient = client.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
      assertThatThrownBy(() -> impatient.newCall(new Request.Builder()
          .url("https://localhost:" + port + "/").build()).execute())
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage("TLS handshake with localhost (127.0.0.1):" + port
              + " timed out after 300 ms (connectTimeout)");
    }
  }

  @Test
  void customHostnameVerifierDecides() throws Exception {
    startHttps(TlsFixtures.SERVER.sslSocketFactory());
    server.enqueue(new MockResponse.Builder().body("allowed").build());
    CourierClient lenient = client.newBuilder().hostnameVerifier((host, session) -> true).build();
    try (Response response = lenient.newCall(request("other.test")).execute()) {
      assertThat(response.body().string()).isEqualTo("allowed");
    }

    CourierClient strict = client.newBuilder().hostnameVerifier((host, session) -> false).build();
    assertThatThrownBy(() -> strict.newCall(request("localhost")).execute())
        .isInstanceOf(SSLPeerUnverifiedException.class)
        .hasMessageContaining("Hostname localhost not verified: certificate CN=localhost");
  }

  @Test
  void restrictedTlsRefusesAServerWithoutAeadSuites() throws Exception {
    startHttps(cbcOnly(TlsFixtures.SERVER.sslSocketFactory()));
    CourierClient restricted = client.newBuilder()
        .connectionSpecs(List.of(ConnectionSpec.RESTRICTED_TLS))
        .build();
    assertThatThrownBy(() -> restricted.newCall(request("localhost")).execute())
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("localhost");
    assertThat(listener.events()).containsSubsequence(
        "connectStart", "secureConnectStart", "connectFailed", "retryDecision", "callFailed");
    assertThat(listener.decisions()).containsExactly("retry=false: no more routes to try");
  }

  @Test
  void handshakeFailureFallsBackToTheNextSpec() throws Exception {
    startHttps(cbcOnly(TlsFixtures.SERVER.sslSocketFactory()));
    server.enqueue(new MockResponse.Builder().body("cbc").build());
    CourierClient fallingBack = client.newBuilder()
        .connectionSpecs(List.of(ConnectionSpec.RESTRICTED_TLS, ConnectionSpec.MODERN_TLS))
        .build();
    try (Response response = fallingBack.newCall(request("localhost")).execute()) {
      assertThat(response.body().string()).isEqualTo("cbc");
      assertThat(response.handshake().cipherSuite())
          .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
      assertThat(response.handshake().tlsVersion()).isEqualTo(TlsVersion.TLS_1_2);
    }
    assertThat(listener.events()).containsSubsequence(
        "connectStart", "secureConnectStart", "connectFailed",
        "connectStart", "secureConnectStart", "secureConnectEnd", "connectEnd",
        "connectionAcquired");
  }

  @Test
  void cleartextNeedsTheCleartextSpec() throws Exception {
    server = courier.newServer();
    CourierClient httpsOnly = client.newBuilder()
        .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS))
        .build();
    assertThatThrownBy(() -> httpsOnly.newCall(new Request.Builder()
        .url("http://localhost:" + server.getPort() + "/").build()).execute())
        .isInstanceOf(UnknownServiceException.class)
        .hasMessageContaining("CLEARTEXT communication to localhost not enabled for client");
    assertThat(listener.decisions())
        .containsExactly("retry=false: connection specs forbid this connection");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void httpsNeedsATlsSpec() throws Exception {
    startHttps(TlsFixtures.SERVER.sslSocketFactory());
    CourierClient cleartextOnly = client.newBuilder()
        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
        .build();
    assertThatThrownBy(() -> cleartextOnly.newCall(request("localhost")).execute())
        .isInstanceOf(UnknownServiceException.class)
        .hasMessageContaining("TLS communication to localhost not enabled for client");
  }

  @Test
  void connectionSpecsAreChecked() {
    CourierClient.Builder builder = new CourierClient.Builder();
    assertThatThrownBy(() -> builder.connectionSpecs(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connectionSpecs must not be empty: []");
    assertThatThrownBy(() -> builder.connectionSpecs(
        List.of(ConnectionSpec.CLEARTEXT, ConnectionSpec.CLEARTEXT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("connectionSpecs holds ConnectionSpec.CLEARTEXT twice");
    assertThatThrownBy(() -> new ConnectionSpec.Builder(false).cipherSuites("TLS_AES_128_GCM_SHA256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cipherSuites cannot be set on a cleartext spec");
    assertThatThrownBy(() -> new ConnectionSpec.Builder(true).tlsVersions())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tlsVersions must not be empty");
    assertThatThrownBy(() -> new ConnectionSpec.Builder(true).cipherSuites("TLS_AES_128_GCM_SHA256", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cipherSuites must not hold null or blank names: [TLS_AES_128_GCM_SHA256,  ]");
  }

  @Test
  void connectionSpecsDescribeThemselves() throws Exception {
    assertThat(ConnectionSpec.MODERN_TLS).hasToString("ConnectionSpec.MODERN_TLS");
    ConnectionSpec custom = new ConnectionSpec.Builder(ConnectionSpec.RESTRICTED_TLS)
        .tlsVersions(TlsVersion.TLS_1_3)
        .cipherSuites("TLS_AES_128_GCM_SHA256")
        .build();
    assertThat(custom).hasToString(
        "ConnectionSpec(cipherSuites=[TLS_AES_128_GCM_SHA256], tlsVersions=[TLS_1_3])");
    assertThat(custom).isEqualTo(new ConnectionSpec.Builder(true)
        .cipherSuites("TLS_AES_128_GCM_SHA256").tlsVersions(TlsVersion.TLS_1_3).build());
    try (SSLSocket socket = (SSLSocket) TlsFixtures.CLIENT.sslSocketFactory().createSocket()) {
      assertThat(custom.isCompatible(socket)).isTrue();
      assertThat(ConnectionSpec.CLEARTEXT.isCompatible(socket)).isFalse();
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      assertThat(custom.isCompatible(socket)).isFalse();
    }
  }

  /** Returns a server socket factory whose sockets speak TLS 1.2 with one CBC suite only. */
  private static SSLSocketFactory cbcOnly(SSLSocketFactory delegate) {
    return new SSLSocketFactory() {
      private SSLSocket restrict(Socket socket) {
        SSLSocket ssl = (SSLSocket) socket;
        ssl.setEnabledProtocols(new String[] {"TLSv1.2"});
        ssl.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
        return ssl;
      }

      @Override public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
      }

      @Override public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
      }

      @Override public Socket createSocket(Socket s, String host, int port, boolean autoClose)
          throws IOException {
        return restrict(delegate.createSocket(s, host, port, autoClose));
      }

      @Override public Socket createSocket(String host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
      }

      @Override public Socket createSocket(String host, int port, InetAddress localHost,
          int localPort) throws IOException {
        return restrict(delegate.createSocket(host, port, localHost, localPort));
      }

      @Override public Socket createSocket(InetAddress host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
      }

      @Override public Socket createSocket(InetAddress address, int port,
          InetAddress localAddress, int localPort) throws IOException {
        return restrict(delegate.createSocket(address, port, localAddress, localPort));
      }
    };
  }
}
