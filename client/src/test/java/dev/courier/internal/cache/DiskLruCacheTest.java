package dev.courier.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import okio.BufferedSink;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskLruCacheTest {
  @TempDir
  Path directory;
  private final List<DiskLruCache> toClose = new ArrayList<>();

  @AfterEach
  void tearDown() throws IOException {
    for (DiskLruCache cache : toClose) cache.close();
  }

  private DiskLruCache open(long maxSize) throws IOException {
    DiskLruCache cache = new DiskLruCache(directory, 100, 2, maxSize);
    cache.initialize();
    toClose.add(cache);
    return cache;
  }

  private DiskLruCache open() throws IOException {
    return open(Long.MAX_VALUE);
  }

  @Test
  void emptyCacheWritesAJournalHeader() throws IOException {
    open();
    assertThat(journalLines()).isEmpty();
    assertThat(Files.readString(directory.resolve("journal")))
        .isEqualTo("courier.DiskLruCache\n1\n100\n2\n\n");
  }

  @Test
  void writtenEntryCanBeRead() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "ABC", "DE");
    try (DiskLruCache.Snapshot snapshot = cache.get("k1")) {
      assertThat(read(snapshot, 0)).isEqualTo("ABC");
      assertThat(read(snapshot, 1)).isEqualTo("DE");
      assertThat(snapshot.length(0)).isEqualTo(3);
      assertThat(snapshot.length(1)).isEqualTo(2);
    }
    assertThat(cache.size()).isEqualTo(5);
    cache.flush(); // READ records are buffered: they only order the LRU list.
    assertThat(journalLines()).containsExactly("DIRTY k1", "CLEAN k1 3 2", "READ k1");
  }

  @Test
  void entriesSurviveClosingAndReopening() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "B");
    cache.close();
    DiskLruCache reopened = open();
    assertThat(readBoth(reopened, "k1")).isEqualTo("A|B");
    assertThat(reopened.size()).isEqualTo(2);
  }

  @Test
  void deletedDirectoryIsRecreatedByTheNextEdit() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "B");
    deleteRecursively(directory);

    assertThat(cache.get("k1")).isNull(); // Its files went with the directory.
    write(cache, "k2", "CD", "E");

    assertThat(directory).isDirectory();
    assertThat(readBoth(cache, "k2")).isEqualTo("CD|E");
    assertThat(cache.size()).isEqualTo(3);
    cache.close();
    assertThat(readBoth(open(), "k2")).isEqualTo("CD|E");
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Test
  void abortedNewEntryIsRemoved() throws IOException {
    DiskLruCache cache = open();
    DiskLruCache.Editor editor = cache.edit("k1");
    writeValue(editor, 0, "A");
    writeValue(editor, 1, "B");
    editor.abort();
    assertThat(cache.get("k1")).isNull();
    assertThat(journalLines()).containsExactly("DIRTY k1", "REMOVE k1");
    assertThat(entryFiles()).isEmpty();
  }

  @Test
  void entryBeingWrittenIsNotVisibleAndAPreviousVersionStays() throws IOException {
    DiskLruCache cache = open();
    DiskLruCache.Editor first = cache.edit("k1");
    writeValue(first, 0, "A");
    assertThat(cache.get("k1")).isNull();
    writeValue(first, 1, "B");
    first.commit();

    DiskLruCache.Editor second = cache.edit("k1");
    writeValue(second, 0, "C");
    writeValue(second, 1, "D");
    assertThat(readBoth(cache, "k1")).isEqualTo("A|B");
    second.commit();
    assertThat(readBoth(cache, "k1")).isEqualTo("C|D");
  }

  @Test
  void newEntryMissingAValueIsDiscarded() throws IOException {
    DiskLruCache cache = open();
    DiskLruCache.Editor editor = cache.edit("k1");
    writeValue(editor, 0, "A");
    editor.commit();
    assertThat(cache.get("k1")).isNull();
    assertThat(entryFiles()).isEmpty();
  }

  @Test
  void updateKeepsValuesItDoesNotWrite() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "BB");
    DiskLruCache.Editor editor = cache.edit("k1");
    writeValue(editor, 0, "CCC");
    editor.commit();
    assertThat(readBoth(cache, "k1")).isEqualTo("CCC|BB");
    assertThat(cache.size()).isEqualTo(5);
  }

  @Test
  void onlyOneEditorAtATime() throws IOException {
    DiskLruCache cache = open();
    DiskLruCache.Editor editor = cache.edit("k1");
    assertThat(cache.edit("k1")).isNull();
    editor.abort();
    assertThat(cache.edit("k1")).isNotNull();
  }

  @Test
  void snapshotEditFailsOnceTheEntryChanged() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "B");
    DiskLruCache.Snapshot snapshot = cache.get("k1");
    write(cache, "k1", "C", "D");
    assertThat(snapshot.edit()).isNull();
    snapshot.close();
    try (DiskLruCache.Snapshot current = cache.get("k1")) {
      DiskLruCache.Editor editor = current.edit();
      assertThat(editor).isNotNull();
      editor.abort();
    }
    assertThat(readBoth(cache, "k1")).isEqualTo("C|D");
  }

  @Test
  void snapshotKeepsReadingTheVersionItOpened() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "old0", "old1");
    try (DiskLruCache.Snapshot snapshot = cache.get("k1")) {
      write(cache, "k1", "new0", "new1");
      assertThat(read(snapshot, 0)).isEqualTo("old0");
      assertThat(read(snapshot, 1)).isEqualTo("old1");
    }
  }

  @Test
  void removingAnEntryBeingWrittenDiscardsTheWrite() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "B");
    DiskLruCache.Editor editor = cache.edit("k1");
    writeValue(editor, 0, "C");
    writeValue(editor, 1, "D");
    assertThat(cache.remove("k1")).isTrue();
    assertThat(cache.get("k1")).isNull();
    editor.commit();
    assertThat(cache.get("k1")).isNull();
    assertThat(entryFiles()).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void evictAllDiscardsEntriesAndWritesInProgress() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "B");
    DiskLruCache.Editor editor = cache.edit("k2");
    writeValue(editor, 0, "C");
    writeValue(editor, 1, "D");
    cache.evictAll();
    editor.commit();
    assertThat(cache.get("k1")).isNull();
    assertThat(cache.get("k2")).isNull();
    assertThat(cache.size()).isZero();
    assertThat(entryFiles()).isEmpty();
  }

  @Test
  void evictsLeastRecentlyUsedEntriesBeyondTheLimit() throws IOException {
    DiskLruCache cache = open(10);
    write(cache, "a", "a", "aaa"); // 4 bytes
    write(cache, "b", "b", "bbb"); // 8
    cache.get("a").close(); // a is now more recently used than b.
    write(cache, "c", "c", "ccc"); // 12 > 10: b goes.
    assertThat(cache.get("b")).isNull();
    assertThat(readBoth(cache, "a")).isEqualTo("a|aaa");
    assertThat(readBoth(cache, "c")).isEqualTo("c|ccc");
    assertThat(cache.size()).isEqualTo(8);
    assertThat(cache.keys()).containsExactly("a", "c");
  }

  @Test
  void lruOrderSurvivesReopening() throws IOException {
    DiskLruCache cache = open(10);
    write(cache, "a", "a", "aaa");
    write(cache, "b", "b", "bbb");
    cache.get("a").close();
    cache.close();
    DiskLruCache reopened = open(10);
    write(reopened, "c", "c", "ccc");
    assertThat(reopened.keys()).containsExactly("a", "c");
  }

  @Test
  void entryLargerThanTheCacheIsEvictedRightAway() throws IOException {
    DiskLruCache cache = open(4);
    write(cache, "a", "aaa", "aaa");
    assertThat(cache.get("a")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void rejectsIllegalKeys() throws IOException {
    DiskLruCache cache = open();
    assertThatThrownBy(() -> cache.edit("has space")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.get("UPPER")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.edit("a\nCLEAN b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.edit("x".repeat(121)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closedCacheRefusesUse() throws IOException {
    DiskLruCache cache = open();
    cache.close();
    assertThatThrownBy(() -> cache.get("k1")).isInstanceOf(IllegalStateException.class)
        .hasMessage("cache is closed");
  }

  @Test
  void closeAbortsWritesInProgress() throws IOException {
    DiskLruCache cache = open();
    DiskLruCache.Editor editor = cache.edit("k1");
    writeValue(editor, 0, "A");
    writeValue(editor, 1, "B");
    cache.close();
    editor.commit();
    assertThat(entryFiles()).isEmpty();
    assertThat(readBoth(open(), "k1")).isNull();
  }

  @Test
  void dirtyEntryWithoutCompletionIsDroppedOnOpen() throws IOException {
    writeJournal("CLEAN k1 1 1", "DIRTY k1", "DIRTY k2");
    writeFile("k1.0", "A");
    writeFile("k1.1", "B");
    writeFile("k1.0.tmp", "half");
    writeFile("k2.0.tmp", "half");
    DiskLruCache cache = open();
    assertThat(cache.get("k1")).isNull();
    assertThat(cache.get("k2")).isNull();
    assertThat(entryFiles()).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void tornLastLineIsIgnoredAndTheJournalRewritten() throws IOException {
    writeJournal("CLEAN k1 1 1");
    Files.writeString(directory.resolve("journal"), "CLEAN k2 1", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    writeFile("k1.0", "A");
    writeFile("k1.1", "B");
    writeFile("k2.0", "C");
    writeFile("k2.1", "D");
    DiskLruCache cache = open();
    assertThat(readBoth(cache, "k1")).isEqualTo("A|B");
    assertThat(cache.get("k2")).isNull();
    assertThat(Files.exists(directory.resolve("k2.0"))).isFalse();
    // Appending after the torn line would have glued records together.
    write(cache, "k3", "E", "F");
    cache.close();
    assertThat(readBoth(open(), "k3")).isEqualTo("E|F");
  }

  @Test
  void corruptJournalDropsEverythingButForeignFiles() throws IOException {
    writeJournal("CLEAN k1 1 1", "BOGUS k1", "CLEAN k2 1 1");
    writeFile("k1.0", "A");
    writeFile("k1.1", "B");
    writeFile("notes.txt", "not ours");
    DiskLruCache cache = open();
    assertThat(cache.get("k1")).isNull();
    assertThat(cache.size()).isZero();
    assertThat(entryFiles()).isEmpty();
    assertThat(Files.readString(directory.resolve("notes.txt"))).isEqualTo("not ours");
  }

  @Test
  void journalLinesThatAreInvalidInAnyWayAreCorruption() throws IOException {
    for (String bad : new String[] {"CLEAN k1 1", "CLEAN k1 1 1 1", "CLEAN k1 -1 1",
        "CLEAN k1 1 x", "CLEAN K1 1 1", "READ k1 extra", "CLEAN k1 1 1 ", "DIRTY",
        "CLEAN k1 1 99999999999999999999"}) {
      writeJournal("CLEAN k1 1 1", bad);
      writeFile("k1.0", "A");
      writeFile("k1.1", "B");
      DiskLruCache cache = new DiskLruCache(directory, 100, 2, Long.MAX_VALUE);
      cache.initialize();
      assertThat(cache.get("k1")).as(bad).isNull();
      cache.close();
    }
  }

  @Test
  void journalOfAnotherVersionDropsEverything() throws IOException {
    for (String header : new String[] {"courier.DiskLruCache\n2\n100\n2\n\n",
        "courier.DiskLruCache\n1\n101\n2\n\n", "courier.DiskLruCache\n1\n100\n3\n\n",
        "libcore.io.DiskLruCache\n1\n100\n2\n\n", "courier.DiskLruCache\n1\n100\n2\nx\n"}) {
      Files.writeString(directory.resolve("journal"), header + "CLEAN k1 1 1\n");
      writeFile("k1.0", "A");
      writeFile("k1.1", "B");
      DiskLruCache cache = new DiskLruCache(directory, 100, 2, Long.MAX_VALUE);
      cache.initialize();
      assertThat(cache.get("k1")).as(header).isNull();
      cache.close();
    }
  }

  @Test
  void truncatedOrMissingFileMakesTheEntryUnreadable() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "AAAA", "BBBB");
    write(cache, "k2", "CCCC", "DDDD");
    Files.writeString(directory.resolve("k1.1"), "BB");
    Files.delete(directory.resolve("k2.0"));
    assertThat(cache.get("k1")).isNull();
    assertThat(cache.get("k2")).isNull();
    assertThat(cache.size()).isZero();
    assertThat(journalLines()).contains("REMOVE k1", "REMOVE k2");
  }

  @Test
  void orphanFilesAreDeletedOnOpenAndForeignFilesKept() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "B");
    cache.close();
    writeFile("k9.0", "orphan");
    writeFile("k1.0.tmp", "leftover");
    writeFile("k1.7", "beyond the value count");
    writeFile("README", "foreign");
    writeFile("journal.tmp", "half a rebuild");
    DiskLruCache reopened = open();
    assertThat(readBoth(reopened, "k1")).isEqualTo("A|B");
    assertThat(entryFiles()).containsExactlyInAnyOrder("k1.0", "k1.1");
    assertThat(Files.exists(directory.resolve("README"))).isTrue();
    assertThat(Files.exists(directory.resolve("journal.tmp"))).isFalse();
  }

  @Test
  void journalIsCompactedOnceMostlyRedundant() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "B");
    for (int i = 0; i < DiskLruCache.COMPACT_THRESHOLD; i++) cache.get("k1").close();
    assertThat(journalLines()).hasSizeLessThan(10);
    assertThat(Files.exists(directory.resolve("journal.bkp"))).isFalse();
    write(cache, "k2", "C", "D");
    cache.close();
    DiskLruCache reopened = open();
    assertThat(readBoth(reopened, "k1")).isEqualTo("A|B");
    assertThat(readBoth(reopened, "k2")).isEqualTo("C|D");
  }

  @Test
  void backupJournalIsUsedWhenTheJournalIsMissing() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "B");
    cache.close();
    Files.move(directory.resolve("journal"), directory.resolve("journal.bkp"));
    DiskLruCache reopened = open();
    assertThat(readBoth(reopened, "k1")).isEqualTo("A|B");
    assertThat(Files.exists(directory.resolve("journal.bkp"))).isFalse();
  }

  @Test
  void backupJournalIsDeletedWhenTheJournalExists() throws IOException {
    DiskLruCache cache = open();
    write(cache, "k1", "A", "B");
    cache.close();
    Files.writeString(directory.resolve("journal.bkp"), "courier.DiskLruCache\n1\n100\n2\n\n");
    DiskLruCache reopened = open();
    assertThat(readBoth(reopened, "k1")).isEqualTo("A|B");
    assertThat(Files.exists(directory.resolve("journal.bkp"))).isFalse();
  }

  @Test
  void deleteRemovesOurFilesAndTheEmptyDirectory() throws IOException {
    Path subdirectory = directory.resolve("cache");
    DiskLruCache cache = new DiskLruCache(subdirectory, 100, 2, Long.MAX_VALUE);
    write(cache, "k1", "A", "B");
    cache.delete();
    assertThat(Files.exists(subdirectory)).isFalse();
    assertThat(cache.isClosed()).isTrue();
  }

  @Test
  void unusableDirectoryFailsToInitialize() throws IOException {
    Path file = directory.resolve("file");
    Files.writeString(file, "a file, not a directory");
    DiskLruCache cache = new DiskLruCache(file.resolve("cache"), 100, 2, Long.MAX_VALUE);
    assertThatThrownBy(cache::initialize).isInstanceOf(IOException.class);
  }

  /**
   * A process killed while writing leaves a DIRTY record and a partial file. The next open keeps
   * what was committed and drops the rest.
   */
  @Test
  void processKilledMidWriteLosesOnlyTheUnfinishedEntry() throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        DiskLruCacheCrashChild.class.getName(), directory.toString())
        .redirectErrorStream(true)
        .start();
    try {
      BufferedReader output = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(output.readLine()).isEqualTo(DiskLruCacheCrashChild.READY);
      assertThat(Files.exists(directory.resolve("b.1.tmp"))).isTrue();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    DiskLruCache cache = open();
    assertThat(readBoth(cache, "a")).isEqualTo("committed|value");
    assertThat(cache.get("b")).isNull();
    assertThat(entryFiles()).containsExactlyInAnyOrder("a.0", "a.1");
    assertThat(cache.size()).isEqualTo("committed".length() + "value".length());
  }

  static void write(DiskLruCache cache, String key, String value0, String value1)
      throws IOException {
    DiskLruCache.Editor editor = cache.edit(key);
    writeValue(editor, 0, value0);
    writeValue(editor, 1, value1);
    editor.commit();
  }

  static void writeValue(DiskLruCache.Editor editor, int index, String value) throws IOException {
    try (BufferedSink sink = Okio.buffer(editor.newSink(index))) {
      sink.writeUtf8(value);
    }
  }

  private static String read(DiskLruCache.Snapshot snapshot, int index) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) snapshot.length(index));
    while (buffer.hasRemaining()) {
      if (snapshot.channel(index).read(buffer, buffer.position()) == -1) break;
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  /** Returns both values as "value0|value1", or null if there is no entry. */
  private static String readBoth(DiskLruCache cache, String key) throws IOException {
    try (DiskLruCache.Snapshot snapshot = cache.get(key)) {
      return snapshot == null ? null : read(snapshot, 0) + "|" + read(snapshot, 1);
    }
  }

  private void writeJournal(String... records) throws IOException {
    StringBuilder journal = new StringBuilder("courier.DiskLruCache\n1\n100\n2\n\n");
    for (String record : records) journal.append(record).append('\n');
    Files.writeString(directory.resolve("journal"), journal);
  }

  private void writeFile(String name, String content) throws IOException {
    Files.writeString(directory.resolve(name), content);
  }

  private List<String> journalLines() throws IOException {
    List<String> lines = Files.readAllLines(directory.resolve("journal"));
    return lines.subList(5, lines.size());
  }

  /** Returns the names of files in the directory other than the journal and foreign files. */
  private List<String> entryFiles() throws IOException {
    List<String> result = new ArrayList<>();
    try (var files = Files.list(directory)) {
      files.map(path -> path.getFileName().toString())
          .filter(name -> name.matches("[a-z0-9_-]+\\.[0-9]+(\\.tmp)?"))
          .forEach(result::add);
    }
    return result;
  }
}
