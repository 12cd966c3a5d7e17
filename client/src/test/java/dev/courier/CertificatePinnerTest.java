package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.cert.Certificate;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RecordingEventListener;
import dev.courier.testing.TlsFixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Certificate pins: what they match, how they fail, and how they are written. */
class CertificatePinnerTest {
  private static final String LEAF_PIN = CertificatePinner.pin(TlsFixtures.LOCALHOST.certificate());
  private static final String ROOT_PIN = CertificatePinner.pin(TlsFixtures.ROOT.certificate());
  private static final String OTHER_PIN =
      CertificatePinner.pin(TlsFixtures.UNTRUSTED_ROOT.certificate());

  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server =
      courier.newHttpsServer(TlsFixtures.SERVER.sslSocketFactory());
  private final RecordingEventListener listener = courier.eventListener();

  private CourierClient client(CertificatePinner pinner) {
    return courier.newClient(builder -> builder
        .sslSocketFactory(TlsFixtures.CLIENT.sslSocketFactory(), TlsFixtures.CLIENT.trustManager())
        .certificatePinner(pinner));
  }

  private String get(CourierClient client) throws IOException {
    Request request = new Request.Builder()
        .url("https://localhost:" + server.getPort() + "/").build();
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }

  @Test
  void matchingLeafPinConnects() throws Exception {
    server.enqueue(new MockResponse.Builder().body("pinned").build());
    CourierClient client = client(new CertificatePinner.Builder()
        .add("localhost", OTHER_PIN, LEAF_PIN).build());
    assertThat(get(client)).isEqualTo("pinned");
  }

  @Test
  void pinOnARootTheServerNeverSentMatches() throws Exception {
    // The server sends its own certificate only; the root comes from the trust manager.
    server.enqueue(new MockResponse.Builder().body("root pinned").build());
    CourierClient client = client(new CertificatePinner.Builder()
        .add("**.localhost", ROOT_PIN).build());
    assertThat(get(client)).isEqualTo("root pinned");
  }

  @Test
  void pinsForOtherHostsDoNotApply() throws Exception {
    server.enqueue(new MockResponse.Builder().body("unpinned").build());
    CourierClient client = client(new CertificatePinner.Builder()
        .add("example.com", OTHER_PIN).build());
    assertThat(get(client)).isEqualTo("unpinned");
  }

  @Test
  void mismatchFailsListingTheChainAndThePinsAndIsNotRetried() throws Exception {
    CourierClient client = client(new CertificatePinner.Builder()
        .add("localhost", OTHER_PIN).build());
    assertThatThrownBy(() -> get(client))
        .isInstanceOf(SSLPeerUnverifiedException.class)
        .hasMessage("Certificate pinning failure for localhost!"
            + "\n  Peer certificate chain:"
            + "\n    " + LEAF_PIN + ": CN=localhost"
            + "\n    " + ROOT_PIN + ": CN=Courier Test Root"
            + "\n  Pinned certificates for localhost:"
            + "\n    localhost: " + OTHER_PIN);
    assertThat(client.connectionPool().connectionCount()).isZero();
    assertThat(listener.events()).containsSubsequence("connectStart", "secureConnectStart",
        "connectFailed", "retryDecision", "callFailed");
    assertThat(listener.events()).doesNotContain("secureConnectEnd", "connectEnd");
    assertThat(listener.decisions()).containsExactly("retry=false: certificate rejected");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void singleWildcardMatchesExactlyOneLabel() throws Exception {
    CertificatePinner pinner = new CertificatePinner.Builder()
        .add("*.example.com", OTHER_PIN).build();
    List<Certificate> chain = List.of(TlsFixtures.LOCALHOST.certificate());
    assertThatThrownBy(() -> pinner.check("a.example.com", chain))
        .isInstanceOf(SSLPeerUnverifiedException.class);
    assertThatCode(() -> pinner.check("example.com", chain)).doesNotThrowAnyException();
    assertThatCode(() -> pinner.check("a.b.example.com", chain)).doesNotThrowAnyException();
    assertThatCode(() -> pinner.check("aexample.com", chain)).doesNotThrowAnyException();
  }

  @Test
  void doubleWildcardMatchesTheDomainAndEverythingUnderIt() throws Exception {
    CertificatePinner pinner = new CertificatePinner.Builder()
        .add("**.Example.COM", OTHER_PIN).build();
    List<Certificate> chain = List.of(TlsFixtures.LOCALHOST.certificate());
    for (String host : List.of("example.com", "a.example.com", "a.b.example.com")) {
      assertThatThrownBy(() -> pinner.check(host, chain))
          .as(host).isInstanceOf(SSLPeerUnverifiedException.class);
    }
    assertThatCode(() -> pinner.check("notexample.com", chain)).doesNotThrowAnyException();
  }

  @Test
  void pinIsTheSha256OfThePublicKey() {
    assertThat(LEAF_PIN).startsWith("sha256/").hasSize("sha256/".length() + 44);
    assertThat(LEAF_PIN).isNotEqualTo(ROOT_PIN);
  }

  @Test
  void badPatternsAndPinsAreRefusedByName() {
    CertificatePinner.Builder builder = new CertificatePinner.Builder();
    assertThatThrownBy(() -> builder.add("a.*.example.com", LEAF_PIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pattern is not a host name, *.domain or **.domain: \"a.*.example.com\"");
    assertThatThrownBy(() -> builder.add("*.127.0.0.1", LEAF_PIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pattern is not a host name");
    assertThatThrownBy(() -> builder.add("example.com", "sha1/BOGUS="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pin must start with \"sha256/\" (other hashes are not supported): "
            + "\"sha1/BOGUS=\"");
    assertThatThrownBy(() -> builder.add("example.com", "sha256/tooShort="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pin is not \"sha256/\" and the base64 of 32 bytes: \"sha256/tooShort=\"");
    assertThatThrownBy(() -> builder.add("example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pins must not be empty for pattern \"example.com\"");
  }

  @Test
  void pinnersCompareByTheirPins() {
    CertificatePinner a = new CertificatePinner.Builder().add("Example.com", LEAF_PIN).build();
    CertificatePinner b = new CertificatePinner.Builder().add("example.com", LEAF_PIN).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).hasToString("CertificatePinner[example.com=" + LEAF_PIN + "]");
    assertThat(a).isNotEqualTo(CertificatePinner.DEFAULT);
  }
}
