package dev.courier.internal.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.courier.Headers;
import dev.courier.HttpUrl;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.http.HttpHeaders;
import dev.courier.internal.http.RealResponseBody;
import okio.BufferedSink;
import okio.ByteString;
import okio.Okio;

/**
 * The response cache behind the public {@link dev.courier.Cache}: stores responses in a
 * {@link DiskLruCache} keyed by a hash of the URL, reads them back with suspicion, and counts
 * what happens.
 *
 * <p>It exists to make the cache optional in every sense: if the directory can't be used (it
 * can't be created or written, or vanishes), the cache logs one warning and behaves as if there
 * were none. No failure of the disk ever fails a call; an entry that can't be read back exactly as
 * written is removed and treated as absent. Thread-safe.
 */
public final class RealCache {
  private static final System.Logger LOGGER = System.getLogger("dev.courier.Cache");
  /**
   * The entry format version; entries of other versions are dropped on open. Version 1 kept a
   * URL's password and secret {@code Vary} fields as they were.
   */
  private static final int ENTRY_FORMAT_VERSION = 2;
  static final int METADATA = 0;
  static final int BODY = 1;

  private final DiskLruCache disk;
  private final boolean shared;
  private final FieldDigest digest = new FieldDigest();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Set<String> revalidating = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final AtomicInteger networkCount = new AtomicInteger();
  private final AtomicInteger hitCount = new AtomicInteger();
  private final AtomicInteger conditionalHitCount = new AtomicInteger();
  private final AtomicInteger writeSuccessCount = new AtomicInteger();
  private final AtomicInteger writeAbortCount = new AtomicInteger();
  private volatile boolean ready;
  private boolean unusable; // Guarded by this.

  /**
   * Creates a cache in {@code directory} holding up to {@code maxSize} bytes, shared (RFC 9111
   * §3.5) or private; no I/O yet.
   */
  public RealCache(Path directory, long maxSize, boolean shared) {
    this.disk = new DiskLruCache(directory, ENTRY_FORMAT_VERSION, 2, maxSize);
    this.shared = shared;
  }

  /** Returns true for a shared cache, false for a private one. */
  public boolean isShared() {
    return shared;
  }

  /** Returns the directory. */
  public Path directory() {
    return disk.directory();
  }

  /** Returns the size limit in bytes. */
  public long maxSize() {
    return disk.maxSize();
  }

  /**
   * Opens the cache now rather than on first use.
   *
   * @throws IOException if the directory can't be used; calls then run without a cache
   */
  public void initialize() throws IOException {
    synchronized (this) {
      try {
        disk.initialize();
        ready = true;
      } catch (IOException | RuntimeException e) {
        unusable = true;
        warn("can't be used", e);
        throw e;
      }
    }
  }

  /** Returns the opened store, or null if the cache is unusable or closed. */
  private DiskLruCache disk() {
    if (ready) return disk;
    synchronized (this) {
      if (ready) return disk;
      if (unusable || disk.isClosed()) return null;
      try {
        disk.initialize();
        ready = true;
        return disk;
      } catch (IOException | UncheckedIOException | SecurityException e) {
        unusable = true;
        warn("can't be used", e);
        return null;
      }
    }
  }

  /** Logs the first problem as a warning, later ones quietly: one broken disk, one message. */
  void warn(String problem, Exception e) {
    String message = "HTTP cache in " + directory() + " " + problem
        + "; calls continue without it: " + e;
    LOGGER.log(warned.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG, message);
  }

  /** Returns the key of {@code url}'s entry: a hash of it without user name and password. */
  static String key(HttpUrl url) {
    return ByteString.encodeUtf8(cacheUrl(url).toString()).sha256().hex();
  }

  /**
   * Returns {@code url} as the cache keeps it: without user name and password, which are never
   * sent (so they don't select another response) and must never reach the disk.
   */
  static HttpUrl cacheUrl(HttpUrl url) {
    if (url.encodedUsername().isEmpty() && url.encodedPassword().isEmpty()) return url;
    return url.newBuilder().username("").password("").build();
  }

  /**
   * Returns the stored response for {@code request} with its body open, or null if there is
   * none, the request is not a GET, {@code Vary} selects another response, or the entry fails
   * its checks (it is then removed).
   */
  public Response get(Request request) {
    if (!request.method().equals("GET")) return null;
    DiskLruCache store = disk();
    if (store == null) return null;
    HttpUrl url = cacheUrl(request.url());
    String key = key(url);
    DiskLruCache.Snapshot snapshot;
    try {
      snapshot = store.get(key);
    } catch (IOException | IllegalStateException e) {
      return null; // Closed meanwhile, or unreadable: a miss either way.
    }
    if (snapshot == null) return null;
    boolean success = false;
    try {
      CacheEntry entry = CacheEntry.read(snapshot.channel(METADATA), snapshot.length(METADATA));
      if (!entry.url().equals(url.toString()) || !entry.requestMethod().equals("GET")) {
        throw new IOException("corrupt cache entry: for " + entry.url());
      }
      if (!CacheHeaders.varyMatches(entry.responseHeaders(), entry.varyHeaders(), request,
          digest)) {
        return null;
      }
      if (!CacheResponseBody.verify(snapshot.channel(BODY), snapshot.length(BODY),
          entry.bodyCrc32()) || entry.bodyLength() != snapshot.length(BODY)) {
        throw new IOException("corrupt cache entry: body of " + entry.url());
      }
      Request storedRequest = new Request.Builder().url(url)
          .headers(CacheHeaders.storedRequestHeaders(entry.varyHeaders(), request.headers()))
          .build();
      Response response = entry.response(storedRequest, new CacheResponseBody(snapshot, entry));
      success = true;
      return response;
    } catch (IOException e) {
      // Never serve what can't be trusted, and don't read it again.
      LOGGER.log(Level.DEBUG, "Dropping cache entry " + key + ": " + e);
      remove(key);
      return null;
    } finally {
      if (!success) snapshot.close();
    }
  }

  /**
   * Starts storing {@code response}, the network's answer to {@code request}, and returns it with
   * a body that writes to the cache as it is read; or returns it unchanged if the cache can't
   * take it now.
   */
  public Response put(Request request, Response response) {
    DiskLruCache store = disk();
    if (store == null) return response;
    DiskLruCache.Editor editor;
    try {
      editor = store.edit(key(request.url()));
    } catch (IOException | IllegalStateException e) {
      return response;
    }
    if (editor == null) {
      // Another call is writing this URL, or the journal can't record the write.
      IOException journalError = store.journalError();
      if (journalError != null) warn("can't be written", journalError);
      return response;
    }
    CacheEntry entry = CacheEntry.of(request, response, digest);
    if (!HttpHeaders.promisesBody(response)) {
      try {
        editor.newSink(BODY).close();
      } catch (IOException e) {
        abortWrite(editor, e);
        return response;
      }
      commitWrite(editor, entry.withBody(0, 0));
      return response;
    }
    BufferedSink bodySink;
    try {
      bodySink = Okio.buffer(editor.newSink(BODY));
    } catch (IOException e) {
      abortWrite(editor, e);
      return response;
    }
    CacheWritingSource source = new CacheWritingSource(response.body().source(), this, editor,
        entry, bodySink, maxSize());
    return response.newBuilder()
        .body(new RealResponseBody(response.header("Content-Type"),
            response.body().contentLength(), Okio.buffer(source)))
        .build();
  }

  /**
   * Returns true if {@code response} to {@code request} may be stored (RFC 9111 §3), by the rules
   * of a shared or a private cache as this one is.
   */
  public boolean isStorable(Request request, Response response) {
    return CacheHeaders.isStorable(response, request, shared);
  }

  /**
   * Returns true if {@code response}, a complete non-error answer to a GET, supersedes what is
   * stored for the URL, so that the stored response must go if this one can't be stored. Errors
   * don't: a stored copy is what {@code stale-if-error} needs when the server fails.
   */
  public boolean isReplacedBy(Request request, Response response) {
    int code = response.code();
    return request.method().equals("GET") && code >= 200 && code < 400 && code != 206
        && code != 304;
  }

  /** Returns stored headers updated with a 304's (RFC 9111 §3.2). */
  public static Headers mergeHeaders(Headers stored, Headers network,
      long networkReceivedMillis) {
    return CacheHeaders.merge(stored, network, networkReceivedMillis);
  }

  /** Returns true if both carry the same strong entity tag. */
  public static boolean sameStrongEtag(Headers a, Headers b) {
    return CacheHeaders.sameStrongEtag(a, b);
  }

  /** Writes {@code entry}'s metadata and commits the edit; counts the outcome. */
  void commitWrite(DiskLruCache.Editor editor, CacheEntry entry) {
    try {
      try (BufferedSink metadata = Okio.buffer(editor.newSink(METADATA))) {
        entry.writeTo(metadata);
      }
      editor.commit();
      writeSuccessCount.incrementAndGet();
    } catch (IOException | IllegalStateException e) {
      abortWrite(editor, e);
    }
  }

  /** Discards an edit; {@code cause} is the disk's failure, or null if the body was at fault. */
  void abortWrite(DiskLruCache.Editor editor, Exception cause) {
    writeAbortCount.incrementAndGet();
    try {
      editor.abort();
    } catch (IOException | IllegalStateException e) {
      if (cause == null) cause = e;
    }
    if (cause != null) warn("can't be written", cause);
  }

  /**
   * Replaces the stored headers and timing of {@code cached}, a response this cache returned, by
   * those of {@code updated}, the response a 304 for {@code request} produced. Removes the entry
   * if the new headers forbid storing it; leaves it alone if the request said {@code no-store}.
   */
  public void update(Request request, Response cached, Response updated) {
    if (!(cached.body() instanceof CacheResponseBody)) return;
    CacheResponseBody body = (CacheResponseBody) cached.body();
    if (request.cacheControl().noStore()) return; // Store no part of this exchange.
    if (!CacheHeaders.isStorable(updated, request, shared)) {
      remove(body.snapshot().key());
      return;
    }
    CacheEntry entry = body.entry().withUpdate(request, updated.headers(),
        updated.sentRequestAtMillis(), updated.receivedResponseAtMillis(), digest);
    DiskLruCache.Editor editor;
    try {
      editor = body.snapshot().edit();
    } catch (IOException | IllegalStateException e) {
      return;
    }
    if (editor != null) commitWrite(editor, entry); // Else changed meanwhile; the newer wins.
  }

  /** Removes the entry for {@code url}, if any. */
  public void remove(HttpUrl url) {
    remove(key(url));
  }

  void remove(String key) {
    DiskLruCache store = disk();
    if (store == null) return;
    try {
      store.remove(key);
    } catch (IOException | IllegalStateException e) {
      warn("can't be written", e);
    }
  }

  /** Removes the entries {@code response} to {@code request} invalidates (RFC 9111 §4.4). */
  public void invalidate(Request request, Response response) {
    List<HttpUrl> urls = CacheHeaders.invalidatedUrls(request, response);
    for (HttpUrl url : urls) remove(url);
  }

  /** Returns true if the caller should revalidate {@code url}: no one else is doing it now. */
  public boolean beginRevalidation(HttpUrl url) {
    return revalidating.add(url.toString());
  }

  /** Records that the revalidation of {@code url} ended, however it ended. */
  public void endRevalidation(HttpUrl url) {
    revalidating.remove(url.toString());
  }

  /** Counts a request handled by the cache, and whether it used the network. */
  public void trackRequest(boolean usesNetwork) {
    requestCount.incrementAndGet();
    if (usesNetwork) networkCount.incrementAndGet();
  }

  /** Counts a request sent by a background revalidation. */
  public void trackBackgroundRequest() {
    networkCount.incrementAndGet();
  }

  /** Counts a response served with a stored body; {@code conditional} if a 304 confirmed it. */
  public void trackHit(boolean conditional) {
    hitCount.incrementAndGet();
    if (conditional) conditionalHitCount.incrementAndGet();
  }

  /** Returns the requests handled, background revalidations excluded. */
  public int requestCount() {
    return requestCount.get();
  }

  /** Returns the requests sent to the network, conditional and background ones included. */
  public int networkCount() {
    return networkCount.get();
  }

  /** Returns the responses served with a stored body, with or without validation. */
  public int hitCount() {
    return hitCount.get();
  }

  /** Returns the stored responses a 304 confirmed. */
  public int conditionalHitCount() {
    return conditionalHitCount.get();
  }

  /** Returns the entries written or updated. */
  public int writeSuccessCount() {
    return writeSuccessCount.get();
  }

  /** Returns the entries whose writing was abandoned. */
  public int writeAbortCount() {
    return writeAbortCount.get();
  }

  /** Returns the bytes stored, or 0 if the cache is unusable. */
  public long size() {
    DiskLruCache store = disk();
    if (store == null) return 0;
    try {
      return store.size();
    } catch (IOException | IllegalStateException e) {
      return 0;
    }
  }

  /** Removes every entry. */
  public void evictAll() throws IOException {
    DiskLruCache store = disk();
    if (store != null) store.evictAll();
  }

  /** Closes the cache and deletes its files. */
  public void delete() throws IOException {
    synchronized (this) {
      unusable = true;
      ready = false;
    }
    disk.delete();
  }

  /** Writes pending journal records. */
  public void flush() {
    if (!ready) return;
    try {
      disk.flush();
    } catch (IOException e) {
      warn("can't be written", e);
    }
  }

  /** Closes the cache; later calls run without it. */
  public void close() {
    synchronized (this) {
      unusable = true;
      ready = false;
    }
    try {
      disk.close();
    } catch (IOException e) {
      warn("can't be closed", e);
    }
  }

  /** Returns true once closed. */
  public boolean isClosed() {
    return disk.isClosed();
  }

  /**
   * Returns the URLs stored, least recently used first, as of now; {@link Iterator#remove()}
   * removes the last one returned.
   */
  public Iterator<String> urls() {
    DiskLruCache store = disk();
    List<String> keys;
    try {
      keys = store != null ? store.keys() : List.of();
    } catch (IOException | IllegalStateException e) {
      keys = List.of();
    }
    return new CacheUrlIterator(this, store, keys.iterator());
  }
}
