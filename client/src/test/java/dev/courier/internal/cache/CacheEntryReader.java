package dev.courier.internal.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * Opens {@link CacheEntry}'s package-private reader to tests elsewhere (the fuzz tests), which
 * hand it arbitrary metadata through a real file, as the cache does.
 */
public final class CacheEntryReader {
  private CacheEntryReader() {
  }

  /**
   * Writes {@code metadata} to {@code file}, followed by the checksum line a writer would add so
   * that the bytes reach the parser rather than stop at the checksum, and reads it back.
   *
   * @throws IOException if the reader refuses the metadata, as it must for anything malformed
   */
  public static CacheEntry readChecksummed(Path file, byte[] metadata) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(metadata);
    byte[] end = ("end " + Long.toHexString(crc.getValue()) + "\n")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] bytes = new byte[metadata.length + end.length];
    System.arraycopy(metadata, 0, bytes, 0, metadata.length);
    System.arraycopy(end, 0, bytes, metadata.length, end.length);
    Files.write(file, bytes);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return CacheEntry.read(channel, channel.size());
    }
  }
}
