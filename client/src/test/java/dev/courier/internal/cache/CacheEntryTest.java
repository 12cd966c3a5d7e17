package dev.courier.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;

import dev.courier.Handshake;
import dev.courier.Headers;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.TlsVersion;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata file format: what survives a round trip, and what is refused when read back. */
class CacheEntryTest {
  /** A self-signed EC certificate for {@code CN=cache.test}, valid until 2126. */
  private static final String CERTIFICATE = ""
      + "-----BEGIN CERTIFICATE-----\n"
      + "MIIBgTCCASegAwIBAgIULSqciT4FdsvOaoGYOv0nYxGo05kwCgYIKoZIzj0EAwIw\n"
      + "FTETMBEGA1UEAwwKY2FjaGUudGVzdDAgFw0yNjExMjEyMDI2MjVaGA8yMTI2MTAy\n"
      + "ODIwMjYyNVowFTETMBEGA1UEAwwKY2FjaGUudGVzdDBZMBMGByqGSM49AgEGCCqG\n"
      + "SM49AwEHA0IABC5UadJoVB8ZWyeih3N35rLHtmzrjR41zjP4yBYJayuoA2xU9mOl\n"
      + "KTP7dqYJo6cfVUg9hVGn6ZwzCyTFP4Lg7ZyjUzBRMB0GA1UdDgQWBBRSuNmgmmcC\n"
      + "NLX79iWgYSffk6wW/TAfBgNVHSMEGDAWgBRSuNmgmmcCNLX79iWgYSffk6wW/TAP\n"
      + "BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIDA1PAVOIPrFK+Cbi/s4\n"
      + "tm6u80jYokCILHFB3399Y8yHAiEAhD7VNh2nCArO1lhdLOix7KyXkk9sCY525LGJ\n"
      + "JA2UfcQ=\n"
      + "-----END CERTIFICATE-----\n";

  @TempDir
  Path directory;

  @Test
  void roundTripKeepsEverythingACachedResponseNeeds() throws Exception {
    Request request = new Request.Builder().url("https://example.com/items?id=1")
        .header("Accept-Language", "fr").header("Accept", "text/html").build();
    Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(CERTIFICATE.getBytes(StandardCharsets.US_ASCII)));
    Handshake handshake = Handshake.get(TlsVersion.TLS_1_3, "TLS_AES_128_GCM_SHA256",
        List.of(certificate), List.of());
    Response response = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1)
        .code(203).message("Non-Authoritative Information")
        .header("Vary", "Accept-Language")
        .addHeader("Cache-Control", "max-age=60")
        .addHeader("X-Unicode", "caf\u00e9 \u2603")
        .addHeader("X-Empty", "")
        .handshake(handshake)
        .sentRequestAtMillis(1_700_000_000_000L).receivedResponseAtMillis(1_700_000_000_123L)
        .build();

    CacheEntry read = roundTrip(CacheEntry.of(request, response, new FieldDigest()).withBody(1234, 0xdeadbeefL));
    Response restored = read.response(request, null);

    assertThat(read.url()).isEqualTo("https://example.com/items?id=1");
    assertThat(read.varyHeaders()).isEqualTo(Headers.of("Accept-Language", "fr"));
    assertThat(read.bodyLength()).isEqualTo(1234);
    assertThat(read.bodyCrc32()).isEqualTo(0xdeadbeefL);
    assertThat(restored.code()).isEqualTo(203);
    assertThat(restored.message()).isEqualTo("Non-Authoritative Information");
    assertThat(restored.headers()).isEqualTo(response.headers());
    assertThat(restored.handshake()).isEqualTo(handshake);
    assertThat(restored.sentRequestAtMillis()).isEqualTo(1_700_000_000_000L);
    assertThat(restored.receivedResponseAtMillis()).isEqualTo(1_700_000_000_123L);
  }

  @Test
  void emptyReasonPhraseSurvives() throws Exception {
    Request request = new Request.Builder().url("http://example.com/").build();
    Response response = new Response.Builder().request(request).code(200).build();
    assertThat(roundTrip(CacheEntry.of(request, response, new FieldDigest())).response(request, null).message())
        .isEmpty();
  }

  @Test
  void everyByteIsCoveredByTheChecksum() throws Exception {
    byte[] bytes = write(sampleEntry());
    for (int i = 0; i < bytes.length; i++) {
      byte[] damaged = bytes.clone();
      damaged[i] ^= 0x01;
      assertThatThrownBy(() -> read(damaged)).as("byte " + i).isInstanceOf(IOException.class);
    }
  }

  @Test
  void truncatedOrOversizedMetadataIsRefused() throws Exception {
    byte[] bytes = write(sampleEntry());
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> read(truncated)).isInstanceOf(IOException.class);
    }
    assertThatThrownBy(() -> read(new byte[CacheEntry.MAX_METADATA_BYTES + 1]))
        .isInstanceOf(IOException.class);
  }

  @Test
  void wellChecksummedButMalformedMetadataIsRefused() {
    for (String text : new String[] {
        "courier-cache-entry 2\n",
        "courier-cache-entry 1\nhttp://a/\nGET\n0\nhttp/1.1 20 OK\n",
        "courier-cache-entry 1\nhttp://a/\nGET\n1\nNo colon here\n",
        "courier-cache-entry 1\nhttp://a/\nGET\n99999\n",
        "courier-cache-entry 1\nhttp://a/\nGET\n0\nspdy/3 200 OK\n0\n1\n2\ntls none\nbody 0 0\n",
        "courier-cache-entry 1\nhttp://a/\nGET\n0\nhttp/1.1 200 OK\n0\n1\n2\ntls none\nbody -1 0\n",
        "courier-cache-entry 1\nhttp://a/\nGET\n0\nhttp/1.1 200 OK\n0\n1\n2\ntls none\nbody 0 0\n"
            + "more\n",
        "courier-cache-entry 1\nhttp://a/\nGET\n0\nhttp/1.1 200 OK\n0\n1\n2\ntls SSLv1 x\n"
            + "peer 0\nlocal 0\nbody 0 0\n",
        "courier-cache-entry 1\nhttp://a/\nGET\n0\nhttp/1.1 200 OK\n0\n1\n2\ntls TLSv1.3 x\n"
            + "peer 1\nbm90IGEgY2VydGlmaWNhdGU=\nlocal 0\nbody 0 0\n"}) {
      assertThatThrownBy(() -> read(checksummed(text))).as(text).isInstanceOf(IOException.class);
    }
  }

  @Test
  void headerInjectionFromDiskIsRefused() {
    String text = "courier-cache-entry 1\nhttp://a/\nGET\n0\nhttp/1.1 200 OK\n1\n"
        + "X-Evil: a\rSet-Cookie: b\n1\n2\ntls none\nbody 0 0\n";
    assertThatThrownBy(() -> read(checksummed(text))).isInstanceOf(IOException.class);
  }

  @Test
  void reasonPhraseWithALineBreakIsNotWritten() {
    Request request = new Request.Builder().url("http://example.com/").build();
    Response response = new Response.Builder().request(request).code(200).message("OK\nX: y")
        .build();
    assertThatThrownBy(() -> write(CacheEntry.of(request, response, new FieldDigest())))
        .isInstanceOf(IOException.class);
  }

  private static CacheEntry sampleEntry() {
    Request request = new Request.Builder().url("http://example.com/").build();
    Response response = new Response.Builder().request(request).code(200).message("OK")
        .header("Cache-Control", "max-age=60").build();
    return CacheEntry.of(request, response, new FieldDigest()).withBody(10, 0x1234L);
  }

  private CacheEntry roundTrip(CacheEntry entry) throws IOException {
    return read(write(entry));
  }

  private static byte[] write(CacheEntry entry) throws IOException {
    Buffer buffer = new Buffer();
    entry.writeTo(buffer);
    return buffer.readByteArray();
  }

  private CacheEntry read(byte[] bytes) throws IOException {
    Path file = Files.write(directory.resolve("entry"), bytes);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return CacheEntry.read(channel, channel.size());
    }
  }

  /** Returns {@code text} followed by the checksum line a writer would add. */
  private static byte[] checksummed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes);
    return (text + "end " + Long.toHexString(crc.getValue()) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
