package dev.courier.autoconfigure.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.courier.Cache;

/**
 * Reads a {@link Cache}'s statistics for the meters and the Actuator endpoint; the only class of
 * the starter that does.
 *
 * <p>The engine's statistics accessors ({@code size()}, {@code requestCount()},
 * {@code networkCount()}, {@code hitCount()}, {@code conditionalHitCount()} and
 * {@code evictAll()}) come with its disk cache, which is built separately from this starter. So
 * that the starter works with an engine that has them and with one that does not, they are looked
 * up once, by name, as public methods of {@link Cache}. Where one is missing, counts read as
 * {@link #UNKNOWN}, the size is measured on disk, and {@link #evictAll(Cache)} reports that it
 * could not clear. Thread-safe.
 */
public final class CacheStatistics {
  /** Returned for a count the engine does not keep. */
  public static final long UNKNOWN = -1;

  private static final @Nullable MethodHandle SIZE = find("size", long.class);
  private static final @Nullable MethodHandle REQUEST_COUNT = find("requestCount", int.class);
  private static final @Nullable MethodHandle NETWORK_COUNT = find("networkCount", int.class);
  private static final @Nullable MethodHandle HIT_COUNT = find("hitCount", int.class);
  private static final @Nullable MethodHandle CONDITIONAL_HIT_COUNT =
      find("conditionalHitCount", int.class);
  private static final @Nullable MethodHandle EVICT_ALL = find("evictAll", void.class);

  private CacheStatistics() {
  }

  /** Returns true if the engine counts requests, network uses and hits. */
  public static boolean hasCounts() {
    return REQUEST_COUNT != null && NETWORK_COUNT != null && HIT_COUNT != null
        && CONDITIONAL_HIT_COUNT != null;
  }

  /**
   * Returns the bytes the cache holds: the engine's figure, or the size of the files in its
   * directory when the engine has none (0 if the directory can't be read).
   */
  public static long size(Cache cache) {
    if (SIZE != null) return invokeLong(SIZE, cache);
    try (Stream<Path> files = Files.walk(cache.directory())) {
      return files.filter(Files::isRegularFile).mapToLong(CacheStatistics::fileSize).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0; // Missing or unreadable: it holds nothing this process can use.
    }
  }

  /** Returns the number of calls that consulted the cache, or {@link #UNKNOWN}. */
  public static long requestCount(Cache cache) {
    return REQUEST_COUNT == null ? UNKNOWN : invokeLong(REQUEST_COUNT, cache);
  }

  /** Returns the number of requests the cache sent to the network, or {@link #UNKNOWN}. */
  public static long networkCount(Cache cache) {
    return NETWORK_COUNT == null ? UNKNOWN : invokeLong(NETWORK_COUNT, cache);
  }

  /**
   * Returns the number of responses served with a stored body, conditional hits included, or
   * {@link #UNKNOWN}.
   */
  public static long hitCount(Cache cache) {
    return HIT_COUNT == null ? UNKNOWN : invokeLong(HIT_COUNT, cache);
  }

  /** Returns the number of hits a conditional request's 304 confirmed, or {@link #UNKNOWN}. */
  public static long conditionalHitCount(Cache cache) {
    return CONDITIONAL_HIT_COUNT == null ? UNKNOWN : invokeLong(CONDITIONAL_HIT_COUNT, cache);
  }

  /**
   * Removes every entry. Returns false, having done nothing, if the engine cannot: deleting files
   * under a live cache would corrupt it, so there is no fallback.
   *
   * @throws IOException if the engine failed to delete an entry
   */
  public static boolean evictAll(Cache cache) throws IOException {
    if (EVICT_ALL == null) return false;
    try {
      EVICT_ALL.invoke(cache);
      return true;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("Cache.evictAll() failed", e);
    }
  }

  /**
   * Returns true if the cache's directory is a directory this process can write, where the cache
   * can keep entries.
   */
  public static boolean isUsable(Cache cache) {
    Path directory = cache.directory();
    return Files.isDirectory(directory) && Files.isWritable(directory);
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // Deleted while we walked: it no longer takes space.
    }
  }

  private static long invokeLong(MethodHandle handle, Cache cache) {
    try {
      return ((Number) handle.invoke(cache)).longValue();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("reading cache statistics failed", e);
    }
  }

  private static @Nullable MethodHandle find(String name, Class<?> returnType) {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Cache.class, name, MethodType.methodType(returnType));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // This engine does not have it; callers fall back as documented.
    }
  }
}
