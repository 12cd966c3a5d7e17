package dev.courier.internal.cache;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;

import okio.BufferedSink;
import okio.Okio;
import okio.Sink;

/**
 * A size-bounded store of entries on disk, each a fixed number of files, evicted least recently
 * used first. The response cache keeps one entry per URL: its metadata and its body.
 *
 * <p>It exists because a cache on disk outlives the process that wrote it, including processes
 * that died mid-write, so every change must be recoverable. The journal, an append-only text file,
 * is the commit log:
 *
 * <pre>
 *   courier.DiskLruCache
 *   1
 *   201
 *   2
 *
 *   DIRTY 3400330d1dfc7f3f7f4b8d4d803dfcf6
 *   CLEAN 3400330d1dfc7f3f7f4b8d4d803dfcf6 832 21054
 *   READ 3400330d1dfc7f3f7f4b8d4d803dfcf6
 *   REMOVE 3400330d1dfc7f3f7f4b8d4d803dfcf6
 * </pre>
 *
 * <p>After a five-line header, each line records one event: {@code DIRTY} when an edit starts,
 * {@code CLEAN} with the file lengths when it commits, {@code REMOVE} when an entry goes, and
 * {@code READ} when one is used (for LRU order only). An edit writes {@code key.N.tmp} files and
 * commits by renaming them over {@code key.N}, then appending {@code CLEAN}; a {@code DIRTY} with
 * no later {@code CLEAN} or {@code REMOVE} means the writer died, and that entry is dropped when
 * the cache opens. A torn last line is ignored; any other malformed line means the journal can't
 * be trusted and the whole cache is dropped. The journal is compacted once it holds more redundant
 * lines than entries (and at least {@value #COMPACT_THRESHOLD}), by writing a new one beside it and
 * renaming it into place.
 *
 * <p>Reading a snapshot checks that each file is still a regular file of its committed length;
 * callers check the content itself. Files are created and opened through {@link CacheFiles}, as
 * if another user could write the directory. Thread-safe: every method locks the cache, but
 * entry files are opened, read and written outside the lock. Only files whose names this class
 * could have written are ever deleted.
 */
public final class DiskLruCache implements Closeable, Flushable {
  static final String JOURNAL_FILE = "journal";
  static final String JOURNAL_FILE_TEMP = "journal.tmp";
  static final String JOURNAL_FILE_BACKUP = "journal.bkp";
  static final String MAGIC = "courier.DiskLruCache";
  static final String VERSION = "1";
  /** Journal compaction waits until at least this many lines are redundant. */
  static final int COMPACT_THRESHOLD = 2000;
  /** No journal line this class writes is longer; a longer one is corruption. */
  private static final int MAX_JOURNAL_LINE = 512;
  /** Pass to {@link #edit(String, long)} to edit whatever version is current. */
  public static final long ANY_SEQUENCE_NUMBER = -1;

  private static final Pattern LEGAL_KEY = Pattern.compile("[a-z0-9_-]{1,120}");
  private static final Pattern ENTRY_FILE =
      Pattern.compile("[a-z0-9_-]{1,120}\\.[0-9]{1,3}(\\.tmp)?");

  private final Path directory;
  private final int appVersion;
  private final int valueCount;
  private final long maxSize;
  private final Path journalFile;
  private final Path journalFileTemp;
  private final Path journalFileBackup;
  /** Entries in access order: the least recently used first. */
  private final LinkedHashMap<String, Entry> lruEntries = new LinkedHashMap<>(0, 0.75f, true);

  // Guarded by this.
  private long size;
  private BufferedSink journalWriter;
  private int redundantOpCount;
  private boolean initialized;
  private boolean closed;
  /** Set when the journal can't be written; edits are refused, since they couldn't be recorded. */
  private boolean journalErrors;
  private IOException journalError; // The failure that set journalErrors, for the log.
  private long nextSequenceNumber;

  /**
   * Creates a cache in {@code directory}, which is read and created on first use.
   *
   * @param appVersion the format version of the values; a journal of another version is dropped
   * @param valueCount the number of files per entry
   * @param maxSize the most bytes to keep before evicting entries
   */
  public DiskLruCache(Path directory, int appVersion, int valueCount, long maxSize) {
    if (valueCount <= 0 || valueCount > 100) {
      throw new IllegalArgumentException("valueCount out of range: " + valueCount);
    }
    if (maxSize <= 0) throw new IllegalArgumentException("maxSize <= 0: " + maxSize);
    this.directory = directory;
    this.appVersion = appVersion;
    this.valueCount = valueCount;
    this.maxSize = maxSize;
    this.journalFile = directory.resolve(JOURNAL_FILE);
    this.journalFileTemp = directory.resolve(JOURNAL_FILE_TEMP);
    this.journalFileBackup = directory.resolve(JOURNAL_FILE_BACKUP);
  }

  /** Returns the directory holding the files. */
  public Path directory() {
    return directory;
  }

  /** Returns the most bytes kept before evicting. */
  public long maxSize() {
    return maxSize;
  }

  /**
   * Reads the journal, dropping what can't be trusted, or starts a new one. Called by every
   * other operation; harmless to call again.
   *
   * @throws IOException if the directory can't be created, read or written
   */
  public synchronized void initialize() throws IOException {
    if (initialized) return;
    checkNotClosed();
    CacheFiles.prepareDirectory(directory);
    // Only regular files can be journals; anything else (a link, a FIFO) goes unread.
    for (Path journal : new Path[] {journalFile, journalFileBackup}) {
      if (!CacheFiles.isRegularOrAbsent(journal)) Files.delete(journal);
    }
    // A crash while replacing the journal can leave only its backup.
    if (Files.exists(journalFileBackup)) {
      if (Files.exists(journalFile)) {
        Files.delete(journalFileBackup);
      } else {
        move(journalFileBackup, journalFile);
      }
    }
    if (Files.exists(journalFile)) {
      try {
        boolean tornLastLine = new JournalReader(this).read(journalFile);
        processJournal();
        if (tornLastLine) {
          rebuildJournal(); // Appending after a torn line would glue two records together.
        } else {
          journalWriter = newJournalWriter();
        }
        initialized = true;
        return;
      } catch (JournalReader.CorruptJournalException e) {
        // Nothing in a corrupt journal can be trusted: start over with an empty cache.
        lruEntries.clear();
        size = 0;
        deleteEntryFiles();
      }
    }
    rebuildJournal();
    deleteOrphanFiles();
    initialized = true;
  }

  int valueCount() {
    return valueCount;
  }

  int appVersion() {
    return appVersion;
  }

  /** Applies one journal record; called by the reader. */
  void applyRecord(String command, String key, long[] lengths) {
    switch (command) {
      case "CLEAN": {
        Entry entry = lruEntries.computeIfAbsent(key, Entry::new);
        entry.readable = true;
        entry.currentEditor = null;
        System.arraycopy(lengths, 0, entry.lengths, 0, valueCount);
        break;
      }
      case "DIRTY":
        lruEntries.computeIfAbsent(key, Entry::new).currentEditor = new Editor(null);
        break;
      case "REMOVE":
        lruEntries.remove(key);
        break;
      case "READ":
        lruEntries.get(key); // Moves the entry to the most recently used end.
        break;
      default:
        throw new IllegalArgumentException(command);
    }
  }

  void setRedundantOpCount(int lineCount) {
    redundantOpCount = lineCount - lruEntries.size();
  }

  /** Drops entries whose edit never finished, and sums the sizes of the rest. */
  private void processJournal() throws IOException {
    Files.deleteIfExists(journalFileTemp);
    for (Iterator<Entry> i = lruEntries.values().iterator(); i.hasNext(); ) {
      Entry entry = i.next();
      if (entry.currentEditor == null) {
        for (long length : entry.lengths) size += length;
      } else {
        entry.currentEditor = null;
        i.remove();
      }
    }
    deleteOrphanFiles();
  }

  /** Deletes entry files that no clean entry owns: leftovers of crashed edits and removals. */
  private void deleteOrphanFiles() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!ENTRY_FILE.matcher(name).matches()) continue;
        int dot = name.indexOf('.');
        Entry entry = lruEntries.get(name.substring(0, dot));
        boolean owned = entry != null && entry.readable && !name.endsWith(".tmp")
            && Integer.parseInt(name.substring(dot + 1)) < valueCount;
        if (!owned) Files.deleteIfExists(file);
      }
    }
  }

  /** Deletes every file this class may have written, journal included. */
  private void deleteEntryFiles() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (ENTRY_FILE.matcher(name).matches() || name.equals(JOURNAL_FILE)
            || name.equals(JOURNAL_FILE_TEMP) || name.equals(JOURNAL_FILE_BACKUP)) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /**
   * Starts over after the directory was deleted under the cache (a temp-file cleaner, an
   * operator): the entries' files went with it, so they are forgotten, and the directory and a
   * journal are made anew, with the same checks as at start-up. Edits in progress keep their
   * entries; their files are gone too, so they fail and abort.
   */
  private void startOverInNewDirectory() throws IOException {
    for (Iterator<Entry> i = lruEntries.values().iterator(); i.hasNext(); ) {
      Entry entry = i.next();
      if (entry.currentEditor != null) continue;
      for (long length : entry.lengths) size -= length;
      i.remove();
    }
    CacheFiles.prepareDirectory(directory);
    rebuildJournal();
  }

  private BufferedSink newJournalWriter() throws IOException {
    return Okio.buffer(CacheFiles.append(journalFile));
  }

  /** Writes a compact journal holding the current state, and swaps it in atomically. */
  private void rebuildJournal() throws IOException {
    if (journalWriter != null) {
      closeQuietly(journalWriter);
      journalWriter = null;
    }
    try (BufferedSink writer = Okio.buffer(CacheFiles.createNew(journalFileTemp))) {
      writer.writeUtf8(MAGIC).writeByte('\n');
      writer.writeUtf8(VERSION).writeByte('\n');
      writer.writeDecimalLong(appVersion).writeByte('\n');
      writer.writeDecimalLong(valueCount).writeByte('\n');
      writer.writeByte('\n');
      for (Entry entry : lruEntries.values()) {
        if (entry.currentEditor != null) {
          writer.writeUtf8("DIRTY ").writeUtf8(entry.key).writeByte('\n');
        } else {
          writer.writeUtf8(cleanRecord(entry)).writeByte('\n');
        }
      }
    }
    if (Files.exists(journalFile)) {
      Files.move(journalFile, journalFileBackup, StandardCopyOption.REPLACE_EXISTING);
    }
    move(journalFileTemp, journalFile);
    Files.deleteIfExists(journalFileBackup);
    journalWriter = newJournalWriter();
    journalErrors = false;
    redundantOpCount = 0;
  }

  private String cleanRecord(Entry entry) {
    StringBuilder result = new StringBuilder("CLEAN ").append(entry.key);
    for (long length : entry.lengths) result.append(' ').append(length);
    return result.toString();
  }

  /** Appends a journal record; a failure stops further edits instead of failing the caller. */
  private void writeJournal(String record, boolean flush) {
    if (journalErrors || journalWriter == null) return;
    try {
      journalWriter.writeUtf8(record).writeByte('\n');
      if (flush) journalWriter.flush();
    } catch (IOException e) {
      journalErrors = true;
      journalError = e;
    }
  }

  /** Returns why the journal can't be written, so edits are refused; or null if it can. */
  public synchronized IOException journalError() {
    return journalErrors ? journalError : null;
  }

  /**
   * Returns a snapshot of the entry for {@code key}, with its files open, or null if there is no
   * readable entry or its files are missing, not regular files, or have the wrong length (such an
   * entry is removed). The files are opened outside the lock, so that a file that takes long to
   * open holds up this lookup only, never the whole cache.
   */
  public Snapshot get(String key) throws IOException {
    Entry entry;
    long sequenceNumber;
    long[] lengths;
    synchronized (this) {
      initialize();
      checkNotClosed();
      validateKey(key);
      entry = lruEntries.get(key);
      if (entry == null || !entry.readable) return null;
      sequenceNumber = entry.sequenceNumber;
      lengths = entry.lengths.clone();
    }
    Snapshot snapshot = entry.snapshot(sequenceNumber, lengths);
    synchronized (this) {
      boolean unchanged = !closed && lruEntries.get(key) == entry && entry.readable
          && entry.sequenceNumber == sequenceNumber;
      if (snapshot == null) {
        if (unchanged) removeEntry(entry); // Else a newer version replaced what failed to open.
        return null;
      }
      if (!unchanged) {
        snapshot.close(); // Changed or removed meanwhile: what we opened may be either version.
        return null;
      }
      redundantOpCount++;
      writeJournal("READ " + key, false);
      if (journalRebuildRequired()) cleanup();
      return snapshot;
    }
  }

  /** Returns an editor for {@code key}, or null if another edit is in progress. */
  public Editor edit(String key) throws IOException {
    return edit(key, ANY_SEQUENCE_NUMBER);
  }

  /**
   * Returns an editor for {@code key}, or null if another edit is in progress, the journal can't
   * be written, or the entry is no longer the version {@code expectedSequenceNumber} names.
   */
  public synchronized Editor edit(String key, long expectedSequenceNumber) throws IOException {
    initialize();
    checkNotClosed();
    validateKey(key);
    Entry entry = lruEntries.get(key);
    if (expectedSequenceNumber != ANY_SEQUENCE_NUMBER
        && (entry == null || entry.sequenceNumber != expectedSequenceNumber)) {
      return null;
    }
    if (entry != null && entry.currentEditor != null) return null;
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      startOverInNewDirectory();
      entry = lruEntries.get(key);
    }
    // DIRTY must reach the file before any value file does, so a crash leaves it on record.
    writeJournal("DIRTY " + key, true);
    if (journalErrors) return null;
    if (entry == null) {
      entry = new Entry(key);
      lruEntries.put(key, entry);
    }
    Editor editor = new Editor(entry);
    entry.currentEditor = editor;
    return editor;
  }

  private synchronized void completeEdit(Editor editor, boolean success) throws IOException {
    Entry entry = editor.entry;
    if (entry.currentEditor != editor) {
      // Detached by close(): its files are not ours to keep.
      for (int i = 0; i < valueCount; i++) Files.deleteIfExists(entry.dirtyFile(i));
      return;
    }
    boolean missingValue = false;
    for (int i = 0; i < valueCount; i++) {
      boolean required = !entry.readable || editor.written[i];
      if (required && (!editor.written[i]
          || !Files.isRegularFile(entry.dirtyFile(i), LinkOption.NOFOLLOW_LINKS))) {
        missingValue = true;
      }
    }
    if (missingValue || entry.removeOnCompletion) success = false;

    IOException moveFailure = null;
    for (int i = 0; i < valueCount; i++) {
      Path dirty = entry.dirtyFile(i);
      if (!success || !editor.written[i] || moveFailure != null) {
        Files.deleteIfExists(dirty);
        continue;
      }
      try {
        Path clean = entry.cleanFile(i);
        move(dirty, clean);
        long newLength = Files.readAttributes(clean, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS).size();
        size += newLength - entry.lengths[i];
        entry.lengths[i] = newLength;
      } catch (IOException e) {
        moveFailure = e;
        Files.deleteIfExists(dirty);
      }
    }
    entry.currentEditor = null;
    if (moveFailure != null || entry.removeOnCompletion) {
      // Some values may be new and some old: the entry as a whole can't be trusted.
      removeEntry(entry);
      if (moveFailure != null) throw moveFailure;
      return;
    }

    redundantOpCount++;
    if (entry.readable || success) {
      entry.readable = true;
      if (success) entry.sequenceNumber = nextSequenceNumber++;
      writeJournal(cleanRecord(entry), true);
    } else {
      lruEntries.remove(entry.key);
      writeJournal("REMOVE " + entry.key, true);
    }
    if (size > maxSize || journalRebuildRequired()) cleanup();
  }

  private boolean journalRebuildRequired() {
    return redundantOpCount >= COMPACT_THRESHOLD && redundantOpCount >= lruEntries.size();
  }

  /** Evicts down to the size limit and compacts the journal if it has grown redundant. */
  private void cleanup() {
    trimToSize();
    if (journalRebuildRequired() || journalErrors) {
      try {
        rebuildJournal();
      } catch (IOException e) {
        journalErrors = true;
        journalError = e;
      }
    }
  }

  private void trimToSize() {
    while (size > maxSize) {
      Entry eldest = null;
      for (Entry entry : lruEntries.values()) {
        if (entry.currentEditor == null) {
          eldest = entry;
          break;
        }
      }
      if (eldest == null) return; // Everything left is being written; trim after the commits.
      removeEntry(eldest);
    }
  }

  /**
   * Removes the entry for {@code key}. An entry being edited is removed when its edit completes,
   * so that an edit begun before the removal can't bring it back.
   *
   * @return true if there was an entry
   */
  public synchronized boolean remove(String key) throws IOException {
    initialize();
    checkNotClosed();
    validateKey(key);
    Entry entry = lruEntries.get(key);
    if (entry == null) return false;
    removeEntry(entry);
    if (journalRebuildRequired()) cleanup();
    return true;
  }

  private void removeEntry(Entry entry) {
    if (entry.currentEditor != null) {
      entry.removeOnCompletion = true;
      entry.readable = false;
      return;
    }
    for (int i = 0; i < valueCount; i++) {
      try {
        Files.deleteIfExists(entry.cleanFile(i));
      } catch (IOException e) {
        // Orphaned: the next open deletes it, as no entry owns it.
      }
      size -= entry.lengths[i];
      entry.lengths[i] = 0;
    }
    redundantOpCount++;
    // Flushed, so an invalidation outlives a crash even if a file could not be deleted.
    writeJournal("REMOVE " + entry.key, true);
    lruEntries.remove(entry.key);
  }

  /** Removes every entry; entries being edited go when their edits complete. */
  public synchronized void evictAll() throws IOException {
    initialize();
    checkNotClosed();
    for (Entry entry : new ArrayList<>(lruEntries.values())) removeEntry(entry);
    flushJournal();
  }

  /** Returns the keys of readable entries, least recently used first. */
  public synchronized List<String> keys() throws IOException {
    initialize();
    checkNotClosed();
    List<String> result = new ArrayList<>(lruEntries.size());
    for (Entry entry : lruEntries.values()) {
      if (entry.readable) result.add(entry.key);
    }
    return result;
  }

  /** Returns the bytes held by committed entries. */
  public synchronized long size() throws IOException {
    initialize();
    return size;
  }

  /** Returns true once closed. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Evicts down to the limit and writes buffered journal records. */
  @Override
  public synchronized void flush() throws IOException {
    if (!initialized || closed) return;
    trimToSize();
    flushJournal();
  }

  private void flushJournal() throws IOException {
    if (journalWriter != null && !journalErrors) journalWriter.flush();
  }

  /** Aborts edits in progress and closes the journal. The cache can't be used afterwards. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) return;
    if (initialized) {
      for (Entry entry : new ArrayList<>(lruEntries.values())) {
        if (entry.currentEditor != null) completeEdit(entry.currentEditor, false);
      }
      trimToSize();
      if (journalWriter != null) {
        try {
          if (!journalErrors) journalWriter.flush();
        } finally {
          closeQuietly(journalWriter);
          journalWriter = null;
        }
      }
    }
    closed = true;
  }

  /**
   * Closes the cache and deletes its files, then the directory if nothing else is in it.
   */
  public void delete() throws IOException {
    close();
    if (!Files.isDirectory(directory)) return;
    deleteEntryFiles();
    try (DirectoryStream<Path> rest = Files.newDirectoryStream(directory)) {
      if (rest.iterator().hasNext()) return;
    }
    Files.deleteIfExists(directory);
  }

  private void checkNotClosed() {
    if (closed) throw new IllegalStateException("cache is closed");
  }

  private static void validateKey(String key) {
    if (!LEGAL_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("keys must match [a-z0-9_-]{1,120}: \"" + key + "\"");
    }
  }

  static boolean isLegalKey(String key) {
    return LEGAL_KEY.matcher(key).matches();
  }

  static int maxJournalLine() {
    return MAX_JOURNAL_LINE;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Closing is best effort; the data was flushed or is recovered on the next open.
    }
  }

  /** One key's files and state. */
  private final class Entry {
    final String key;
    final long[] lengths = new long[valueCount];
    boolean readable;
    boolean removeOnCompletion;
    Editor currentEditor;
    long sequenceNumber;

    Entry(String key) {
      this.key = key;
    }

    Path cleanFile(int index) {
      return directory.resolve(key + "." + index);
    }

    Path dirtyFile(int index) {
      return directory.resolve(key + "." + index + ".tmp");
    }

    /**
     * Opens every file of version {@code sequenceNumber}, whose lengths are {@code lengths};
     * returns null if one is missing, not a regular file, or not its committed length.
     */
    Snapshot snapshot(long sequenceNumber, long[] lengths) {
      FileChannel[] channels = new FileChannel[valueCount];
      try {
        for (int i = 0; i < valueCount; i++) {
          channels[i] = CacheFiles.openForReading(cleanFile(i));
          if (channels[i].size() != lengths[i]) throw new IOException("length changed");
        }
        return new Snapshot(key, sequenceNumber, channels, lengths);
      } catch (IOException e) {
        for (FileChannel channel : channels) {
          if (channel != null) closeQuietly(channel);
        }
        return null;
      }
    }
  }

  /** The files of one entry as they were when it was read; close it when done. */
  public final class Snapshot implements Closeable {
    private final String key;
    private final long sequenceNumber;
    private final FileChannel[] channels;
    private final long[] lengths;

    Snapshot(String key, long sequenceNumber, FileChannel[] channels, long[] lengths) {
      this.key = key;
      this.sequenceNumber = sequenceNumber;
      this.channels = channels;
      this.lengths = lengths;
    }

    /** Returns the entry's key. */
    public String key() {
      return key;
    }

    /** Returns the version of the entry this snapshot shows. */
    public long sequenceNumber() {
      return sequenceNumber;
    }

    /** Returns the open file of value {@code index}; read it with positional reads. */
    public FileChannel channel(int index) {
      return channels[index];
    }

    /** Returns the committed length of value {@code index}. */
    public long length(int index) {
      return lengths[index];
    }

    /** Returns an editor for this version of the entry, or null if it changed since. */
    public Editor edit() throws IOException {
      return DiskLruCache.this.edit(key, sequenceNumber);
    }

    @Override
    public void close() {
      for (FileChannel channel : channels) closeQuietly(channel);
    }
  }

  /**
   * Writes new values of one entry. Values not written keep their committed contents; a new
   * entry must write them all. Call exactly one of {@link #commit()} or {@link #abort()}.
   */
  public final class Editor {
    private final Entry entry;
    private final boolean[] written;
    private boolean done;

    Editor(Entry entry) {
      this.entry = entry;
      this.written = new boolean[valueCount];
    }

    /** Returns a sink that replaces value {@code index}; it must be closed before committing. */
    public Sink newSink(int index) throws IOException {
      synchronized (DiskLruCache.this) {
        if (done) throw new IllegalStateException("editor is done");
        if (entry.currentEditor != this) return Okio.blackhole();
        written[index] = true;
        return CacheFiles.createNew(entry.dirtyFile(index));
      }
    }

    /**
     * Publishes the written values atomically. If the entry was removed meanwhile, or a new entry
     * lacks a value, the edit is discarded instead.
     *
     * @throws IOException if the files could not be moved into place; the entry is then removed
     */
    public void commit() throws IOException {
      synchronized (DiskLruCache.this) {
        if (done) throw new IllegalStateException("editor is done");
        done = true;
        completeEdit(this, true);
      }
    }

    /** Discards the written values. */
    public void abort() throws IOException {
      synchronized (DiskLruCache.this) {
        if (done) return;
        done = true;
        completeEdit(this, false);
      }
    }
  }
}
