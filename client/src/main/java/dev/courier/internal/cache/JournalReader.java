package dev.courier.internal.cache;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;

import dev.courier.internal.http.WireText;
import okio.BufferedSource;
import okio.Okio;

/**
 * Reads a {@link DiskLruCache} journal and replays its records into the cache. It exists to keep
 * the distrust of what is on disk in one place: a header of another version, an unknown record,
 * an invalid key or length, or an overlong line each make the whole journal corrupt, while a
 * final line without its newline is what a writer killed mid-append leaves, and is skipped.
 */
final class JournalReader {
  private final DiskLruCache cache;

  JournalReader(DiskLruCache cache) {
    this.cache = cache;
  }

  /**
   * Replays {@code journal} into the cache.
   *
   * @return true if the last line was torn and skipped, so the journal must be rewritten before
   *     anything is appended
   * @throws CorruptJournalException if the journal can't be trusted
   */
  boolean read(Path journal) throws IOException {
    int limit = DiskLruCache.maxJournalLine();
    try (BufferedSource source = Okio.buffer(Okio.source(
        Channels.newInputStream(CacheFiles.openForReading(journal))))) {
      expectHeaderLine(source, DiskLruCache.MAGIC, "magic");
      expectHeaderLine(source, DiskLruCache.VERSION, "version");
      expectHeaderLine(source, Integer.toString(cache.appVersion()), "app version");
      expectHeaderLine(source, Integer.toString(cache.valueCount()), "value count");
      expectHeaderLine(source, "", "blank line");
      int lineCount = 0;
      boolean torn = false;
      while (!source.exhausted()) {
        long newline = source.indexOf((byte) '\n', 0, limit + 1L);
        if (newline == -1) {
          // Fewer bytes than a line's limit and no newline: the last append was cut short.
          if (source.request(limit + 1L)) throw new CorruptJournalException("overlong line");
          torn = true;
          break;
        }
        String line = source.readUtf8(newline);
        source.skip(1);
        applyLine(line);
        lineCount++;
      }
      cache.setRedundantOpCount(lineCount);
      return torn;
    }
  }

  private static void expectHeaderLine(BufferedSource source, String expected, String what)
      throws IOException {
    long newline = source.indexOf((byte) '\n', 0, DiskLruCache.maxJournalLine() + 1L);
    if (newline == -1) throw new CorruptJournalException("truncated header at " + what);
    String line = source.readUtf8(newline);
    source.skip(1);
    if (!line.equals(expected)) {
      throw new CorruptJournalException(
          "unexpected " + what + ": \"" + WireText.printable(line) + "\"");
    }
  }

  private void applyLine(String line) throws CorruptJournalException {
    String[] parts = line.split(" ", -1);
    if (parts.length < 2 || !DiskLruCache.isLegalKey(parts[1])) {
      throw new CorruptJournalException(unexpectedLine(line));
    }
    String command = parts[0];
    int valueCount = cache.valueCount();
    long[] lengths = null;
    switch (command) {
      case "CLEAN":
        if (parts.length != 2 + valueCount) {
          throw new CorruptJournalException(unexpectedLine(line));
        }
        lengths = new long[valueCount];
        for (int i = 0; i < valueCount; i++) lengths[i] = parseLength(parts[2 + i], line);
        break;
      case "DIRTY": case "REMOVE": case "READ":
        if (parts.length != 2) {
          throw new CorruptJournalException(unexpectedLine(line));
        }
        break;
      default:
        throw new CorruptJournalException(unexpectedLine(line));
    }
    cache.applyRecord(command, parts[1], lengths);
  }

  /** Parses a plain decimal length: digits only, no sign, at most 18 of them. */
  private static long parseLength(String s, String line) throws CorruptJournalException {
    if (s.isEmpty() || s.length() > 18) {
      throw new CorruptJournalException(unexpectedLine(line));
    }
    long result = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new CorruptJournalException(unexpectedLine(line));
      }
      result = result * 10 + (c - '0');
    }
    return result;
  }

  private static String unexpectedLine(String line) {
    return "unexpected journal line: \"" + WireText.printable(line) + "\"";
  }

  /** The journal can't be trusted; the cache starts over empty. */
  static final class CorruptJournalException extends IOException {
    CorruptJournalException(String message) {
      super(message);
    }
  }
}
