package dev.courier;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import dev.courier.internal.cache.RealCache;

/**
 * An HTTP cache (RFC 9111) on disk, holding responses so that repeated requests can be answered
 * without the network or revalidated cheaply. It is a private cache, serving one user, unless
 * built as a shared one, serving every caller of a client, as a cache inside a service does.
 *
 * <pre>{@code
 * CourierClient client = new CourierClient.Builder()
 *     .cache(new Cache.Builder(Path.of("/var/cache/my-service/http"), 50L * 1024 * 1024)
 *         .shared(true)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <h2>What is cached</h2>
 *
 * <p>Responses to GET that the server lets a cache store: with explicit freshness
 * ({@code Cache-Control: max-age}, {@code Expires}), with {@code public} or {@code private}, or
 * with a status that allows heuristic freshness (200, 203, 204, 300, 301, 308, 404, 405, 410,
 * 414, 501, or any status marked {@code public}; 10% of the time since {@code Last-Modified}, for
 * URLs without a query). Nothing is stored with {@code no-store} in the request or response
 * (unless the response also says {@code must-understand} and has a status this cache knows),
 * with {@code must-understand} and a status it doesn't know, with {@code Vary: *}, or with status
 * 206 or 407. {@code Set-Cookie} is never stored. A response is stored as the caller reads its
 * body, and only if the body is read to the end. Request methods other than GET, HEAD, OPTIONS
 * and TRACE remove the entries for their URL and for same-origin {@code Location} and
 * {@code Content-Location} when they succeed.
 *
 * <p>A stored response is served while fresh (and beyond, within a request's
 * {@code max-stale}, the response's {@code stale-while-revalidate} while a background request
 * refreshes it, or its {@code stale-if-error} when the network fails or answers 500, 502, 503 or
 * 504); otherwise the cache asks the server with {@code If-None-Match} and
 * {@code If-Modified-Since}, and a 304 refreshes the stored headers (but not the entity tag and
 * digests that identify the stored body). A fresh complete response also answers a request for
 * a single byte range with a 206. Use {@link CacheControl#FORCE_NETWORK} and
 * {@link CacheControl#FORCE_CACHE} on a request to override. The engine's own follow-ups (a retry
 * after 408 or 503, an authenticator's second attempt) always go to the network.
 * {@link Response#cacheResponse()} and {@link Response#networkResponse()} tell how a response
 * was obtained, and the {@link EventListener} hears {@code cacheHit}, {@code cacheMiss},
 * {@code cacheConditionalHit} and {@code satisfactionFailure}.
 *
 * <h2>Shared caches</h2>
 *
 * <p>A shared cache ({@link Builder#shared(boolean)}) follows the rules RFC 9111 sets for caches
 * that serve many users (§3.5, §5.2.2): it never stores a {@code private} response; it stores a
 * response to a request with {@code Authorization} only if the response says {@code public},
 * {@code s-maxage} or {@code must-revalidate}; {@code s-maxage} replaces {@code max-age} and
 * {@code Expires} as the lifetime and, like {@code proxy-revalidate}, forbids serving the
 * response stale. And it stores a response to a request with {@code Cookie} only if the response
 * says {@code public} or {@code s-maxage}: HTTP itself would let a shared cache keep it, but a
 * cookie usually identifies a caller, and servers often forget {@code private} on what they
 * personalise with it, so only the server's explicit word shares it.
 *
 * <h2>Files</h2>
 *
 * <p>The directory is created readable by its owner only (0700 on POSIX file systems; an
 * existing one is made so), and must belong to the user running the process; files are 0600.
 * Files are created anew, never through a link, and an entry is read only from a regular file,
 * so another user who could write the directory could neither redirect a write nor block a
 * lookup. URLs are stored without their user name and password, and the values of secret
 * request fields ({@code Authorization}, {@code Cookie} and the like) that a response varies on
 * only as a keyed digest whose key lives as long as this object: such entries are misses after
 * a restart. On file systems without POSIX permissions the owner is still checked where the file
 * system knows owners, and a message is logged that the permissions are not restricted.
 *
 * <h2>Failures</h2>
 *
 * <p>The cache never fails a call. If its directory can't be created, written or trusted, or
 * vanishes, calls proceed without it and one warning is logged ({@code System.Logger}
 * {@code dev.courier.Cache}). Entries are written atomically and checksummed: after a crash or
 * with damaged files, the cache drops what it can't trust and never serves a partial body.
 *
 * <p>A directory must be used by one cache at a time. Thread-safe.
 */
public final class Cache implements Closeable, Flushable {
  final RealCache delegate;

  /**
   * Creates a private cache in {@code directory} that holds up to {@code maxSize} bytes. The
   * directory is created and read on first use, or by {@link #initialize()}.
   *
   * @throws IllegalArgumentException if {@code directory} is null or {@code maxSize} is not
   *     positive
   */
  public Cache(Path directory, long maxSize) {
    this(new Builder(directory, maxSize));
  }

  private Cache(Builder builder) {
    this.delegate = new RealCache(builder.directory, builder.maxSize, builder.shared);
  }

  /**
   * Returns true if this is a shared cache (RFC 9111 §3.5), which serves every caller of the
   * client; false for a private cache, which serves one user.
   */
  public boolean isShared() {
    return delegate.isShared();
  }

  /**
   * Opens the cache now, reading what an earlier process stored, instead of on the first call.
   *
   * @throws IOException if the directory can't be created, read or written, or belongs to
   *     another user; calls then run without the cache
   */
  public void initialize() throws IOException {
    delegate.initialize();
  }

  /** Returns the directory holding the cache's files. */
  public Path directory() {
    return delegate.directory();
  }

  /** Returns the most bytes the cache holds before evicting the least recently used entries. */
  public long maxSize() {
    return delegate.maxSize();
  }

  /** Returns the bytes the stored entries take, or 0 if the directory can't be used. */
  public long size() {
    return delegate.size();
  }

  /** Returns the number of calls that consulted the cache (background revalidations excluded). */
  public int requestCount() {
    return delegate.requestCount();
  }

  /**
   * Returns the number of requests the cache sent to the network, including conditional
   * requests and background revalidations.
   */
  public int networkCount() {
    return delegate.networkCount();
  }

  /**
   * Returns the number of responses served with a stored body: straight from the cache, confirmed
   * by a 304, or served stale because the network failed.
   */
  public int hitCount() {
    return delegate.hitCount();
  }

  /** Returns the number of hits that a conditional request's 304 confirmed. */
  public int conditionalHitCount() {
    return delegate.conditionalHitCount();
  }

  /** Returns the number of entries written or updated. */
  public int writeSuccessCount() {
    return delegate.writeSuccessCount();
  }

  /**
   * Returns the number of entries whose writing was abandoned: the body failed or wasn't read
   * to the end, was too large, or the disk refused it.
   */
  public int writeAbortCount() {
    return delegate.writeAbortCount();
  }

  /**
   * Returns the URLs stored now, least recently used first. {@link Iterator#remove()} removes the
   * entry of the URL last returned. Entries added later may not be returned; entries removed
   * later are skipped.
   */
  public Iterator<String> urls() {
    return delegate.urls();
  }

  /** Removes the entry for {@code url}, if any. */
  public void remove(HttpUrl url) {
    if (url == null) throw new IllegalArgumentException("url == null");
    delegate.remove(url);
  }

  /**
   * Removes every entry. Entries being written now are discarded when their body ends.
   *
   * @throws IOException if the directory can't be written
   */
  public void evictAll() throws IOException {
    delegate.evictAll();
  }

  /**
   * Closes the cache and deletes its files, and its directory if nothing else is left in it.
   * Later calls run without a cache.
   *
   * @throws IOException if a file can't be deleted
   */
  public void delete() throws IOException {
    delegate.delete();
  }

  /** Writes pending bookkeeping to disk; failures are logged, as for every cache write. */
  @Override
  public void flush() {
    delegate.flush();
  }

  /**
   * Closes the cache: entries being written are discarded, and later calls run without a cache.
   * {@link CourierClient#close()} calls this.
   */
  @Override
  public void close() {
    delegate.close();
  }

  /** Returns true once {@link #close()} or {@link #delete()} was called. */
  public boolean isClosed() {
    return delegate.isClosed();
  }

  /** Returns the directory, size limit and mode. */
  @Override
  public String toString() {
    return "Cache{directory=" + directory() + ", maxSize=" + maxSize()
        + (isShared() ? ", shared" : ", private") + "}";
  }

  /**
   * Builds a cache, private unless {@link #shared(boolean)} says otherwise:
   *
   * <pre>{@code
   * Cache cache = new Cache.Builder(Path.of("/var/cache/my-service/http"), 50L * 1024 * 1024)
   *     .shared(true)
   *     .build();
   * }</pre>
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final Path directory;
    private final long maxSize;
    private boolean shared;

    /**
     * Starts a cache in {@code directory} that holds up to {@code maxSize} bytes.
     *
     * @throws IllegalArgumentException if {@code directory} is null or {@code maxSize} is not
     *     positive
     */
    public Builder(Path directory, long maxSize) {
      if (directory == null) throw new IllegalArgumentException("directory == null");
      if (maxSize <= 0) throw new IllegalArgumentException("maxSize <= 0: " + maxSize);
      this.directory = directory;
      this.maxSize = maxSize;
    }

    /**
     * Makes the cache shared (true) or private (false, the default). A shared cache serves
     * every caller of a client, as a cache inside a service does; see "Shared caches" in
     * {@link Cache}.
     */
    public Builder shared(boolean shared) {
      this.shared = shared;
      return this;
    }

    /** Returns the cache. Its directory is created and read on first use. */
    public Cache build() {
      return new Cache(this);
    }
  }
}
