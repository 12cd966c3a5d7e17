package dev.courier;

import static dev.courier.CacheTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import dev.courier.testing.CourierExtension;
import dev.courier.testing.RawServer;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache against damage: files corrupted or cut short on disk, bodies that fail or stop
 * midway, a process killed while writing, and directories that can't be used. In every case the
 * call succeeds from the network and no partial or corrupt body is ever served.
 */
class CacheFaultTest {
  @TempDir
  Path directory;
  @RegisterExtension final CourierExtension courier = new CourierExtension();
  private final MockWebServer server = courier.newServer();
  private final List<LogRecord> warnings = Collections.synchronizedList(new ArrayList<>());
  private final Handler warningHandler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private Cache cache;
  private CourierClient client;

  @BeforeEach
  void setUp() {
    Logger.getLogger("dev.courier.Cache").addHandler(warningHandler);
    useCache(directory.resolve("http"));
  }

  @AfterEach
  void tearDown() {
    Logger.getLogger("dev.courier.Cache").removeHandler(warningHandler);
  }

  private void useCache(Path cacheDirectory) {
    if (client != null) client.close();
    cache = new Cache(cacheDirectory, 10L * 1024 * 1024);
    client = courier.newClient(builder -> builder.cache(cache));
  }

  @Test
  void corruptedBodyIsNeverServed() throws Exception {
    storeThenDamage(file -> file.endsWith(".1"), bytes -> bytes[bytes.length / 2] ^= 1);
  }

  @Test
  void truncatedBodyIsNeverServed() throws Exception {
    storeThenDamage(file -> file.endsWith(".1"), null);
  }

  @Test
  void corruptedMetadataIsIgnored() throws Exception {
    storeThenDamage(file -> file.endsWith(".0"), bytes -> bytes[40] ^= 0x20);
  }

  @Test
  void truncatedMetadataIsIgnored() throws Exception {
    storeThenDamage(file -> file.endsWith(".0"), null);
  }

  @Test
  void garbageJournalEmptiesTheCache() throws Exception {
    // The CLEAN record's key loses a character: a line that no writer could have produced.
    storeThenDamage(file -> file.equals("journal"), bytes -> {
      String journal = new String(bytes, StandardCharsets.UTF_8);
      int clean = journal.indexOf("CLEAN ");
      bytes[clean + "CLEAN ".length()] = '\u0000';
    });
  }

  interface Damage {
    void apply(byte[] bytes);
  }

  interface FileFilter {
    boolean accept(String fileName);
  }

  /**
   * Stores a response, damages a file of the cache in place (or cuts it in half when
   * {@code damage} is null) while no cache has it open, and checks that the response is then
   * fetched again rather than served damaged.
   */
  private void storeThenDamage(FileFilter filter, Damage damage) throws Exception {
    String body = "0123456789".repeat(1000);
    server.enqueue(ok(body, "Cache-Control: max-age=3600"));
    assertThat(getBody("/")).isEqualTo(body);
    client.close();

    Path cacheDirectory = cache.directory();
    Path target = onlyFile(cacheDirectory, filter);
    byte[] bytes = Files.readAllBytes(target);
    if (damage != null) {
      damage.apply(bytes);
      Files.write(target, bytes);
    } else {
      Files.write(target, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    useCache(cacheDirectory);
    server.enqueue(ok("fresh from the network", "Cache-Control: max-age=3600"));
    assertThat(getBody("/")).isEqualTo("fresh from the network");
    assertThat(getBody("/")).isEqualTo("fresh from the network");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(warnings).isEmpty();
  }

  @Test
  void bodyFailingMidReadAbortsTheEntry() throws Exception {
    try (RawServer raw = new RawServer()) {
      raw.enqueueAndClose("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n"
          + "Content-Length: 10\r\n\r\nabc");
      raw.enqueue("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n"
          + "Content-Length: 10\r\n\r\n0123456789");
      try (Response response = client.newCall(new Request.Builder().url(raw.url("/")).build())
          .execute()) {
        assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
      }
      assertThat(bodyOf(raw.url("/"))).isEqualTo("0123456789");
      raw.takeRequest();
      raw.takeRequest();
      assertThat(cache.writeAbortCount()).isEqualTo(1);
      assertThat(bodyOf(raw.url("/"))).isEqualTo("0123456789"); // Now from the cache.
    }
  }

  @Test
  void bodyClosedBeforeItsEndIsNotStored() throws Exception {
    try (RawServer raw = new RawServer()) {
      // Half a body, and then the server goes quiet without closing.
      raw.enqueue("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n"
          + "Content-Length: 10\r\n\r\n01234");
      raw.enqueue("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n"
          + "Content-Length: 10\r\n\r\nabcdefghij");
      try (Response response = client.newCall(new Request.Builder().url(raw.url("/")).build())
          .execute()) {
        assertThat(response.body().source().readUtf8(3)).isEqualTo("012");
      }
      assertThat(bodyOf(raw.url("/"))).isEqualTo("abcdefghij");
      assertThat(cache.writeAbortCount()).isEqualTo(1);
    }
  }

  /** A process killed while a body streams into the cache leaves nothing that is served. */
  @Test
  void processKilledWhileWritingLeavesNoEntry() throws Exception {
    Path cacheDirectory = directory.resolve("shared");
    try (RawServer raw = new RawServer()) {
      raw.enqueue("HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\n"
          + "Content-Length: 100\r\n\r\n" + "x".repeat(50));
      raw.enqueue("HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\n"
          + "Content-Length: 100\r\n\r\n" + "y".repeat(100));
      Process child = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          CacheCrashChild.class.getName(), cacheDirectory.toString(), raw.url("/"))
          .redirectErrorStream(true)
          .start();
      try {
        BufferedReader output = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(output.readLine()).isEqualTo(CacheCrashChild.READY);
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(fileNames(cacheDirectory)).anyMatch(name -> name.endsWith(".tmp"));

      useCache(cacheDirectory);
      assertThat(cache.urls().hasNext()).isFalse();
      assertThat(fileNames(cacheDirectory)).noneMatch(name -> name.endsWith(".tmp"));
      assertThat(bodyOf(raw.url("/"))).isEqualTo("y".repeat(100));
      assertThat(bodyOf(raw.url("/"))).isEqualTo("y".repeat(100));
      raw.takeRequest();
      raw.takeRequest();
      assertThat(cache.hitCount()).isEqualTo(1);
    }
  }

  @Test
  void unusableDirectoryMeansNoCacheAndOneWarning() throws Exception {
    Path file = directory.resolve("not-a-directory");
    Files.writeString(file, "a file");
    useCache(file.resolve("http"));
    server.enqueue(ok("A", "Cache-Control: max-age=60"));
    server.enqueue(ok("B", "Cache-Control: max-age=60"));
    assertThat(getBody("/")).isEqualTo("A");
    assertThat(getBody("/")).isEqualTo("B");
    assertThat(cache.size()).isZero();
    assertThat(cache.urls().hasNext()).isFalse();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getMessage()).contains(file.resolve("http").toString());
    assertThatThrownBy(cache::initialize).isInstanceOf(IOException.class);
  }

  @Test
  void vanishedDirectoryIsRecreatedByTheNextWrite() throws Exception {
    server.enqueue(ok("A", "Cache-Control: max-age=60"));
    assertThat(getBody("/")).isEqualTo("A");
    deleteRecursively(cache.directory());

    server.enqueue(ok("B", "Cache-Control: max-age=60"));
    assertThat(getBody("/")).isEqualTo("B"); // "A" went with the directory.
    assertThat(cache.directory()).isDirectory();
    assertThat(getBody("/")).isEqualTo("B"); // Stored in the new directory.

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(warnings).isEmpty();
  }

  private String getBody(String path) throws IOException {
    return bodyOf(server.url(path).toString());
  }

  private String bodyOf(String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.body().string();
    }
  }

  private static Path onlyFile(Path directory, FileFilter filter) throws IOException {
    List<Path> matches = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.filter(path -> filter.accept(path.getFileName().toString())).forEach(matches::add);
    }
    assertThat(matches).hasSize(1);
    return matches.get(0);
  }

  private static List<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).toList();
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
  }
}
