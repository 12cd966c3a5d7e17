package dev.courier;

import static dev.courier.CacheTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import mockwebserver3.MockWebServer;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's directory and files against another local user, or anything else that can write
 * where the cache lives: the directory is private (0700, owned by this user, or refused), files
 * are 0600 and created without following links, a stored entry that is not a plain file is a
 * miss that blocks nothing, and a URL's password never reaches the disk.
 */
class CacheFilesTest {
  @TempDir
  Path root;
  private Path directory;
  private final MockWebServer server = new MockWebServer();
  private Cache cache;
  private CourierClient client;

  @BeforeEach
  void setUp() throws IOException {
    server.start();
    directory = root.resolve("http");
    cache = new Cache(directory, 1024 * 1024);
    client = new CourierClient.Builder().cache(cache).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  @Test
  void directoryIsPrivateAndFilesAreTheOwnersOnly() throws Exception {
    server.enqueue(ok("stored", "Cache-Control: max-age=60"));
    assertThat(body("/")).isEqualTo("stored");
    cache.flush();

    assertThat(permissions(directory)).isEqualTo("rwx------");
    List<Path> files = files();
    assertThat(files).extracting(path -> path.getFileName().toString())
        .contains("journal", key("/") + ".0", key("/") + ".1");
    for (Path file : files) assertThat(permissions(file)).as(file.toString()).isEqualTo("rw-------");
  }

  @Test
  void existingDirectoryOpenToOthersIsMadePrivate() throws Exception {
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
    cache.initialize();
    assertThat(permissions(directory)).isEqualTo("rwx------");
  }

  @Test
  void directoryOwnedBySomeoneElseIsRefused() throws Exception {
    Path foreign = directory;
    Files.createDirectories(foreign);
    try {
      UserPrincipal nobody = foreign.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("nobody");
      Files.setOwner(foreign, nobody);
    } catch (FileSystemException notRoot) {
      foreign = Path.of("/"); // Not root, so "/" is someone else's.
    }
    Cache refused = new Cache(foreign, 1024 * 1024);
    assertThatThrownBy(refused::initialize)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("owned by");
    try (CourierClient refusing = client.newBuilder().cache(refused).build()) {
      server.enqueue(ok("from the network", "Cache-Control: max-age=60"));
      assertThat(body(refusing, "/")).isEqualTo("from the network");
    }
    if (foreign.equals(directory)) assertThat(files()).isEmpty();
  }

  @Test
  void symlinksPlantedAtTempFilesAreNotFollowed() throws Exception {
    Path outside = root.resolve("outside.txt");
    Files.writeString(outside, "precious");
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    for (String name : List.of("journal.tmp", key("/") + ".0.tmp", key("/") + ".1.tmp")) {
      Files.createSymbolicLink(directory.resolve(name), outside);
    }

    server.enqueue(ok("stored", "Cache-Control: max-age=60"));
    assertThat(body("/")).isEqualTo("stored");
    assertThat(body("/")).isEqualTo("stored");

    assertThat(Files.readString(outside)).isEqualTo("precious");
    assertThat(server.getRequestCount()).isEqualTo(1); // Stored in files of its own.
    for (Path file : files()) {
      assertThat(Files.isSymbolicLink(file)).as(file.toString()).isFalse();
    }
  }

  @Test
  void entryFileReplacedBySymlinkIsAMiss() throws Exception {
    server.enqueue(ok("stored", "Cache-Control: max-age=60"));
    assertThat(body("/")).isEqualTo("stored");
    // A link to a copy with the very same bytes: only the link itself can give it away.
    Path body = directory.resolve(key("/") + ".1");
    Path copy = root.resolve("copy");
    Files.copy(body, copy);
    Files.delete(body);
    Files.createSymbolicLink(body, copy);

    server.enqueue(ok("fresh", "Cache-Control: max-age=60"));
    assertThat(body("/")).isEqualTo("fresh");
  }

  @Test
  void fifoInPlaceOfAnEntryIsAPromptMiss() throws Exception {
    server.enqueue(ok("stored", "Cache-Control: max-age=60"));
    assertThat(body("/")).isEqualTo("stored");
    Path metadata = directory.resolve(key("/") + ".0");
    Files.delete(metadata);
    Process mkfifo = new ProcessBuilder("mkfifo", metadata.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();

    server.enqueue(ok("fresh", "Cache-Control: max-age=60"));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<String> lookup = executor.submit(() -> body("/"));
      assertThat(lookup.get(5, TimeUnit.SECONDS)).isEqualTo("fresh");
    } finally {
      // If the lookup is stuck opening the FIFO, a writer lets it go so the test can end.
      if (Files.exists(metadata, LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(metadata, LinkOption.NOFOLLOW_LINKS)) {
        Thread opener = new Thread(() -> {
          try (OutputStream out = Files.newOutputStream(metadata)) {
            out.flush();
          } catch (IOException ignored) {
            // Nothing was waiting.
          }
        });
        opener.setDaemon(true);
        opener.start();
      }
      executor.shutdownNow();
    }
  }

  @Test
  void passwordsAndCredentialsNeverReachTheDisk() throws Exception {
    String url = "http://alice:s3cret-password@127.0.0.1:" + server.getPort() + "/private";
    Request request = new Request.Builder().url(url)
        .header("Authorization", "Bearer s3cret-token").build();
    server.enqueue(ok("alice's", "Cache-Control: max-age=60", "Vary: Authorization"));
    assertThat(body(client, request)).isEqualTo("alice's");
    assertThat(body(client, request)).isEqualTo("alice's"); // Still served from the cache.
    assertThat(server.getRequestCount()).isEqualTo(1);
    server.enqueue(ok("bob's", "Cache-Control: max-age=60", "Vary: Authorization"));
    assertThat(body(client, request.newBuilder().header("Authorization", "Bearer bob").build()))
        .isEqualTo("bob's");
    cache.flush();

    assertThat(cache.urls()).toIterable()
        .containsExactly("http://127.0.0.1:" + server.getPort() + "/private");
    for (Path file : files()) {
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(content).as(file.toString()).doesNotContain("s3cret").doesNotContain("alice");
    }
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private String key(String path) {
    return ByteString.encodeUtf8(server.url(path).toString()).sha256().hex();
  }

  private String body(String path) throws IOException {
    return body(client, path);
  }

  private String body(CourierClient client, String path) throws IOException {
    return body(client, new Request.Builder().url(server.url(path).toString()).build());
  }

  private static String body(CourierClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }
}
