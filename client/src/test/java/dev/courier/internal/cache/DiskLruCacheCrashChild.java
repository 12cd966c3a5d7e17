package dev.courier.internal.cache;

import java.nio.file.Path;

import okio.BufferedSink;
import okio.Okio;

/**
 * Run in a child JVM by {@link DiskLruCacheTest}: commits entry "a", then starts writing entry
 * "b", prints {@value #READY} and waits to be killed in the middle of that write.
 */
public final class DiskLruCacheCrashChild {
  static final String READY = "writing";

  private DiskLruCacheCrashChild() {
  }

  /** Takes the cache directory as its only argument. */
  public static void main(String[] args) throws Exception {
    DiskLruCache cache = new DiskLruCache(Path.of(args[0]), 100, 2, Long.MAX_VALUE);
    DiskLruCacheTest.write(cache, "a", "committed", "value");
    DiskLruCache.Editor editor = cache.edit("b");
    DiskLruCacheTest.writeValue(editor, 0, "metadata");
    BufferedSink body = Okio.buffer(editor.newSink(1));
    body.writeUtf8("the first half of a bo");
    body.flush();
    System.out.println(READY);
    System.out.flush();
    // Blocks until the parent kills this process; the parent never writes to stdin.
    while (System.in.read() != -1) {
      // Keep waiting.
    }
    Thread.currentThread().join();
  }
}
