package dev.courier.internal.cache;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates over the URLs a cache holds by reading each entry's metadata, for
 * {@link dev.courier.Cache#urls()}. It exists because the store knows only hashed keys: the URL
 * is inside the entry, and an entry can be evicted or found damaged between listing the keys and
 * reading it, in which case it is skipped.
 */
final class CacheUrlIterator implements Iterator<String> {
  private final RealCache cache;
  private final DiskLruCache store;
  private final Iterator<String> keys;
  private String nextUrl;
  private String nextKey;
  private String lastKey;

  CacheUrlIterator(RealCache cache, DiskLruCache store, Iterator<String> keys) {
    this.cache = cache;
    this.store = store;
    this.keys = keys;
  }

  @Override
  public boolean hasNext() {
    while (nextUrl == null && keys.hasNext()) {
      String key = keys.next();
      try (DiskLruCache.Snapshot snapshot = store.get(key)) {
        if (snapshot == null) continue;
        nextUrl = CacheEntry.read(snapshot.channel(RealCache.METADATA),
            snapshot.length(RealCache.METADATA)).url();
        nextKey = key;
      } catch (IOException | IllegalStateException e) {
        // Unreadable, or the cache was closed: not a URL we can report.
      }
    }
    return nextUrl != null;
  }

  @Override
  public String next() {
    if (!hasNext()) throw new NoSuchElementException();
    String result = nextUrl;
    lastKey = nextKey;
    nextUrl = null;
    return result;
  }

  /** Removes the entry of the URL {@link #next()} returned last. */
  @Override
  public void remove() {
    if (lastKey == null) throw new IllegalStateException("remove() before next()");
    cache.remove(lastKey);
    lastKey = null;
  }
}
