package dev.courier.autoconfigure.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.courier.Cache;

/** {@link CacheStatistics} reads what the engine keeps and says when it keeps nothing. */
class CacheStatisticsTest {

  @Test
  void countsAreEitherAllKnownOrAllUnknown(@TempDir Path directory) {
    Cache cache = new Cache(directory, 1024);
    long[] counts = {CacheStatistics.requestCount(cache), CacheStatistics.networkCount(cache),
        CacheStatistics.hitCount(cache), CacheStatistics.conditionalHitCount(cache)};
    if (CacheStatistics.hasCounts()) {
      assertThat(counts).containsOnly(0L);
    } else {
      assertThat(counts).containsOnly(CacheStatistics.UNKNOWN);
    }
  }

  @Test
  void aWritableDirectoryIsUsableAndAFileIsNot(@TempDir Path directory) throws Exception {
    assertThat(CacheStatistics.isUsable(new Cache(directory, 1024))).isTrue();
    Path file = Files.writeString(directory.resolve("not-a-directory"), "x");
    assertThat(CacheStatistics.isUsable(new Cache(file, 1024))).isFalse();
    assertThat(CacheStatistics.isUsable(new Cache(directory.resolve("missing"), 1024))).isFalse();
  }

  @Test
  void sizeOfAMissingDirectoryIsZero(@TempDir Path directory) {
    assertThat(CacheStatistics.size(new Cache(directory.resolve("missing"), 1024))).isZero();
  }
}
