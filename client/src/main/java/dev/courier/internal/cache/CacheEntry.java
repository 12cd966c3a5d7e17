package dev.courier.internal.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

import dev.courier.Handshake;
import dev.courier.Headers;
import dev.courier.Protocol;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.ResponseBody;
import dev.courier.TlsVersion;
import dev.courier.internal.http.WireText;
import okio.Buffer;
import okio.BufferedSink;

/**
 * The metadata of one stored response, and its file format. It exists so that everything about an
 * entry except its body bytes is written and read in one place, and read with suspicion: the file
 * may be truncated, corrupted or crafted.
 *
 * <p>The format is UTF-8 text, one item per line:
 *
 * <pre>
 *   courier-cache-entry 1
 *   https://example.com/items/1              request URL, without user name and password
 *   GET                                      request method
 *   1                                        request fields named by Vary (secret ones as a
 *                                            keyed digest), then each field
 *   Accept-Language: fr
 *   http/1.1 200 OK                          protocol, status code, reason phrase
 *   3                                        stored response fields, then each field
 *   Content-Type: text/plain
 *   Cache-Control: max-age=60
 *   Date: Sun, 06 Nov 1994 08:49:37 GMT
 *   1700000000000                            when the request was sent, epoch millis
 *   1700000000120                            when the response was received, epoch millis
 *   tls TLSv1.3 TLS_AES_128_GCM_SHA256       or "tls none" for cleartext
 *   peer 1                                   the peer's certificates, base64 DER, one a line
 *   MIIB...
 *   local 0                                  our certificates
 *   body 21054 9f0a1b2c                      body length and CRC-32 (hex)
 *   end 5e7d3a10                             CRC-32 of every byte before this line
 * </pre>
 *
 * <p>The body's length and checksum are in the metadata because the metadata is written last,
 * when the body is complete; a reader checks both before serving a byte of it. Any deviation from
 * this format, an oversized file or a checksum mismatch makes the entry unreadable.
 */
public final class CacheEntry {
  static final String MAGIC = "courier-cache-entry 1";
  /** Metadata files larger than this are not ours: real headers are far smaller. */
  static final int MAX_METADATA_BYTES = 1024 * 1024;
  private static final int MAX_FIELDS = 10_000;
  private static final int MAX_CERTIFICATES = 100;

  private final String url;
  private final String requestMethod;
  private final Headers varyHeaders;
  private final Protocol protocol;
  private final int code;
  private final String message;
  private final Headers responseHeaders;
  private final long sentRequestMillis;
  private final long receivedResponseMillis;
  private final Handshake handshake;
  private final long bodyLength;
  private final long bodyCrc32;

  CacheEntry(String url, String requestMethod, Headers varyHeaders, Protocol protocol, int code,
      String message, Headers responseHeaders, long sentRequestMillis,
      long receivedResponseMillis, Handshake handshake, long bodyLength, long bodyCrc32) {
    this.url = url;
    this.requestMethod = requestMethod;
    this.varyHeaders = varyHeaders;
    this.protocol = protocol;
    this.code = code;
    this.message = message;
    this.responseHeaders = responseHeaders;
    this.sentRequestMillis = sentRequestMillis;
    this.receivedResponseMillis = receivedResponseMillis;
    this.handshake = handshake;
    this.bodyLength = bodyLength;
    this.bodyCrc32 = bodyCrc32;
  }

  /**
   * Returns the entry to store for {@code response} to {@code request}, whose body is not yet
   * known: its URL without user name and password, its headers without those a cache must not
   * store, and the request fields its {@code Vary} names, secret ones as a {@code digest}.
   */
  static CacheEntry of(Request request, Response response, FieldDigest digest) {
    return new CacheEntry(RealCache.cacheUrl(request.url()).toString(), request.method(),
        CacheHeaders.varyHeaders(request.headers(), response.headers(), digest),
        response.protocol(),
        response.code(), response.message(), CacheHeaders.storedHeaders(response.headers()),
        response.sentRequestAtMillis(), response.receivedResponseAtMillis(),
        response.handshake(), 0L, 0L);
  }

  /** Returns this entry with the body's length and checksum. */
  CacheEntry withBody(long length, long crc32) {
    return new CacheEntry(url, requestMethod, varyHeaders, protocol, code, message,
        responseHeaders, sentRequestMillis, receivedResponseMillis, handshake, length, crc32);
  }

  /**
   * Returns this entry with the headers and timing of a response that revalidated it for
   * {@code request}, whose fields now stand for the ones {@code Vary} names.
   */
  CacheEntry withUpdate(Request request, Headers headers, long sentRequestMillis,
      long receivedResponseMillis, FieldDigest digest) {
    return new CacheEntry(url, requestMethod,
        CacheHeaders.varyHeaders(request.headers(), headers, digest), protocol, code, message,
        CacheHeaders.storedHeaders(headers), sentRequestMillis, receivedResponseMillis, handshake,
        bodyLength, bodyCrc32);
  }

  String url() {
    return url;
  }

  String requestMethod() {
    return requestMethod;
  }

  Headers varyHeaders() {
    return varyHeaders;
  }

  Headers responseHeaders() {
    return responseHeaders;
  }

  long bodyLength() {
    return bodyLength;
  }

  long bodyCrc32() {
    return bodyCrc32;
  }

  /**
   * Returns the stored response with {@code body}, carrying {@code storedRequest}: the request it
   * was stored for, as far as the entry knows it (URL, method and the fields {@code Vary} names).
   */
  Response response(Request storedRequest, ResponseBody body) {
    return new Response.Builder()
        .request(storedRequest)
        .protocol(protocol)
        .code(code)
        .message(message)
        .headers(responseHeaders)
        .handshake(handshake)
        .body(body)
        .sentRequestAtMillis(sentRequestMillis)
        .receivedResponseAtMillis(receivedResponseMillis)
        .build();
  }

  /** Writes this entry in the format described on the class. */
  void writeTo(BufferedSink sink) throws IOException {
    if (message.indexOf('\n') != -1 || message.indexOf('\r') != -1) {
      throw new IOException("reason phrase holds a line break"); // Only a rogue interceptor's.
    }
    Buffer buffer = new Buffer();
    buffer.writeUtf8(MAGIC).writeByte('\n');
    buffer.writeUtf8(url).writeByte('\n');
    buffer.writeUtf8(requestMethod).writeByte('\n');
    writeHeaders(buffer, varyHeaders);
    buffer.writeUtf8(protocol.toString()).writeByte(' ').writeDecimalLong(code).writeByte(' ')
        .writeUtf8(message).writeByte('\n');
    writeHeaders(buffer, responseHeaders);
    buffer.writeDecimalLong(sentRequestMillis).writeByte('\n');
    buffer.writeDecimalLong(receivedResponseMillis).writeByte('\n');
    if (handshake == null) {
      buffer.writeUtf8("tls none\n");
    } else {
      buffer.writeUtf8("tls ").writeUtf8(handshake.tlsVersion().javaName()).writeByte(' ')
          .writeUtf8(handshake.cipherSuite()).writeByte('\n');
      writeCertificates(buffer, "peer", handshake.peerCertificates());
      writeCertificates(buffer, "local", handshake.localCertificates());
    }
    buffer.writeUtf8("body ").writeDecimalLong(bodyLength).writeByte(' ')
        .writeUtf8(Long.toHexString(bodyCrc32)).writeByte('\n');
    CRC32 crc = new CRC32();
    crc.update(buffer.snapshot().toByteArray());
    buffer.writeUtf8("end ").writeUtf8(Long.toHexString(crc.getValue())).writeByte('\n');
    sink.writeAll(buffer);
  }

  private static void writeHeaders(Buffer buffer, Headers headers) {
    buffer.writeDecimalLong(headers.size()).writeByte('\n');
    for (int i = 0; i < headers.size(); i++) {
      buffer.writeUtf8(headers.name(i)).writeUtf8(": ").writeUtf8(headers.value(i))
          .writeByte('\n');
    }
  }

  private static void writeCertificates(Buffer buffer, String label,
      List<Certificate> certificates) throws IOException {
    buffer.writeUtf8(label).writeByte(' ').writeDecimalLong(certificates.size()).writeByte('\n');
    for (Certificate certificate : certificates) {
      try {
        buffer.writeUtf8(Base64.getEncoder().encodeToString(certificate.getEncoded()))
            .writeByte('\n');
      } catch (CertificateEncodingException e) {
        throw new IOException("cannot encode certificate", e);
      }
    }
  }

  /**
   * Reads an entry from {@code channel}, which holds {@code length} bytes.
   *
   * @throws IOException if the entry is oversized, malformed or fails its checksum
   */
  static CacheEntry read(FileChannel channel, long length) throws IOException {
    if (length > MAX_METADATA_BYTES) throw corrupt("metadata of " + length + " bytes");
    ByteBuffer bytes = ByteBuffer.allocate((int) length);
    while (bytes.hasRemaining()) {
      if (channel.read(bytes, bytes.position()) == -1) throw corrupt("metadata truncated");
    }
    byte[] array = bytes.array();
    // The last line is "end <crc>" over everything before it.
    int end = array.length - 1;
    if (end < 0 || array[end] != '\n') throw corrupt("metadata truncated");
    int lastLineStart = end;
    while (lastLineStart > 0 && array[lastLineStart - 1] != '\n') lastLineStart--;
    String lastLine = new String(array, lastLineStart, end - lastLineStart,
        StandardCharsets.US_ASCII);
    if (!lastLine.startsWith("end ")) throw corrupt("metadata without checksum");
    CRC32 crc = new CRC32();
    crc.update(array, 0, lastLineStart);
    if (parseHex(lastLine.substring(4)) != crc.getValue()) throw corrupt("metadata checksum");
    return parse(new Lines(new String(array, 0, lastLineStart, StandardCharsets.UTF_8)));
  }

  private static CacheEntry parse(Lines lines) throws IOException {
    if (!lines.next().equals(MAGIC)) throw corrupt("unknown metadata format");
    String url = lines.next();
    String requestMethod = lines.next();
    Headers varyHeaders = readHeaders(lines);
    String statusLine = lines.next();
    int firstSpace = statusLine.indexOf(' ');
    if (firstSpace == -1 || statusLine.length() < firstSpace + 4
        || (statusLine.length() > firstSpace + 4 && statusLine.charAt(firstSpace + 4) != ' ')) {
      throw corrupt("status line " + WireText.printable(statusLine));
    }
    Protocol protocol = Protocol.get(statusLine.substring(0, firstSpace));
    int code = (int) parseDecimal(statusLine.substring(firstSpace + 1, firstSpace + 4));
    if (code < 200) throw corrupt("status code " + code);
    String message = statusLine.length() > firstSpace + 5 ? statusLine.substring(firstSpace + 5)
        : "";
    Headers responseHeaders = readHeaders(lines);
    long sentRequestMillis = parseDecimal(lines.next());
    long receivedResponseMillis = parseDecimal(lines.next());
    Handshake handshake = readHandshake(lines);
    String[] body = lines.next().split(" ", -1);
    if (body.length != 3 || !body[0].equals("body")) throw corrupt("body line");
    long bodyLength = parseDecimal(body[1]);
    long bodyCrc32 = parseHex(body[2]);
    if (lines.hasNext()) throw corrupt("trailing metadata");
    return new CacheEntry(url, requestMethod, varyHeaders, protocol, code, message,
        responseHeaders, sentRequestMillis, receivedResponseMillis, handshake, bodyLength,
        bodyCrc32);
  }

  private static Headers readHeaders(Lines lines) throws IOException {
    long count = parseDecimal(lines.next());
    if (count > MAX_FIELDS) throw corrupt(count + " header fields");
    Headers.Builder result = new Headers.Builder();
    for (long i = 0; i < count; i++) {
      try {
        result.add(lines.next());
      } catch (IllegalArgumentException e) {
        throw corrupt("header field: " + e.getMessage());
      }
    }
    return result.build();
  }

  private static Handshake readHandshake(Lines lines) throws IOException {
    String line = lines.next();
    if (line.equals("tls none")) return null;
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || !parts[0].equals("tls")) throw corrupt("tls line");
    TlsVersion tlsVersion;
    try {
      tlsVersion = TlsVersion.forJavaName(parts[1]);
    } catch (IllegalArgumentException e) {
      throw corrupt("tls version " + WireText.printable(parts[1]));
    }
    List<Certificate> peer = readCertificates(lines, "peer");
    List<Certificate> local = readCertificates(lines, "local");
    return Handshake.get(tlsVersion, parts[2], peer, local);
  }

  private static List<Certificate> readCertificates(Lines lines, String label)
      throws IOException {
    String line = lines.next();
    if (!line.startsWith(label + " ")) throw corrupt(label + " certificates");
    long count = parseDecimal(line.substring(label.length() + 1));
    if (count > MAX_CERTIFICATES) throw corrupt(count + " certificates");
    List<Certificate> result = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (long i = 0; i < count; i++) {
        byte[] der = Base64.getDecoder().decode(lines.next());
        result.add(factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw corrupt("certificate: " + e.getMessage());
    }
    return result;
  }

  /** Parses 1 to 18 decimal digits. */
  private static long parseDecimal(String s) throws IOException {
    if (s.isEmpty() || s.length() > 18) throw corrupt("number " + WireText.printable(s));
    long result = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') throw corrupt("number " + WireText.printable(s));
      result = result * 10 + (c - '0');
    }
    return result;
  }

  /** Parses 1 to 8 lowercase hex digits, a CRC-32. */
  private static long parseHex(String s) throws IOException {
    if (s.isEmpty() || s.length() > 8) throw corrupt("checksum " + WireText.printable(s));
    long result = 0;
    for (int i = 0; i < s.length(); i++) {
      int digit = Character.digit(s.charAt(i), 16);
      if (digit == -1 || Character.isUpperCase(s.charAt(i))) {
        throw corrupt("checksum " + WireText.printable(s));
      }
      result = result << 4 | digit;
    }
    return result;
  }

  private static IOException corrupt(String what) {
    return new IOException("corrupt cache entry: " + what);
  }

  /** The lines of a text, each ended by {@code \n}. */
  private static final class Lines {
    private final String text;
    private int pos;

    Lines(String text) {
      this.text = text;
    }

    boolean hasNext() {
      return pos < text.length();
    }

    String next() throws IOException {
      int newline = text.indexOf('\n', pos);
      if (newline == -1) throw corrupt("metadata truncated");
      String result = text.substring(pos, newline);
      pos = newline + 1;
      return result;
    }
  }
}
