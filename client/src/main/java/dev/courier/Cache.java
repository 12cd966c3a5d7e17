package dev.courier;

import java.io.Closeable;
import java.io.Flushable;
import java.nio.file.Path;

/**
 * A private HTTP cache (RFC 9111) on disk, holding responses so that repeated requests can be
 * answered without the network or revalidated cheaply.
 *
 * <pre>{@code
 * CourierClient client = new CourierClient.Builder()
 *     .cache(new Cache(Path.of("/var/cache/my-service/http"), 50L * 1024 * 1024))
 *     .build();
 * }</pre>
 *
 * <p>A directory must be used by one cache at a time.
 */
public final class Cache implements Closeable, Flushable {
  private final Path directory;
  private final long maxSize;

  /**
   * Creates a cache in {@code directory} that holds up to {@code maxSize} bytes.
   *
   * @throws IllegalArgumentException if {@code maxSize} is not positive
   */
  public Cache(Path directory, long maxSize) {
    if (directory == null) throw new IllegalArgumentException("directory == null");
    if (maxSize <= 0) throw new IllegalArgumentException("maxSize <= 0: " + maxSize);
    this.directory = directory;
    this.maxSize = maxSize;
  }

  /** Returns the directory holding the cache's files. */
  public Path directory() {
    return directory;
  }

  /** Returns the most bytes the cache holds before evicting entries. */
  public long maxSize() {
    return maxSize;
  }

  /** Writes pending cache operations to disk. */
  @Override
  public void flush() {
  }

  /** Closes the cache; it can't be used afterwards. */
  @Override
  public void close() {
  }
}
